// Leaving and clearing: messages.deleteChatUser takes a member out of a basic group (the caller itself, or
// someone an admin removes), and messages.deleteHistory clears a private chat or group, for the caller only or
// (revoke, private chats) for both sides, dropping the dialog unless just_clear.
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { chatPeer, type PublishedUpdate } from '../../world'
import { callerOf, requireReadable, updatesFor } from './caller'
import { methodError } from './known-errors'
import { isModerator } from './permissions'
import { affected } from './sending'

function deleteChatUser(request: TlMethods['messages.deleteChatUser'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const { world } = context
  const group = world.chats.group(request.chat_id)
  if (!group || !world.chats.isGroupMember(group.id, caller.accountId)) throw RpcError.badRequest('CHAT_ID_INVALID')
  const userId = caller.inputs.user(request.user_id)
  const self = userId === caller.accountId
  if (!self && !isModerator(caller, chatPeer(group.id))) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  if (!world.chats.isGroupMember(group.id, userId)) throw RpcError.badRequest('USER_NOT_PARTICIPANT')
  // The notice goes out while the member is still in, so the one leaving sees it too.
  const notice = world.messages.send({
    senderId: caller.accountId,
    to: chatPeer(group.id),
    text: '',
    action: { _: 'messageActionChatDeleteUser', user_id: userId },
    origin: caller.origin,
  })
  world.chats.removeFromGroup(group.id, userId, self ? 'left' : 'kicked')
  const published: PublishedUpdate[] = [...notice.updates]
  if (request.revoke_history && self) {
    const ids = world.messages.ids(caller.accountId, chatPeer(group.id))
    published.push(...world.messages.deleteMessages({ accountId: caller.accountId, ids, revoke: false, origin: caller.origin }).updates)
  }
  world.markChanged()
  return updatesFor(caller, published)
}

function deleteHistory(request: TlMethods['messages.deleteHistory'], context: CallContext): TlConstructors['messages.affectedHistory'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  // Channels clear history with channels.deleteHistory and are left with channels.leaveChannel.
  if (peer.kind === 'channel') throw RpcError.badRequest('PEER_ID_INVALID')
  requireReadable(caller, peer)
  const { world } = context
  const ids = world.messages
    .history(caller.accountId, peer)
    .filter((m) => (request.max_id === 0 || m.id <= request.max_id) && (!request.min_date || m.date >= request.min_date) && (!request.max_date || m.date <= request.max_date))
    .map((m) => m.id)
  // Revoking reaches the other side only in private chats; in groups each member keeps its own copy.
  const revoke = request.revoke === true && peer.kind === 'user'
  const result = world.messages.deleteMessages({ accountId: caller.accountId, ids, revoke, origin: caller.origin })
  if (!request.just_clear) world.dialogs.remove(caller.accountId, peer)
  world.markChanged()
  const { pts, pts_count } = affected(caller, result.updates)
  // Everything goes in one call here; Telegram may answer with an offset to call again from.
  return { _: 'messages.affectedHistory', pts, pts_count, offset: 0 }
}

export const leavingMethods = {
  'messages.deleteChatUser': deleteChatUser,
  'messages.deleteHistory': deleteHistory,
}
