/**
 * Marked ids, as Telethon and the Bot API write them: one number that names a peer and its type.
 * Users keep their id, basic chats are negated, channels become -(10^12 + id).
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { PeerType } from '../sessions/session'
import { InvalidPeerError } from './errors'

const CHANNEL_OFFSET = 1_000_000_000_000n

/** Anything that names exactly one peer without a lookup. */
export type PeerSource =
  | TlTypes['Peer']
  | TlTypes['InputPeer']
  | TlTypes['InputUser']
  | TlTypes['InputChannel']
  | TlTypes['User']
  | TlTypes['Chat']
  | TlConstructors['userFull']
  | TlConstructors['chatFull']
  | TlConstructors['channelFull']

export function markPeerId(type: PeerType, id: bigint): bigint {
  if (id <= 0n) throw new InvalidPeerError(`a ${type} id must be positive, got ${id}`)
  switch (type) {
    case 'user':
      return id
    case 'chat':
      if (id >= CHANNEL_OFFSET) throw new InvalidPeerError(`chat id ${id} is out of range`)
      return -id
    case 'channel':
      return -(CHANNEL_OFFSET + id)
  }
}

/** The bare id and peer type of a marked id. */
export function resolveId(marked: bigint | number | string): { id: bigint; type: PeerType } {
  const value = toBigInt(marked)
  if (value > 0n) return { id: value, type: 'user' }
  if (value < -CHANNEL_OFFSET) return { id: -value - CHANNEL_OFFSET, type: 'channel' }
  if (value < 0n && value > -CHANNEL_OFFSET) return { id: -value, type: 'chat' }
  throw new InvalidPeerError(`${marked} is not a marked peer id`)
}

/** The marked id of a peer, input peer, user, chat or channel (or a marked id, checked and normalized). */
export function getPeerId(peer: PeerSource | bigint | number | string): bigint {
  if (typeof peer !== 'object') {
    resolveId(peer)
    return toBigInt(peer)
  }
  const bare = bareId(peer)
  return markPeerId(bare.type, bare.id)
}

function bareId(peer: PeerSource): { id: bigint; type: PeerType } {
  switch (peer._) {
    case 'peerUser':
    case 'inputPeerUser':
    case 'inputUser':
    case 'inputPeerUserFromMessage':
    case 'inputUserFromMessage':
      return { id: peer.user_id, type: 'user' }
    case 'peerChat':
    case 'inputPeerChat':
      return { id: peer.chat_id, type: 'chat' }
    case 'peerChannel':
    case 'inputPeerChannel':
    case 'inputChannel':
    case 'inputPeerChannelFromMessage':
    case 'inputChannelFromMessage':
      return { id: peer.channel_id, type: 'channel' }
    case 'user':
    case 'userEmpty':
      return { id: peer.id, type: 'user' }
    case 'userFull':
      return { id: peer.id, type: 'user' }
    case 'chat':
    case 'chatEmpty':
    case 'chatForbidden':
    case 'chatFull':
      return { id: peer.id, type: 'chat' }
    case 'channel':
    case 'channelForbidden':
    case 'channelFull':
      return { id: peer.id, type: 'channel' }
    case 'inputPeerSelf':
    case 'inputUserSelf':
      throw new InvalidPeerError(`${peer._} has no id of its own; ask the client for the signed-in user's id`)
    default:
      throw new InvalidPeerError(`${peer._} does not name a peer`)
  }
}

function toBigInt(value: bigint | number | string): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new InvalidPeerError(`${value} is not an exact integer id`)
    return BigInt(value)
  }
  if (!/^-?\d{1,20}$/.test(value.trim())) throw new InvalidPeerError(`"${value}" is not a numeric id`)
  return BigInt(value.trim())
}
