// Moderating channels and supergroups: channels.editBanned (restrict, ban, lift), channels.editAdmin (promote
// with chosen rights and a title, demote), channels.getParticipant, and channels.getAdminLog, the record of
// what the admins did, which every change here writes to.
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { ALL_ADMIN_RIGHTS, channelPeer, restrictsNothing, userPeer, type AdminLogRecord, type Channel, type PublishedUpdate } from '../world'
import { bannedTl, channelOf, participantTl } from './channels'
import { callerOf, requireReadable, updatesFor, type Caller } from './messages/caller'
import { methodError } from './messages/known-errors'

const ADMIN_LOG_LIMIT_MAX = 100

/** The caller's rights in the channel: all for the creator, the ones set on an admin, none for a member. */
function rightsOf(caller: Caller, channel: Channel): TlConstructors['chatAdminRights'] | undefined {
  const { world } = caller.context
  const role = world.chats.channelRole(channel.id, caller.accountId)
  if (role === 'creator') return ALL_ADMIN_RIGHTS
  if (role === 'admin') return world.channelRights.admin(channel.id, caller.accountId)?.rights ?? { ...ALL_ADMIN_RIGHTS, add_admins: false }
  return undefined
}

function participantOf(caller: Caller, channel: Channel, userId: bigint): TlTypes['ChannelParticipant'] | undefined {
  const { world } = caller.context
  const member = channel.participants.find((p) => p.userId === userId)
  if (member) return participantTl(caller, channel, member)
  const restriction = world.channelRights.restriction(channel.id, userId)
  return restriction ? bannedTl(userId, restriction, true) : undefined
}

/** What a participant was when nobody: a left, unrestricted user. */
const outsider = (userId: bigint): TlTypes['ChannelParticipant'] => ({ _: 'channelParticipantLeft', peer: { _: 'peerUser', user_id: userId } })

/**
 * Restricts a member (rights set), bans someone (view_messages: out of the channel, and a supergroup says so),
 * or lifts it all (no right set). A banned user who is lifted is not a member again until rejoining.
 */
function editBanned(request: TlMethods['channels.editBanned'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const { world } = context
  if (!rightsOf(caller, channel)?.ban_users) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const target = caller.inputs.peer(request.participant)
  if (target.kind !== 'user') throw RpcError.badRequest('PARTICIPANT_ID_INVALID')
  const role = world.chats.channelRole(channel.id, target.id)
  if (role === 'creator' || (role === 'admin' && caller.accountId !== channel.creatorId)) throw methodError(request._, 'USER_ADMIN_INVALID')
  if (target.id === caller.accountId) throw RpcError.badRequest('USER_ADMIN_INVALID')
  const rights = request.banned_rights
  if (rights._ !== 'chatBannedRights') throw RpcError.badRequest('BANNED_RIGHTS_INVALID')
  const before = participantOf(caller, channel, target.id) ?? outsider(target.id)
  const published: PublishedUpdate[] = []
  if (role === 'admin') world.chats.channel(channel.id)!.participants.find((p) => p.userId === target.id)!.role = 'member'
  world.channelRights.restrict(channel.id, target.id, { rights, kickedBy: caller.accountId, date: world.clock.nowSeconds() })
  if (rights.view_messages && role !== undefined) {
    if (channel.megagroup) {
      const notice = world.messages.send({ senderId: caller.accountId, to: channelPeer(channel.id), text: '', action: { _: 'messageActionChatDeleteUser', user_id: target.id }, origin: caller.origin })
      published.push(...notice.updates)
    }
    world.chats.leaveChannel(channel.id, target.id)
    world.dialogs.remove(target.id, channelPeer(channel.id))
    channel.kickedIds = [...channel.kickedIds.filter((id) => id !== target.id), target.id]
  }
  if (restrictsNothing(rights)) channel.kickedIds = channel.kickedIds.filter((id) => id !== target.id)
  const after = participantOf(caller, channel, target.id) ?? outsider(target.id)
  world.adminLog.record(channel.id, caller.accountId, { _: 'channelAdminLogEventActionParticipantToggleBan', prev_participant: before, new_participant: after })
  // The target's sessions refetch the channel: it is gone for them, or their rights changed.
  published.push(world.updates.publishForAccount(target.id, { _: 'updateChannel', channel_id: channel.id }, { peers: [channelPeer(channel.id)] }))
  world.markChanged()
  return updatesFor(caller, published, [{ _: 'updateChannel', channel_id: channel.id }])
}

/** Promotes a member to admin with the given rights and title, or demotes an admin (no right set). Creator-made admins only. */
function editAdmin(request: TlMethods['channels.editAdmin'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  const { world } = context
  if (!rightsOf(caller, channel)?.add_admins) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const userId = caller.inputs.user(request.user_id)
  const member = channel.participants.find((p) => p.userId === userId)
  if (!member) throw RpcError.badRequest('USER_NOT_PARTICIPANT')
  if (member.role === 'creator') throw methodError(request._, 'USER_CREATOR')
  const rights = request.admin_rights
  if (rights._ !== 'chatAdminRights') throw RpcError.badRequest('RIGHTS_NOT_MODIFIED')
  if (request.rank !== undefined && request.rank.length > 16) throw RpcError.badRequest('ADMIN_RANK_INVALID')
  const before = participantTl(caller, channel, member)
  const demote = !Object.entries(rights).some(([name, value]) => name !== '_' && value === true)
  member.role = demote ? 'member' : 'admin'
  world.channelRights.setAdmin(channel.id, userId, demote ? undefined : { rights, promotedBy: caller.accountId, rank: request.rank, date: world.clock.nowSeconds() })
  // An admin is restricted in nothing: rights that take nothing away lift what was set before.
  if (!demote) world.channelRights.restrict(channel.id, userId, { rights: { _: 'chatBannedRights', until_date: 0 }, kickedBy: caller.accountId, date: world.clock.nowSeconds() })
  const after = participantTl(caller, channel, member)
  world.adminLog.record(channel.id, caller.accountId, { _: 'channelAdminLogEventActionParticipantToggleAdmin', prev_participant: before, new_participant: after })
  const published = [world.updates.publishForAccount(userId, { _: 'updateChannel', channel_id: channel.id }, { peers: [channelPeer(channel.id)] })]
  world.markChanged()
  return updatesFor(caller, published, [{ _: 'updateChannel', channel_id: channel.id }])
}

function getParticipant(request: TlMethods['channels.getParticipant'], context: CallContext): TlConstructors['channels.channelParticipant'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  requireReadable(caller, channelPeer(channel.id))
  const target = caller.inputs.peer(request.participant)
  const participant = target.kind === 'user' ? participantOf(caller, channel, target.id) : undefined
  if (!participant) throw methodError(request._, 'USER_NOT_PARTICIPANT')
  return { _: 'channels.channelParticipant', participant, chats: [caller.view.channel(channel.id)], users: [caller.view.user(target.id)] }
}

/** Newest first, below max_id and above min_id, narrowed by the filter, the admins and the text query. */
function getAdminLog(request: TlMethods['channels.getAdminLog'], context: CallContext): TlConstructors['channels.adminLogResults'] {
  const caller = callerOf(context)
  const channel = channelOf(caller, request.channel)
  if (!rightsOf(caller, channel)) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const { world } = context
  const admins = request.admins?.map((input) => caller.inputs.user(input))
  const query = request.q.trim().toLowerCase()
  const events = [...world.adminLog.entries(channel.id)]
    .reverse()
    .filter((entry) => (request.max_id === 0n || entry.id < request.max_id) && entry.id > request.min_id)
    .filter((entry) => !admins || admins.includes(entry.userId))
    .filter((entry) => !request.events_filter || request.events_filter._ !== 'channelAdminLogEventsFilter' || passes(request.events_filter, entry))
    .filter((entry) => query === '' || mentionedNames(caller, entry).some((name) => name.includes(query)))
    .slice(0, Math.min(Math.max(request.limit, 1), ADMIN_LOG_LIMIT_MAX))
  const peers = events.flatMap((entry) => [userPeer(entry.userId), ...participantIds(entry).map(userPeer)])
  const { users } = caller.view.entities(peers)
  return {
    _: 'channels.adminLogResults',
    events: events.map((entry) => ({ _: 'channelAdminLogEvent', id: entry.id, date: entry.date, user_id: entry.userId, action: entry.action })),
    chats: [caller.view.channel(channel.id)],
    users,
  }
}

function passes(filter: TlConstructors['channelAdminLogEventsFilter'], entry: AdminLogRecord): boolean {
  const action = entry.action
  switch (action._) {
    case 'channelAdminLogEventActionParticipantJoin':
      return filter.join === true
    case 'channelAdminLogEventActionParticipantLeave':
      return filter.leave === true
    case 'channelAdminLogEventActionParticipantToggleAdmin':
      return filter.promote === true || filter.demote === true
    case 'channelAdminLogEventActionParticipantToggleBan': {
      const now = action.new_participant
      if (now._ !== 'channelParticipantBanned') return filter.unban === true || filter.unkick === true
      return now.banned_rights._ === 'chatBannedRights' && now.banned_rights.view_messages ? filter.kick === true : filter.ban === true
    }
    default:
      return false
  }
}

/** The users an entry is about, besides the admin who acted. */
function participantIds(entry: AdminLogRecord): bigint[] {
  const action = entry.action
  if (action._ !== 'channelAdminLogEventActionParticipantToggleBan' && action._ !== 'channelAdminLogEventActionParticipantToggleAdmin') return []
  const participant = action.new_participant
  if ('user_id' in participant) return [participant.user_id]
  return participant.peer._ === 'peerUser' ? [participant.peer.user_id] : []
}

function mentionedNames(caller: Caller, entry: AdminLogRecord): string[] {
  return [entry.userId, ...participantIds(entry)].flatMap((id) => {
    const account = caller.context.world.accounts.get(id)
    return account ? [`${account.firstName} ${account.lastName}`.toLowerCase(), (account.username ?? '').toLowerCase()] : []
  })
}

export const channelAdminMethods = {
  'channels.editBanned': editBanned,
  'channels.editAdmin': editAdmin,
  'channels.getParticipant': getParticipant,
  'channels.getAdminLog': getAdminLog,
}
