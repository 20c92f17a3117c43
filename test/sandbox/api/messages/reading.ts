// Read states, typing and pins: messages.readHistory, messages.setTyping and messages.updatePinnedMessage.
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { userPeer, type PublishedUpdate } from '../../world'
import { callerOf, requireReadable, updatesFor } from './caller'
import { methodError } from './known-errors'
import { isModerator, requireWritable } from './permissions'
import { affected } from './sending'

function readHistory(request: TlMethods['messages.readHistory'], context: CallContext): TlConstructors['messages.affectedMessages'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  // Channels have their own method, with the channel's pts.
  if (peer.kind === 'channel') throw RpcError.badRequest('PEER_ID_INVALID')
  requireReadable(caller, peer)
  const result = context.world.messages.readHistory({ accountId: caller.accountId, peer, maxId: request.max_id, origin: caller.origin })
  return affected(caller, result.updates)
}

/**
 * Typing is not stored and takes no pts: the other party of a private chat gets updateUserTyping, the other
 * members of a group updateChatUserTyping, of a supergroup updateChannelUserTyping.
 */
function setTyping(request: TlMethods['messages.setTyping'], context: CallContext): boolean {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireWritable(caller, peer, request._)
  const { world } = context
  const from = caller.view.peer(userPeer(caller.accountId))
  const publish = (accountId: bigint, update: TlTypes['Update']) => world.updates.publishForAccount(accountId, update, { peers: [userPeer(caller.accountId), peer] })
  if (peer.kind === 'user') {
    if (peer.id !== caller.accountId) publish(peer.id, { _: 'updateUserTyping', user_id: caller.accountId, top_msg_id: request.top_msg_id, action: request.action })
    return true
  }
  const members = peer.kind === 'chat' ? world.chats.groupMemberIds(peer.id) : world.chats.channelMemberIds(peer.id)
  for (const memberId of members) {
    if (memberId === caller.accountId) continue
    publish(
      memberId,
      peer.kind === 'chat'
        ? { _: 'updateChatUserTyping', chat_id: peer.id, from_id: from, action: request.action }
        : { _: 'updateChannelUserTyping', channel_id: peer.id, top_msg_id: request.top_msg_id, from_id: from, action: request.action },
    )
  }
  return true
}

/**
 * Pins or unpins a message for everyone in the chat (or, with pm_oneside, only for the caller). Each box owner
 * gets updatePinnedMessages with its own id of the message; a channel publishes updatePinnedChannelMessages. A
 * pin also posts the "pinned a message" service message, unless it is one-sided.
 */
function updatePinnedMessage(request: TlMethods['messages.updatePinnedMessage'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  const { world } = context
  const target = world.messages.get(caller.accountId, peer, request.id)
  if (!target || target.action) throw RpcError.badRequest('MESSAGE_ID_INVALID')
  if (peer.kind !== 'user' && !isModerator(caller, peer)) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const pinned = request.unpin !== true
  if (target.pinned === pinned) throw RpcError.badRequest('CHAT_NOT_MODIFIED')
  const published: PublishedUpdate[] = []
  if (peer.kind === 'channel') {
    target.pinned = pinned
    published.push(
      world.updates.publishForChannel(
        peer.id,
        { _: 'updatePinnedChannelMessages', pinned: pinned || undefined, channel_id: peer.id, messages: [target.id], pts: 0, pts_count: 0 },
        { ptsCount: 1, peers: [peer], origin: caller.origin },
      ),
    )
  } else {
    const copies = request.pm_oneside ? [[caller.accountId, target.id] as const] : (world.messages.state.links.get(target.linkId) ?? [])
    for (const [ownerId, id] of copies) {
      const copy = world.messages.inAccountBox(ownerId, id)
      if (!copy) continue
      copy.pinned = pinned
      published.push(
        world.updates.publishForAccount(
          ownerId,
          { _: 'updatePinnedMessages', pinned: pinned || undefined, peer: world.viewAs(ownerId).peer(copy.peer), messages: [id], pts: 0, pts_count: 0 },
          { ptsCount: 1, peers: [copy.peer], origin: ownerId === caller.accountId ? caller.origin : undefined },
        ),
      )
    }
  }
  if (pinned && !request.pm_oneside) {
    const notice = world.messages.send({
      senderId: caller.accountId,
      to: peer,
      text: '',
      action: { _: 'messageActionPinMessage' },
      replyToMsgId: target.id,
      silent: request.silent,
      origin: caller.origin,
    })
    published.push(...notice.updates)
  }
  world.markChanged()
  return updatesFor(caller, published)
}

/**
 * Unpins every pinned message of the chat: for both sides of a private chat, for every member of a group
 * (admins only), for the channel (admins only). One updatePinnedMessages per box owner, as for a single unpin.
 */
function unpinAllMessages(request: TlMethods['messages.unpinAllMessages'], context: CallContext): TlConstructors['messages.affectedHistory'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireReadable(caller, peer)
  if (peer.kind !== 'user' && !isModerator(caller, peer)) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const { world } = context
  const pinned = world.messages.history(caller.accountId, peer).filter((m) => m.pinned)
  const published: PublishedUpdate[] = []
  if (peer.kind === 'channel') {
    for (const message of pinned) message.pinned = false
    if (pinned.length > 0) {
      published.push(
        world.updates.publishForChannel(
          peer.id,
          { _: 'updatePinnedChannelMessages', channel_id: peer.id, messages: pinned.map((m) => m.id), pts: 0, pts_count: 0 },
          { ptsCount: 1, peers: [peer], origin: caller.origin },
        ),
      )
    }
  } else {
    const idsByOwner = new Map<bigint, { peer: typeof peer; ids: number[] }>()
    for (const message of pinned) {
      for (const [ownerId, id] of world.messages.state.links.get(message.linkId) ?? []) {
        const copy = world.messages.inAccountBox(ownerId, id)
        if (!copy?.pinned) continue
        copy.pinned = false
        let entry = idsByOwner.get(ownerId)
        if (!entry) idsByOwner.set(ownerId, (entry = { peer: copy.peer, ids: [] }))
        entry.ids.push(id)
      }
    }
    for (const [ownerId, { peer: ownerPeer, ids }] of idsByOwner) {
      published.push(
        world.updates.publishForAccount(
          ownerId,
          { _: 'updatePinnedMessages', peer: world.viewAs(ownerId).peer(ownerPeer), messages: ids, pts: 0, pts_count: 0 },
          { ptsCount: 1, peers: [ownerPeer], origin: ownerId === caller.accountId ? caller.origin : undefined },
        ),
      )
    }
  }
  world.markChanged()
  const own = published.find((event) => event.target.kind === 'channel' || (event.target.kind === 'account' && event.target.accountId === caller.accountId))
  const pts = own?.pts ?? (peer.kind === 'channel' ? world.updates.channelPts(peer.id) : world.updates.accountState(caller.accountId).pts)
  return { _: 'messages.affectedHistory', pts, pts_count: own?.ptsCount ?? 0, offset: 0 }
}

export const readingMethods = {
  'messages.unpinAllMessages': unpinAllMessages,
  'messages.readHistory': readHistory,
  'messages.setTyping': setTyping,
  'messages.updatePinnedMessage': updatePinnedMessage,
}
