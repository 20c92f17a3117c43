// Entities: marked ids, conversions between peer forms, peer references users write, and the cache of
// every user, chat and channel seen, with its access hash.
export { getPeerId, markPeerId, resolveId, type PeerSource } from './peer-id'
export { getPeer, getInputPeer, getInputUser, getInputChannel, inputPeerFromRecord, type InputPeerOptions } from './input-peers'
export { getDisplayName } from './display-name'
export { parsePeerReference, normalizePhone, normalizeUsername, type PeerReference } from './peer-reference'
export { recordFromEntity, mergeRecords, type CachedEntity } from './entity-record'
export { EntityCache, type EntityCacheOptions, type PeerLike } from './entity-cache'
export { EntityNotFoundError, InvalidPeerError } from './errors'
