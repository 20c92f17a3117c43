// Invite links: messages.exportChatInvite makes a t.me/+HASH link to a group or channel (admins only),
// checkChatInvite shows what it leads to (chatInviteAlready for members), importChatInvite joins through it.
// Unknown hashes answer INVITE_HASH_INVALID, revoked ones INVITE_HASH_EXPIRED, as Telegram does.
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import { mediaOf } from '../../media'
import { photoToTl } from '../../media/tl'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import type { InviteRecord } from '../../world'
import { admitToChannel } from '../channels'
import { callerOf, updatesFor, type Caller } from './caller'
import { methodError } from './known-errors'
import { isModerator } from './permissions'

export const INVITE_LINK_PREFIX = 'https://t.me/+'

function exportChatInvite(request: TlMethods['messages.exportChatInvite'], context: CallContext): TlConstructors['chatInviteExported'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  if (peer.kind === 'user') throw RpcError.badRequest('PEER_ID_INVALID')
  if (!isModerator(caller, peer)) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const invite = context.world.invites.create({ peer, adminId: caller.accountId, ...(request.title !== undefined ? { title: request.title } : {}) })
  context.world.markChanged()
  return exported(invite)
}

function checkChatInvite(request: TlMethods['messages.checkChatInvite'], context: CallContext): TlTypes['ChatInvite'] {
  const caller = callerOf(context)
  const invite = usableInvite(caller, request.hash)
  const { world } = context
  const { peer } = invite
  if (isMember(caller, invite)) return { _: 'chatInviteAlready', chat: caller.view.entity(peer) as TlTypes['Chat'] }
  const group = peer.kind === 'chat' ? world.chats.group(peer.id)! : undefined
  const channel = peer.kind === 'channel' ? world.chats.channel(peer.id)! : undefined
  const photoId = group?.photoId ?? channel?.photoId
  const photo = photoId === undefined ? undefined : mediaOf(world).store.photo(photoId)
  const memberIds = group ? world.chats.groupMemberIds(peer.id) : world.chats.channelMemberIds(peer.id)
  return {
    _: 'chatInvite',
    channel: channel !== undefined || undefined,
    broadcast: channel?.broadcast || undefined,
    megagroup: channel?.megagroup || undefined,
    public: channel?.username !== undefined || undefined,
    title: group?.title ?? channel!.title,
    about: channel?.about || undefined,
    photo: photo ? photoToTl(photo) : { _: 'photoEmpty', id: 0n },
    participants_count: memberIds.length,
    // A few members, so the preview can show faces; never a broadcast channel's subscribers.
    participants: channel?.broadcast ? undefined : memberIds.slice(0, 5).map((id) => caller.view.user(id)),
    color: Number(peer.id % 7n),
  }
}

function importChatInvite(request: TlMethods['messages.importChatInvite'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const invite = usableInvite(caller, request.hash)
  if (isMember(caller, invite)) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT')
  const { world } = context
  const { peer } = invite
  const joined: TlTypes['MessageAction'] = { _: 'messageActionChatJoinedByLink', inviter_id: invite.adminId }
  let published
  if (peer.kind === 'channel') {
    const channel = world.chats.channel(peer.id)!
    if (channel.kickedIds.includes(caller.accountId)) throw new RpcError(406, 'CHANNEL_PRIVATE')
    published = admitToChannel(caller, channel, joined, invite.adminId)
  } else {
    const group = world.chats.group(peer.id)!
    if (group.deactivated) throw RpcError.badRequest('CHAT_ID_INVALID')
    world.chats.addToGroup(peer.id, caller.accountId, invite.adminId)
    published = world.messages.send({ senderId: caller.accountId, to: peer, text: '', action: joined, origin: caller.origin }).updates
  }
  invite.usage++
  world.markChanged()
  return updatesFor(caller, published)
}

function usableInvite(caller: Caller, hash: string): InviteRecord {
  const { invites } = caller.context.world
  const invite = invites.usable(hash)
  if (invite) return invite
  throw RpcError.badRequest(invites.state.byHash.has(hash) ? 'INVITE_HASH_EXPIRED' : 'INVITE_HASH_INVALID')
}

function isMember(caller: Caller, invite: InviteRecord): boolean {
  const { chats } = caller.context.world
  return invite.peer.kind === 'chat' ? chats.isGroupMember(invite.peer.id, caller.accountId) : chats.isChannelMember(invite.peer.id, caller.accountId)
}

function exported(invite: InviteRecord): TlConstructors['chatInviteExported'] {
  return {
    _: 'chatInviteExported',
    revoked: invite.revoked || undefined,
    link: INVITE_LINK_PREFIX + invite.hash,
    admin_id: invite.adminId,
    date: invite.date,
    usage: invite.usage || undefined,
    title: invite.title,
  }
}

export const inviteMethods = {
  'messages.exportChatInvite': exportChatInvite,
  'messages.checkChatInvite': checkChatInvite,
  'messages.importChatInvite': importChatInvite,
}
