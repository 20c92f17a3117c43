// Who may post, edit and delete where, with Telegram's refusals: CHAT_WRITE_FORBIDDEN for a chat the caller
// is not in, CHAT_ADMIN_REQUIRED for posting in a broadcast channel without rights, USER_BANNED_IN_CHANNEL for a
// restricted member, MESSAGE_AUTHOR_REQUIRED and MESSAGE_DELETE_FORBIDDEN for other people's messages.
import type { MessageRecord, PeerRef } from '../../world'
import type { Caller } from './caller'
import { methodError } from './known-errors'

export function requireWritable(caller: Caller, peer: PeerRef, method: string): void {
  const { chats } = caller.context.world
  if (peer.kind === 'chat') {
    const group = chats.group(peer.id)
    if (!group || group.deactivated || !chats.isGroupMember(peer.id, caller.accountId)) throw methodError(method, 'CHAT_WRITE_FORBIDDEN')
  }
  if (peer.kind === 'channel') {
    const channel = chats.channel(peer.id)!
    const role = chats.channelRole(peer.id, caller.accountId)
    if (role === undefined) throw methodError(method, 'CHAT_WRITE_FORBIDDEN')
    if (channel.broadcast && role === 'member') throw methodError(method, 'CHAT_ADMIN_REQUIRED')
    // A member an admin restricted (channels.editBanned) may not post.
    const restriction = caller.context.world.channelRights.restriction(peer.id, caller.accountId)
    if (restriction?.rights.send_messages) throw methodError(method, 'USER_BANNED_IN_CHANNEL')
    if (restriction?.rights.send_plain) throw methodError(method, 'CHAT_SEND_PLAIN_FORBIDDEN')
  }
}

/** Admins of a group or channel may moderate other people's messages. */
export function isModerator(caller: Caller, peer: PeerRef): boolean {
  const { chats } = caller.context.world
  if (peer.kind === 'chat') {
    const group = chats.group(peer.id)
    return group?.creatorId === caller.accountId || group?.participants.some((p) => p.userId === caller.accountId && p.admin) === true
  }
  if (peer.kind === 'channel') {
    const role = chats.channelRole(peer.id, caller.accountId)
    return role === 'creator' || role === 'admin'
  }
  return false
}

/** Only the author edits a message; in a broadcast channel, its admins edit every post. */
export function requireEditable(caller: Caller, message: MessageRecord): void {
  const own = caller.context.world.messages.isOutgoing(caller.accountId, message)
  const channelAdmin = message.post && isModerator(caller, message.peer)
  if (!own && !channelAdmin) throw methodError('messages.editMessage', 'MESSAGE_AUTHOR_REQUIRED')
}
