/**
 * Moderating groups and channels, after Telethon's edit_admin, edit_permissions, kick_participant and
 * get_permissions. Rights are written the way people think of them (what a user may do), and turned into
 * Telegram's forms: chatAdminRights granted, chatBannedRights taken away.
 *
 *   await client.editAdmin(group, '@katherine', { pinMessages: true, title: 'Pinner' })
 *   await client.editPermissions(group, '@alan', { sendMessages: false, untilDate: tomorrow })
 *   await client.kickParticipant(group, '@margaret')
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel, getInputUser } from '../entities/input-peers'
import { InvalidPeerError } from '../entities/errors'
import { RpcError } from '../errors/rpc-error'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

type AdminRights = TlConstructors['chatAdminRights']
type BannedRights = TlConstructors['chatBannedRights']

/** What an admin may do; left out means not granted. */
export interface AdminRightsOptions {
  changeInfo?: boolean
  postMessages?: boolean
  editMessages?: boolean
  deleteMessages?: boolean
  banUsers?: boolean
  inviteUsers?: boolean
  pinMessages?: boolean
  addAdmins?: boolean
  manageCall?: boolean
  /** Stay anonymous in a supergroup. */
  anonymous?: boolean
  manageTopics?: boolean
  /** The title shown next to the admin's name (at most 16 characters). */
  title?: string
}

/** What a member may do; left out means allowed. `viewMessages: false` bans the user from the chat. */
export interface PermissionOptions {
  viewMessages?: boolean
  sendMessages?: boolean
  sendMedia?: boolean
  sendStickers?: boolean
  sendGifs?: boolean
  sendGames?: boolean
  sendInline?: boolean
  embedLinkPreviews?: boolean
  sendPolls?: boolean
  changeInfo?: boolean
  inviteUsers?: boolean
  pinMessages?: boolean
  /** Until when the restriction lasts (forever when left out). */
  untilDate?: Date | number
}

/** A user's standing in a chat, after Telethon's ParticipantPermissions. */
export interface ParticipantPermissions {
  isCreator: boolean
  isAdmin: boolean
  /** Restricted in something, or banned. */
  isBanned: boolean
  /** Not in the chat (left, removed or banned). */
  hasLeft: boolean
  adminRights: TlTypes['ChatAdminRights'] | undefined
  bannedRights: TlTypes['ChatBannedRights'] | undefined
  /** The title shown next to an admin's name. */
  title: string | undefined
  participant: TlTypes['ChannelParticipant'] | TlTypes['ChatParticipant'] | undefined
}

const ADMIN_FLAGS: Record<Exclude<keyof AdminRightsOptions, 'title'>, keyof AdminRights> = {
  changeInfo: 'change_info',
  postMessages: 'post_messages',
  editMessages: 'edit_messages',
  deleteMessages: 'delete_messages',
  banUsers: 'ban_users',
  inviteUsers: 'invite_users',
  pinMessages: 'pin_messages',
  addAdmins: 'add_admins',
  manageCall: 'manage_call',
  anonymous: 'anonymous',
  manageTopics: 'manage_topics',
}

const BANNED_FLAGS: Record<Exclude<keyof PermissionOptions, 'untilDate'>, keyof BannedRights> = {
  viewMessages: 'view_messages',
  sendMessages: 'send_messages',
  sendMedia: 'send_media',
  sendStickers: 'send_stickers',
  sendGifs: 'send_gifs',
  sendGames: 'send_games',
  sendInline: 'send_inline',
  embedLinkPreviews: 'embed_links',
  sendPolls: 'send_polls',
  changeInfo: 'change_info',
  inviteUsers: 'invite_users',
  pinMessages: 'pin_messages',
}

export const moderationMethods = {
  /**
   * Makes `user` an admin of `chat` with the rights given, or (no right given) a plain member again. In a
   * basic group rights are all or nothing: any right makes an admin.
   */
  async editAdmin(this: TelegramClient, chat: EntityLike, user: EntityLike, rights: AdminRightsOptions = {}): Promise<void> {
    const [input, inputUser] = await Promise.all([this.resolvePeer(chat), this.resolveInputUser(user)])
    const granted: AdminRights = { _: 'chatAdminRights' }
    for (const [option, flag] of Object.entries(ADMIN_FLAGS)) if (rights[option as keyof typeof ADMIN_FLAGS]) Object.assign(granted, { [flag]: true })
    if (input._ === 'inputPeerChat') {
      const isAdmin = Object.keys(granted).length > 1
      await this.call({ _: 'messages.editChatAdmin', chat_id: input.chat_id, user_id: inputUser, is_admin: isAdmin })
      return
    }
    await this.call({ _: 'channels.editAdmin', channel: channelOf(input, chat), user_id: inputUser, admin_rights: granted, ...(rights.title !== undefined ? { rank: rights.title } : {}) })
  },

  /**
   * Sets what `user` may do in a supergroup or channel: every permission left out stays allowed, so
   * `{}` lifts all restrictions. `{ viewMessages: false }` bans the user.
   */
  async editPermissions(this: TelegramClient, chat: EntityLike, user: EntityLike, permissions: PermissionOptions = {}): Promise<void> {
    const [input, participant] = await Promise.all([this.resolvePeer(chat), this.resolvePeer(user)])
    const banned: BannedRights = { _: 'chatBannedRights', until_date: permissions.untilDate === undefined ? 0 : unixSeconds(permissions.untilDate) }
    for (const [option, flag] of Object.entries(BANNED_FLAGS)) if (permissions[option as keyof typeof BANNED_FLAGS] === false) Object.assign(banned, { [flag]: true })
    await this.call({ _: 'channels.editBanned', channel: channelOf(input, chat), participant, banned_rights: banned })
  },

  /**
   * Removes `user` from the chat without banning: they may come back by invite or by joining. Kicking
   * yourself leaves the chat.
   */
  async kickParticipant(this: TelegramClient, chat: EntityLike, user: EntityLike): Promise<void> {
    const [input, participant] = await Promise.all([this.resolvePeer(chat), this.resolvePeer(user)])
    const self = participant._ === 'inputPeerSelf' || (await this.getPeerId(participant)) === (this.me ?? (await this.getMe())).id
    if (input._ === 'inputPeerChat') {
      await this.call({ _: 'messages.deleteChatUser', chat_id: input.chat_id, user_id: self ? { _: 'inputUserSelf' } : getInputUser(participant) })
      return
    }
    const channel = channelOf(input, chat)
    if (self) {
      await this.call({ _: 'channels.leaveChannel', channel })
      return
    }
    // Telegram has no kick for channels: a ban removes the user, and lifting it at once lets them back.
    await this.call({ _: 'channels.editBanned', channel, participant, banned_rights: { _: 'chatBannedRights', view_messages: true, until_date: 0 } })
    await this.call({ _: 'channels.editBanned', channel, participant, banned_rights: { _: 'chatBannedRights', until_date: 0 } })
  },

  /** What `user` (yourself when left out) is and may do in `chat`. */
  async getPermissions(this: TelegramClient, chat: EntityLike, user: EntityLike = 'me'): Promise<ParticipantPermissions> {
    const [input, participant] = await Promise.all([this.resolvePeer(chat), this.resolvePeer(user)])
    if (input._ === 'inputPeerChat') {
      const userId = await this.getPeerId(participant)
      const full = await this.call({ _: 'messages.getFullChat', chat_id: input.chat_id })
      const members = full.full_chat._ === 'chatFull' && full.full_chat.participants._ === 'chatParticipants' ? full.full_chat.participants.participants : []
      const member = members.find((p) => p.user_id === userId)
      const chatObject = full.chats.find((c) => c.id === input.chat_id)
      return {
        isCreator: member?._ === 'chatParticipantCreator',
        isAdmin: member?._ === 'chatParticipantCreator' || member?._ === 'chatParticipantAdmin',
        isBanned: false,
        hasLeft: member === undefined,
        adminRights: member && member._ !== 'chatParticipant' && chatObject?._ === 'chat' ? chatObject.admin_rights : undefined,
        bannedRights: chatObject?._ === 'chat' ? chatObject.default_banned_rights : undefined,
        title: undefined,
        participant: member,
      }
    }
    try {
      const answer = await this.call({ _: 'channels.getParticipant', channel: channelOf(input, chat), participant })
      return permissionsOf(answer.participant)
    } catch (error) {
      // Not a member and not banned: the server has no participant to show.
      if (error instanceof RpcError && error.name === 'USER_NOT_PARTICIPANT') return permissionsOf({ _: 'channelParticipantLeft', peer: { _: 'peerUser', user_id: await this.getPeerId(participant) } })
      throw error
    }
  },
}

function permissionsOf(participant: TlTypes['ChannelParticipant']): ParticipantPermissions {
  const base = { isCreator: false, isAdmin: false, isBanned: false, hasLeft: false, adminRights: undefined, bannedRights: undefined, title: undefined, participant }
  switch (participant._) {
    case 'channelParticipantCreator':
      return { ...base, isCreator: true, isAdmin: true, adminRights: participant.admin_rights, title: participant.rank }
    case 'channelParticipantAdmin':
      return { ...base, isAdmin: true, adminRights: participant.admin_rights, title: participant.rank }
    case 'channelParticipantBanned':
      return { ...base, isBanned: true, hasLeft: participant.left ?? false, bannedRights: participant.banned_rights }
    case 'channelParticipantLeft':
      return { ...base, hasLeft: true }
    default:
      return base
  }
}

function channelOf(input: TlTypes['InputPeer'], chat: EntityLike): TlTypes['InputChannel'] {
  try {
    return getInputChannel(input)
  } catch {
    throw new InvalidPeerError(`${String(typeof chat === 'object' ? chat._ : chat)} is not a supergroup or channel; per-user rights exist only there`)
  }
}

function unixSeconds(value: Date | number): number {
  return typeof value === 'number' ? value : Math.floor(value.getTime() / 1000)
}
