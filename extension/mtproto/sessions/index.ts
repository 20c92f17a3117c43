// Session storage: what a client keeps between runs, and the formats it is imported from and exported to.
export type { AuthKeyState, DcInfo, EntityRecord, PeerType, Session, UpdateState } from './session'
export { MemorySession } from './memory-session'
export { StoredSession, type StoredSessionOptions } from './stored-session'
export { MemoryKeyValueStore, type KeyValueStore } from './key-value-store'
export { sessionKeyStore } from './key-store'
export {
  exportStringSession,
  importStringSession,
  sessionFromString,
  sessionToString,
  type StringSessionData,
  type StringSessionFormat,
} from './string-session'
export { CorruptSessionError, StringSessionError, type StringSessionPart } from './errors'
