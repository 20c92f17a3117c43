// The inverse of view.ts: input peers a client sends, checked against the viewer's access hashes and turned
// into world references. Errors are Telegram's: PEER_ID_INVALID, USER_ID_INVALID, CHANNEL_INVALID,
// CHAT_ID_INVALID.
import type { TlTypes } from '../../../schema/codec/generated/types'
import { RpcError } from '../rpc/rpc-error'
import type { AccessHashes } from './access-hash'
import type { AccountStore } from './accounts'
import type { ChatStore } from './chats'
import type { MessageStore } from './messages'
import { channelPeer, chatPeer, userPeer, type PeerRef } from './peers'

export interface InputPeerDeps {
  readonly accounts: AccountStore
  readonly chats: ChatStore
  readonly messages: MessageStore
  readonly accessHashes: AccessHashes
}

export class InputPeers {
  constructor(
    private readonly world: InputPeerDeps,
    readonly viewerId: bigint,
  ) {}

  /** inputPeer* → a peer; PEER_ID_INVALID when it does not exist or the access hash is not the viewer's. */
  peer(input: TlTypes['InputPeer']): PeerRef {
    const peer = this.tryPeer(input)
    if (!peer) throw RpcError.badRequest('PEER_ID_INVALID')
    return peer
  }

  /** inputUser* → a user id; USER_ID_INVALID otherwise. */
  user(input: TlTypes['InputUser']): bigint {
    switch (input._) {
      case 'inputUserSelf':
        return this.viewerId
      case 'inputUser':
        if (this.knownUser(input.user_id, input.access_hash)) return input.user_id
        break
      case 'inputUserFromMessage':
        if (this.fromMessage(input.peer, input.msg_id, userPeer(input.user_id))) return input.user_id
        break
      case 'inputUserEmpty':
        break
    }
    throw RpcError.badRequest('USER_ID_INVALID')
  }

  /** inputChannel* → a channel id; CHANNEL_INVALID otherwise. */
  channel(input: TlTypes['InputChannel']): bigint {
    switch (input._) {
      case 'inputChannel':
        if (this.world.chats.channel(input.channel_id) && this.world.accessHashes.check(this.viewerId, channelPeer(input.channel_id), input.access_hash)) {
          return input.channel_id
        }
        break
      case 'inputChannelFromMessage':
        if (this.fromMessage(input.peer, input.msg_id, channelPeer(input.channel_id))) return input.channel_id
        break
      case 'inputChannelEmpty':
        break
    }
    throw RpcError.badRequest('CHANNEL_INVALID')
  }

  /** A basic group id as messages.getFullChat & co. take it; CHAT_ID_INVALID when unknown. */
  chat(chatId: bigint): bigint {
    if (!this.world.chats.group(chatId)) throw RpcError.badRequest('CHAT_ID_INVALID')
    return chatId
  }

  tryPeer(input: TlTypes['InputPeer']): PeerRef | undefined {
    switch (input._) {
      case 'inputPeerSelf':
        return userPeer(this.viewerId)
      case 'inputPeerUser':
        return this.knownUser(input.user_id, input.access_hash) ? userPeer(input.user_id) : undefined
      case 'inputPeerChat':
        return this.world.chats.group(input.chat_id) ? chatPeer(input.chat_id) : undefined
      case 'inputPeerChannel':
        return this.world.chats.channel(input.channel_id) &&
          this.world.accessHashes.check(this.viewerId, channelPeer(input.channel_id), input.access_hash)
          ? channelPeer(input.channel_id)
          : undefined
      case 'inputPeerUserFromMessage':
        return this.fromMessage(input.peer, input.msg_id, userPeer(input.user_id)) ? userPeer(input.user_id) : undefined
      case 'inputPeerChannelFromMessage':
        return this.fromMessage(input.peer, input.msg_id, channelPeer(input.channel_id)) ? channelPeer(input.channel_id) : undefined
      case 'inputPeerEmpty':
        return undefined
    }
  }

  private knownUser(userId: bigint, accessHash: bigint): boolean {
    if (!this.world.accounts.get(userId)) return false
    return userId === this.viewerId || this.world.accessHashes.check(this.viewerId, userPeer(userId), accessHash)
  }

  /** A min peer is valid when the viewer can see the message it was met in, and the message refers to it. */
  private fromMessage(input: TlTypes['InputPeer'], msgId: number, wanted: PeerRef): boolean {
    const where = this.tryPeer(input)
    const message = where && this.world.messages.get(this.viewerId, where, msgId)
    if (!message) return false
    return this.world.messages.peersOf(message).some((peer) => peer.kind === wanted.kind && peer.id === wanted.id)
  }
}
