// The update-state machine and its parts; the friendly surface is client/updates.ts and events/.
export { UpdateEngine, type UpdateEngineDeps, type UpdateEngineOptions, type UpdateEntities, type UpdateGap } from './update-engine'
export { toBatch, expandShortMessage, type Update, type UpdateBatch } from './update-batch'
export { sequenceSlot, channelIdOf, type SequenceSlot } from './update-kinds'
export { checkSequence, type SequenceVerdict } from './sequence'
export { OrderedLanes } from './ordered-lanes'
export { RecentKeys } from './recent-keys'
