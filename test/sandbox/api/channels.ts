// channels.*: supergroups and broadcast channels, whose messages live in one shared box with the channel's own
// ids and pts.
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import { mediaOf } from '../media'
import { photoToTl } from '../media/tl'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { ALL_ADMIN_RIGHTS, channelPeer, userPeer, type Channel, type ChannelParticipantRecord, type PublishedUpdate, type RestrictionRecord } from '../world'
import { callerOf, requireReadable, updatesFor, type Caller } from './messages/caller'
import { lookup, lookupAnswer, pinnedMessageId } from './messages/history'
import { methodError } from './messages/known-errors'
import { isModerator } from './messages/permissions'
import { listHash } from './messages/list-hash'

/** channels.getParticipants answers at most this many at once. */
const PARTICIPANTS_LIMIT_MAX = 200

export function channelOf(caller: Caller, input: TlTypes['InputChannel']): Channel {
  return caller.context.world.chats.channel(caller.inputs.channel(input))!
}

/** Channels the caller may address; those whose access hash is not its own are left out. */
function getChannels(request: TlMethods['channels.getChannels'], context: CallContext): TlConstructors['messages.chats'] {
  const caller = callerOf(context)
  const chats: TlTypes['Chat'][] = []
  for (const input of request.id) {
    try {
      chats.push(caller.view.channel(caller.inputs.channel(input)))
    } catch (error) {
      if (!(error instanceof RpcError)) throw error
    }
  }
  return { _: 'messages.chats', chats }
}

function getFullChannel(request: TlMethods['channels.getFullChannel'], context: CallContext): TlConstructors['messages.chatFull'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const peer = channelPeer(channel.id)
  requireReadable(caller, peer)
  const { world } = context
  const dialog = world.dialogs.get(caller.accountId, peer)
  const member = world.chats.isChannelMember(channel.id, caller.accountId)
  const moderator = isModerator(caller, peer)
  return {
    _: 'messages.chatFull',
    full_chat: {
      _: 'channelFull',
      can_view_participants: (channel.megagroup || moderator) || undefined,
      id: channel.id,
      about: channel.about,
      participants_count: channel.participants.length,
      admins_count: channel.participants.filter((p) => p.role !== 'member').length,
      // kicked_count and banned_count share one flag: both or neither.
      kicked_count: moderator ? channel.kickedIds.length : undefined,
      banned_count: moderator ? 0 : undefined,
      read_inbox_max_id: dialog?.readInboxMaxId ?? 0,
      read_outbox_max_id: dialog?.readOutboxMaxId ?? 0,
      unread_count: dialog && member ? world.messages.unreadCount(caller.accountId, dialog) : 0,
      chat_photo: chatPhoto(caller, channel),
      notify_settings: caller.view.notifySettings(dialog?.notify ?? { muteUntil: 0, silent: false, showPreviews: true }),
      bot_info: [],
      pinned_msg_id: pinnedMessageId(caller, peer),
      folder_id: dialog?.folderId === 1 ? 1 : undefined,
      pts: world.updates.channelPts(channel.id),
    },
    chats: [caller.view.channel(channel.id)],
    users: [],
  }
}

function chatPhoto(caller: Caller, channel: Channel): TlTypes['Photo'] {
  const photo = channel.photoId === undefined ? undefined : mediaOf(caller.context.world).store.photo(channel.photoId)
  return photo ? photoToTl(photo) : { _: 'photoEmpty', id: 0n }
}

function getMessages(request: TlMethods['channels.getMessages'], context: CallContext): TlTypes['messages.Messages'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const peer = channelPeer(channel.id)
  requireReadable(caller, peer)
  if (request.id.length === 0) throw RpcError.badRequest('MESSAGE_IDS_EMPTY')
  const box = context.world.messages.channelBox(channel.id)
  const found = request.id.map((input) => lookup(caller, input, (id) => box.messages.get(id), peer))
  return lookupAnswer(caller, request.id, found, peer)
}

function readHistory(request: TlMethods['channels.readHistory'], context: CallContext): boolean {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const peer = channelPeer(channel.id)
  requireReadable(caller, peer)
  if (!context.world.chats.isChannelMember(channel.id, caller.accountId)) return true
  context.world.messages.readHistory({ accountId: caller.accountId, peer, maxId: request.max_id, origin: caller.origin })
  return true
}

/** Authors delete their own messages; admins delete anyone's. */
function deleteMessages(request: TlMethods['channels.deleteMessages'], context: CallContext): TlConstructors['messages.affectedMessages'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const peer = channelPeer(channel.id)
  const { world } = context
  if (!isModerator(caller, peer)) {
    for (const id of request.id) {
      const message = world.messages.inChannel(channel.id, id)
      if (message && message.fromId !== caller.accountId) throw methodError(request._, 'MESSAGE_DELETE_FORBIDDEN')
    }
  }
  const result = world.messages.deleteChannelMessages({ channelId: channel.id, ids: request.id, origin: caller.origin })
  const own = result.updates[0]
  return { _: 'messages.affectedMessages', pts: own?.pts ?? world.updates.channelPts(channel.id), pts_count: own?.ptsCount ?? 0 }
}

function getParticipants(request: TlMethods['channels.getParticipants'], context: CallContext): TlTypes['channels.ChannelParticipants'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const peer = channelPeer(channel.id)
  requireReadable(caller, peer)
  // Broadcast subscribers are visible to the channel's admins only.
  if (channel.broadcast && !isModerator(caller, peer)) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const { world } = context
  const filter = request.filter
  const query = 'q' in filter ? (filter.q ?? '').toLowerCase() : ''
  const matchesQuery = (p: ChannelParticipantRecord) => {
    if (query === '') return true
    const account = world.accounts.get(p.userId)
    return [account?.firstName, account?.lastName, account?.username].some((name) => name?.toLowerCase().split(/\s+/).some((word) => word.startsWith(query)))
  }
  let selected: ChannelParticipantRecord[]
  switch (filter._) {
    case 'channelParticipantsRecent':
      // Newest members first, as Telegram lists them.
      selected = [...channel.participants].sort((a, b) => b.date - a.date)
      break
    case 'channelParticipantsAdmins':
      selected = channel.participants.filter((p) => p.role !== 'member')
      break
    case 'channelParticipantsSearch':
      selected = channel.participants.filter(matchesQuery)
      break
    case 'channelParticipantsBots':
      selected = channel.participants.filter((p) => world.accounts.get(p.userId)?.bot)
      break
    case 'channelParticipantsContacts':
      selected = channel.participants.filter((p) => world.accounts.isContact(caller.accountId, p.userId) && matchesQuery(p))
      break
    case 'channelParticipantsKicked':
    case 'channelParticipantsBanned': {
      // Kicked: banned from reading (view_messages); banned: members with restrictions.
      const kicked = filter._ === 'channelParticipantsKicked'
      const restricted = world.channelRights.restrictedIn(channel.id)
      const outsiders: ChannelParticipantRecord[] = []
      for (const [userId, restriction] of restricted) {
        if ((restriction.rights.view_messages === true) !== kicked) continue
        if (!matchesQuery({ userId, inviterId: undefined, date: restriction.date, role: 'member' })) continue
        outsiders.push(channel.participants.find((p) => p.userId === userId) ?? { userId, inviterId: undefined, date: restriction.date, role: 'member' })
      }
      selected = outsiders
      break
    }
    default:
      throw RpcError.badRequest('INPUT_FILTER_INVALID')
  }
  const limit = Math.min(Math.max(request.limit, 0), PARTICIPANTS_LIMIT_MAX)
  const page = selected.slice(Math.max(request.offset, 0), Math.max(request.offset, 0) + limit)
  if (request.hash !== 0n && request.hash === listHash(page.map((p) => p.userId))) return { _: 'channels.channelParticipantsNotModified' }
  return {
    _: 'channels.channelParticipants',
    count: selected.length,
    participants: page.map((p) =>
      world.chats.isChannelMember(channel.id, p.userId) ? participantTl(caller, channel, p) : bannedTl(p.userId, world.channelRights.restriction(channel.id, p.userId)!, true),
    ),
    chats: [],
    users: page.map((p) => caller.view.user(p.userId)),
  }
}

/** A member as the caller sees it: creator, admin (with the rights and title set on it), restricted, or plain. */
export function participantTl(caller: Caller, channel: Channel, p: ChannelParticipantRecord): TlTypes['ChannelParticipant'] {
  const self = p.userId === caller.accountId
  const { channelRights } = caller.context.world
  switch (p.role) {
    case 'creator':
      return { _: 'channelParticipantCreator', user_id: p.userId, admin_rights: ALL_ADMIN_RIGHTS }
    case 'admin': {
      const admin = channelRights.admin(channel.id, p.userId)
      return {
        _: 'channelParticipantAdmin',
        self: self || undefined,
        can_edit: caller.accountId === channel.creatorId || undefined,
        user_id: p.userId,
        inviter_id: p.inviterId,
        promoted_by: admin?.promotedBy ?? channel.creatorId,
        date: admin?.date ?? p.date,
        admin_rights: admin?.rights ?? { ...ALL_ADMIN_RIGHTS, add_admins: false },
        rank: admin?.rank,
      }
    }
    case 'member': {
      const restriction = channelRights.restriction(channel.id, p.userId)
      if (restriction) return bannedTl(p.userId, restriction, false)
      return self
        ? { _: 'channelParticipantSelf', user_id: p.userId, inviter_id: p.inviterId ?? channel.creatorId, date: p.date }
        : { _: 'channelParticipant', user_id: p.userId, date: p.date }
    }
  }
}

/** A restricted member, or (left) someone banned from the channel. */
export function bannedTl(userId: bigint, restriction: RestrictionRecord, left: boolean): TlConstructors['channelParticipantBanned'] {
  return { _: 'channelParticipantBanned', left: left || undefined, peer: { _: 'peerUser', user_id: userId }, kicked_by: restriction.kickedBy, date: restriction.date, banned_rights: restriction.rights }
}

/**
 * Joins a public channel. The caller's sessions learn it through updateChannel; a supergroup also gets the
 * "joined the group" service message.
 */
function joinChannel(request: TlMethods['channels.joinChannel'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const { world } = context
  if (world.chats.isChannelMember(channel.id, caller.accountId)) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT')
  if (channel.kickedIds.includes(caller.accountId) || channel.username === undefined) throw methodError(request._, 'CHANNEL_PRIVATE')
  return updatesFor(caller, admitToChannel(caller, channel, { _: 'messageActionChatAddUser', users: [caller.accountId] }))
}

/**
 * Makes the caller a member (by joinChannel or an invite link): the dialog starts with everything read, as
 * Telegram does, the caller's sessions learn it through updateChannel, and a supergroup posts `notice`.
 */
export function admitToChannel(caller: Caller, channel: Channel, notice: TlTypes['MessageAction'], inviterId?: bigint): PublishedUpdate[] {
  const { world } = caller.context
  world.chats.joinChannel(channel.id, caller.accountId, inviterId)
  world.adminLog.record(channel.id, caller.accountId, { _: 'channelAdminLogEventActionParticipantJoin' })
  const peer = channelPeer(channel.id)
  const dialog = world.dialogs.ensure(caller.accountId, peer)
  const history = world.messages.history(caller.accountId, peer)
  dialog.topMessage = history.at(-1)?.id ?? 0
  dialog.topDate = history.at(-1)?.date ?? 0
  dialog.readInboxMaxId = dialog.topMessage
  const published: PublishedUpdate[] = [membershipChanged(caller, channel)]
  if (channel.megagroup) {
    const sent = world.messages.send({ senderId: caller.accountId, to: peer, text: '', action: notice, origin: caller.origin })
    published.push(...sent.updates)
  }
  return published
}

function leaveChannel(request: TlMethods['channels.leaveChannel'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const { world } = context
  const role = world.chats.channelRole(channel.id, caller.accountId)
  if (role === undefined) throw RpcError.badRequest('USER_NOT_PARTICIPANT')
  if (role === 'creator') throw RpcError.badRequest('USER_CREATOR')
  const published: PublishedUpdate[] = []
  if (channel.megagroup) {
    const notice = world.messages.send({
      senderId: caller.accountId,
      to: channelPeer(channel.id),
      text: '',
      action: { _: 'messageActionChatDeleteUser', user_id: caller.accountId },
      origin: caller.origin,
    })
    published.push(...notice.updates)
  }
  world.chats.leaveChannel(channel.id, caller.accountId)
  world.adminLog.record(channel.id, caller.accountId, { _: 'channelAdminLogEventActionParticipantLeave' })
  world.dialogs.remove(caller.accountId, channelPeer(channel.id))
  published.unshift(membershipChanged(caller, channel))
  return updatesFor(caller, published)
}

/** updateChannel: tells every session of the account to refetch the channel (joined, left, rights). */
function membershipChanged(caller: Caller, channel: Channel): PublishedUpdate {
  return caller.context.world.updates.publishForAccount(caller.accountId, { _: 'updateChannel', channel_id: channel.id }, {
    peers: [channelPeer(channel.id), userPeer(caller.accountId)],
    origin: caller.origin,
  })
}

export const channelsMethods = {
  'channels.getChannels': getChannels,
  'channels.getFullChannel': getFullChannel,
  'channels.getMessages': getMessages,
  'channels.readHistory': readHistory,
  'channels.deleteMessages': deleteMessages,
  'channels.getParticipants': getParticipants,
  'channels.joinChannel': joinChannel,
  'channels.leaveChannel': leaveChannel,
}
