// Peers of the world. Users, basic groups and channels each have their own id space, as on Telegram: user 5,
// chat 5 and channel 5 are three different peers. A user's id is the same for every viewer; only the access hash
// differs (see access-hash.ts).
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'

export type PeerKind = 'user' | 'chat' | 'channel'

export interface PeerRef {
  readonly kind: PeerKind
  readonly id: bigint
}

export const userPeer = (id: bigint): PeerRef => ({ kind: 'user', id })
export const chatPeer = (id: bigint): PeerRef => ({ kind: 'chat', id })
export const channelPeer = (id: bigint): PeerRef => ({ kind: 'channel', id })

/** A string key for maps: `user:5`, `chat:5`, `channel:5`. */
export type PeerKey = `${PeerKind}:${bigint}`

export function peerKey(peer: PeerRef): PeerKey {
  return `${peer.kind}:${peer.id}`
}

export function peerFromKey(key: PeerKey): PeerRef {
  const colon = key.indexOf(':')
  return { kind: key.slice(0, colon) as PeerKind, id: BigInt(key.slice(colon + 1)) }
}

export function samePeer(a: PeerRef | undefined, b: PeerRef | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.id === b.id
}

/** The TL Peer for a reference (peerUser / peerChat / peerChannel); the same for every viewer. */
export function toTlPeer(peer: PeerRef): TlTypes['Peer'] {
  switch (peer.kind) {
    case 'user':
      return { _: 'peerUser', user_id: peer.id } satisfies TlConstructors['peerUser']
    case 'chat':
      return { _: 'peerChat', chat_id: peer.id } satisfies TlConstructors['peerChat']
    case 'channel':
      return { _: 'peerChannel', channel_id: peer.id } satisfies TlConstructors['peerChannel']
  }
}

export function fromTlPeer(peer: TlTypes['Peer']): PeerRef {
  switch (peer._) {
    case 'peerUser':
      return userPeer(peer.user_id)
    case 'peerChat':
      return chatPeer(peer.chat_id)
    case 'peerChannel':
      return channelPeer(peer.channel_id)
  }
}
