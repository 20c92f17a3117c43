/**
 * Conversions between the forms of a peer: full objects (User/Chat/Channel), Peer (type and id), and
 * the Input* forms requests take, which for users and channels need the account's access hash.
 * A conversion that would need a lookup throws InvalidPeerError; the entity cache does lookups.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { EntityRecord } from '../sessions/session'
import { InvalidPeerError } from './errors'
import { resolveId, type PeerSource } from './peer-id'

type InputPeer = TlTypes['InputPeer']
type InputUser = TlTypes['InputUser']
type InputChannel = TlTypes['InputChannel']
type Peer = TlTypes['Peer']

export function getPeer(source: PeerSource | bigint | number | string): Peer {
  if (typeof source !== 'object') {
    const { id, type } = resolveId(source)
    if (type === 'user') return { _: 'peerUser', user_id: id }
    if (type === 'chat') return { _: 'peerChat', chat_id: id }
    return { _: 'peerChannel', channel_id: id }
  }
  switch (source._) {
    case 'peerUser':
    case 'peerChat':
    case 'peerChannel':
      return source
    case 'user':
    case 'userEmpty':
    case 'userFull':
      return { _: 'peerUser', user_id: source.id }
    case 'chat':
    case 'chatEmpty':
    case 'chatForbidden':
    case 'chatFull':
      return { _: 'peerChat', chat_id: source.id }
    case 'channel':
    case 'channelForbidden':
    case 'channelFull':
      return { _: 'peerChannel', channel_id: source.id }
    case 'inputPeerUser':
    case 'inputUser':
    case 'inputPeerUserFromMessage':
    case 'inputUserFromMessage':
      return { _: 'peerUser', user_id: source.user_id }
    case 'inputPeerChat':
      return { _: 'peerChat', chat_id: source.chat_id }
    case 'inputPeerChannel':
    case 'inputChannel':
    case 'inputPeerChannelFromMessage':
    case 'inputChannelFromMessage':
      return { _: 'peerChannel', channel_id: source.channel_id }
    default:
      throw new InvalidPeerError(`${source._} cannot be turned into a Peer without knowing who "self" is`)
  }
}

export interface InputPeerOptions {
  /** The signed-in user becomes inputPeerSelf (default true). */
  allowSelf?: boolean
}

export function getInputPeer(source: PeerSource, options: InputPeerOptions = {}): InputPeer {
  const allowSelf = options.allowSelf ?? true
  switch (source._) {
    case 'inputPeerEmpty':
    case 'inputPeerSelf':
    case 'inputPeerChat':
    case 'inputPeerUser':
    case 'inputPeerChannel':
    case 'inputPeerUserFromMessage':
    case 'inputPeerChannelFromMessage':
      return source
    case 'user':
      if (source.self && allowSelf) return { _: 'inputPeerSelf' }
      return { _: 'inputPeerUser', user_id: source.id, access_hash: fullAccessHash(source) }
    case 'userEmpty':
      return { _: 'inputPeerEmpty' }
    case 'chat':
    case 'chatEmpty':
    case 'chatForbidden':
    case 'chatFull':
      return { _: 'inputPeerChat', chat_id: source.id }
    case 'channel':
      return { _: 'inputPeerChannel', channel_id: source.id, access_hash: fullAccessHash(source) }
    case 'channelForbidden':
      // Never min: its access hash is mandatory and usable.
      return { _: 'inputPeerChannel', channel_id: source.id, access_hash: source.access_hash }
    case 'inputUser':
      return { _: 'inputPeerUser', user_id: source.user_id, access_hash: source.access_hash }
    case 'inputUserSelf':
      return { _: 'inputPeerSelf' }
    case 'inputUserFromMessage':
      return { _: 'inputPeerUserFromMessage', peer: source.peer, msg_id: source.msg_id, user_id: source.user_id }
    case 'inputUserEmpty':
    case 'inputChannelEmpty':
      return { _: 'inputPeerEmpty' }
    case 'inputChannel':
      return { _: 'inputPeerChannel', channel_id: source.channel_id, access_hash: source.access_hash }
    case 'inputChannelFromMessage':
      return { _: 'inputPeerChannelFromMessage', peer: source.peer, msg_id: source.msg_id, channel_id: source.channel_id }
    case 'peerChat':
      return { _: 'inputPeerChat', chat_id: source.chat_id }
    default:
      throw new InvalidPeerError(`${source._} carries no access hash; look it up in the entity cache instead`)
  }
}

export function getInputUser(source: PeerSource): InputUser {
  switch (source._) {
    case 'inputUserEmpty':
    case 'inputUserSelf':
    case 'inputUser':
    case 'inputUserFromMessage':
      return source
    case 'user':
      if (source.self) return { _: 'inputUserSelf' }
      return { _: 'inputUser', user_id: source.id, access_hash: fullAccessHash(source) }
    case 'userEmpty':
      return { _: 'inputUserEmpty' }
    case 'inputPeerSelf':
      return { _: 'inputUserSelf' }
    case 'inputPeerUser':
      return { _: 'inputUser', user_id: source.user_id, access_hash: source.access_hash }
    case 'inputPeerUserFromMessage':
      return { _: 'inputUserFromMessage', peer: source.peer, msg_id: source.msg_id, user_id: source.user_id }
    default:
      throw new InvalidPeerError(`${source._} is not a user, or carries no access hash`)
  }
}

export function getInputChannel(source: PeerSource): InputChannel {
  switch (source._) {
    case 'inputChannelEmpty':
    case 'inputChannel':
    case 'inputChannelFromMessage':
      return source
    case 'channel':
      return { _: 'inputChannel', channel_id: source.id, access_hash: fullAccessHash(source) }
    case 'channelForbidden':
      return { _: 'inputChannel', channel_id: source.id, access_hash: source.access_hash }
    case 'inputPeerChannel':
      return { _: 'inputChannel', channel_id: source.channel_id, access_hash: source.access_hash }
    case 'inputPeerChannelFromMessage':
      return { _: 'inputChannelFromMessage', peer: source.peer, msg_id: source.msg_id, channel_id: source.channel_id }
    default:
      throw new InvalidPeerError(`${source._} is not a channel, or carries no access hash`)
  }
}

/** The input peer a cached record stands for; throws when only a min access hash is known. */
export function inputPeerFromRecord(record: EntityRecord, options: InputPeerOptions = {}): InputPeer {
  const { id, type } = resolveId(record.id)
  if (type === 'chat') return { _: 'inputPeerChat', chat_id: id }
  if (record.self && (options.allowSelf ?? true)) return { _: 'inputPeerSelf' }
  if (record.accessHash === undefined || record.min) {
    throw new InvalidPeerError(`${type} ${id} is only known from a min constructor, without a usable access hash`)
  }
  return type === 'user'
    ? { _: 'inputPeerUser', user_id: id, access_hash: record.accessHash }
    : { _: 'inputPeerChannel', channel_id: id, access_hash: record.accessHash }
}

function fullAccessHash(entity: { _: string; id: bigint; min?: boolean; access_hash?: bigint }): bigint {
  if (entity.access_hash === undefined || entity.min) {
    throw new InvalidPeerError(`${entity._} ${entity.id} has no usable access hash (${entity.min ? 'min constructor' : 'none sent'})`)
  }
  return entity.access_hash
}
