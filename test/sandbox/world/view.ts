// World records as TL objects of layer 223, as one account sees them: its own access hashes, `self`, `out`,
// contact flags, phone visibility, left/forbidden chats. Every method module builds its answers through this.
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { AccessHashes } from './access-hash'
import type { AccountStore } from './accounts'
import type { ChatStore } from './chats'
import type { DraftStore } from './drafts'
import type { MessageStore } from './messages'
import { channelPeer, peerKey, toTlPeer, userPeer, type PeerRef } from './peers'
import type { Account, DialogRecord, MessageRecord, NotifySettingsRecord } from './records'
import type { UpdateHub } from './updates'

export type TlUser = TlTypes['User']
export type TlChat = TlTypes['Chat']
export type TlMessage = TlTypes['Message']

/** Where profile and chat photos live; the media module (S3) replaces the default. */
export interface PhotoDirectory {
  /** The DC that serves the photo's files. */
  dcOf(photoId: bigint): number
  /** The stripped thumbnail, if the photo has one. */
  strippedThumb(photoId: bigint): Uint8Array | undefined
}

export interface ViewDeps {
  readonly accounts: AccountStore
  readonly chats: ChatStore
  readonly drafts: DraftStore
  readonly messages: MessageStore
  readonly updates: UpdateHub
  readonly accessHashes: AccessHashes
  readonly photos: PhotoDirectory
}

/** The service account that sends login codes and service notifications. */
export const SERVICE_USER_ID = 777000n

/** Every right, as a creator holds them. */
export const ALL_ADMIN_RIGHTS: TlConstructors['chatAdminRights'] = {
  _: 'chatAdminRights',
  change_info: true,
  post_messages: true,
  edit_messages: true,
  delete_messages: true,
  ban_users: true,
  invite_users: true,
  pin_messages: true,
  add_admins: true,
  manage_call: true,
  other: true,
  manage_topics: true,
}

const NO_BANNED_RIGHTS: TlConstructors['chatBannedRights'] = { _: 'chatBannedRights', until_date: 0 }

export interface RenderOptions {
  /**
   * A min constructor (Telegram sends these where the viewer may not know the peer, e.g. authors in a large
   * channel): no access hash, no phone; clients must not overwrite what they know with it.
   */
  readonly min?: boolean
}

export class WorldView {
  constructor(
    private readonly world: ViewDeps,
    /** The account looking. */
    readonly viewerId: bigint,
  ) {}

  peer(ref: PeerRef): TlTypes['Peer'] {
    return toTlPeer(ref)
  }

  user(userId: bigint, options: RenderOptions = {}): TlUser {
    const account = this.world.accounts.get(userId)
    if (!account) return { _: 'userEmpty', id: userId }
    const self = userId === this.viewerId
    const min = !self && options.min === true
    const contact = !self && this.world.accounts.isContact(this.viewerId, userId)
    // Default privacy: the phone is shown to the account itself and to people it has in its contacts.
    const phoneVisible = self || this.world.accounts.isContact(userId, this.viewerId)
    const photoId = account.photoIds[0]
    return {
      _: 'user',
      self: self || undefined,
      contact: contact || undefined,
      mutual_contact: (contact && this.world.accounts.isContact(userId, this.viewerId)) || undefined,
      bot: account.bot || undefined,
      verified: account.verified || undefined,
      support: account.support || undefined,
      min: min || undefined,
      id: userId,
      access_hash: min ? undefined : this.world.accessHashes.of(this.viewerId, userPeer(userId)),
      first_name: account.firstName,
      last_name: account.lastName || undefined,
      username: account.username,
      phone: phoneVisible && !min && account.phone ? account.phone : undefined,
      photo: photoId === undefined ? undefined : this.profilePhoto(photoId),
      status: this.status(account, self),
      bot_info_version: account.bot ? 1 : undefined,
      bot_inline_placeholder: undefined,
    } satisfies TlConstructors['user']
  }

  /** A basic group, or chatForbidden for someone removed from it. */
  chat(chatId: bigint): TlChat {
    const group = this.world.chats.group(chatId)
    if (!group) return { _: 'chatEmpty', id: chatId }
    if (group.kickedIds.includes(this.viewerId)) return { _: 'chatForbidden', id: chatId, title: group.title }
    const member = group.participants.find((p) => p.userId === this.viewerId)
    const creator = group.creatorId === this.viewerId && member !== undefined
    return {
      _: 'chat',
      creator: creator || undefined,
      left: member === undefined || undefined,
      deactivated: group.deactivated || undefined,
      id: chatId,
      title: group.title,
      photo: this.chatPhoto(group.photoId),
      participants_count: group.participants.length,
      date: group.date,
      version: group.version,
      admin_rights: creator ? ALL_ADMIN_RIGHTS : member?.admin ? { ...ALL_ADMIN_RIGHTS, add_admins: false } : undefined,
      default_banned_rights: NO_BANNED_RIGHTS,
    } satisfies TlConstructors['chat']
  }

  /** A supergroup or broadcast channel, or channelForbidden for someone banned from it. */
  channel(channelId: bigint, options: RenderOptions = {}): TlChat {
    const channel = this.world.chats.channel(channelId)
    if (!channel) return { _: 'chatEmpty', id: channelId }
    const accessHash = this.world.accessHashes.of(this.viewerId, channelPeer(channelId))
    if (channel.kickedIds.includes(this.viewerId)) {
      return { _: 'channelForbidden', broadcast: channel.broadcast || undefined, megagroup: channel.megagroup || undefined, id: channelId, access_hash: accessHash, title: channel.title }
    }
    const role = this.world.chats.channelRole(channelId, this.viewerId)
    const min = options.min === true && role === undefined
    return {
      _: 'channel',
      creator: role === 'creator' || undefined,
      left: (role === undefined && !min) || undefined,
      broadcast: channel.broadcast || undefined,
      megagroup: channel.megagroup || undefined,
      signatures: channel.signatures || undefined,
      min: min || undefined,
      id: channelId,
      access_hash: min ? undefined : accessHash,
      title: channel.title,
      username: channel.username,
      photo: this.chatPhoto(channel.photoId),
      date: role === undefined ? channel.date : channel.participants.find((p) => p.userId === this.viewerId)!.date,
      admin_rights: role === 'creator' ? ALL_ADMIN_RIGHTS : role === 'admin' ? { ...ALL_ADMIN_RIGHTS, add_admins: false } : undefined,
      default_banned_rights: channel.megagroup ? NO_BANNED_RIGHTS : undefined,
      participants_count: channel.participants.length,
    } satisfies TlConstructors['channel']
  }

  /** The user or chat object for a peer (users go in `users`, the others in `chats`). */
  entity(ref: PeerRef, options: RenderOptions = {}): TlUser | TlChat {
    switch (ref.kind) {
      case 'user':
        return this.user(ref.id, options)
      case 'chat':
        return this.chat(ref.id)
      case 'channel':
        return this.channel(ref.id, options)
    }
  }

  /** The `users` and `chats` lists for a set of peers, each once, in first-seen order. */
  entities(peers: Iterable<PeerRef>, options: RenderOptions = {}): { users: TlUser[]; chats: TlChat[] } {
    const seen = new Set<string>()
    const users: TlUser[] = []
    const chats: TlChat[] = []
    for (const ref of peers) {
      const key = peerKey(ref)
      if (seen.has(key)) continue
      seen.add(key)
      if (ref.kind === 'user') users.push(this.user(ref.id, options))
      else chats.push(this.entity(ref, options) as TlChat)
    }
    return { users, chats }
  }

  /** The `users` and `chats` lists that accompany these messages. */
  entitiesOf(messages: Iterable<MessageRecord>): { users: TlUser[]; chats: TlChat[] } {
    const peers: PeerRef[] = []
    for (const message of messages) peers.push(...this.world.messages.peersOf(message))
    return this.entities(peers)
  }

  message(record: MessageRecord): TlMessage {
    const inChannel = record.peer.kind === 'channel'
    const out = this.world.messages.isOutgoing(this.viewerId, record)
    // Private chats carry from_id only on the viewer's own messages; groups always; broadcast posts never.
    const fromId =
      record.fromId === undefined || record.post || (record.peer.kind === 'user' && !out) ? undefined : toTlPeer(userPeer(record.fromId))
    const replyTo: TlConstructors['messageReplyHeader'] | undefined = record.replyTo && {
      _: 'messageReplyHeader',
      reply_to_msg_id: record.replyTo.msgId,
      reply_to_top_id: record.replyTo.topMsgId,
      quote: record.replyTo.quoteText !== undefined || undefined,
      quote_text: record.replyTo.quoteText,
    }
    if (record.action) {
      return {
        _: 'messageService',
        out: out || undefined,
        mentioned: record.mentioned || undefined,
        media_unread: record.mediaUnread || undefined,
        silent: record.silent || undefined,
        post: record.post || undefined,
        id: record.id,
        from_id: fromId,
        peer_id: toTlPeer(record.peer),
        reply_to: replyTo,
        date: record.date,
        action: record.action,
      } satisfies TlConstructors['messageService']
    }
    return {
      _: 'message',
      out: out || undefined,
      mentioned: record.mentioned || undefined,
      media_unread: record.mediaUnread || undefined,
      silent: record.silent || undefined,
      post: record.post || undefined,
      pinned: record.pinned || undefined,
      id: record.id,
      from_id: fromId,
      peer_id: toTlPeer(record.peer),
      fwd_from: record.fwdFrom,
      reply_to: replyTo,
      date: record.date,
      message: record.text,
      media: record.media,
      entities: record.entities.length > 0 ? record.entities : undefined,
      views: inChannel ? record.views : undefined,
      forwards: inChannel ? record.forwards : undefined,
      edit_date: record.editDate,
      post_author: record.postAuthor,
      grouped_id: record.groupedId,
      reply_markup: record.replyMarkup,
    } satisfies TlConstructors['message']
  }

  dialog(record: DialogRecord): TlConstructors['dialog'] {
    return {
      _: 'dialog',
      pinned: record.pinnedRank !== undefined || undefined,
      unread_mark: record.unreadMark || undefined,
      peer: toTlPeer(record.peer),
      top_message: record.topMessage,
      read_inbox_max_id: record.readInboxMaxId,
      read_outbox_max_id: record.readOutboxMaxId,
      unread_count: this.world.messages.unreadCount(this.viewerId, record),
      unread_mentions_count: this.world.messages.unreadMentionsCount(this.viewerId, record),
      unread_reactions_count: 0,
      notify_settings: this.notifySettings(record.notify),
      pts: record.peer.kind === 'channel' ? this.world.updates.channelPts(record.peer.id) : undefined,
      folder_id: record.folderId === 1 ? 1 : undefined,
      draft: this.world.drafts.get(this.viewerId, record.peer) ? this.draft(record.peer) : undefined,
    } satisfies TlConstructors['dialog']
  }

  /** The viewer's draft for a dialog; draftMessageEmpty (dated `clearedAt`) when there is none. */
  draft(peer: PeerRef, clearedAt?: number): TlTypes['DraftMessage'] {
    const draft = this.world.drafts.get(this.viewerId, peer)
    if (!draft) return { _: 'draftMessageEmpty', ...(clearedAt !== undefined ? { date: clearedAt } : {}) }
    return {
      _: 'draftMessage',
      no_webpage: draft.noWebpage || undefined,
      reply_to: draft.replyToMsgId === undefined ? undefined : { _: 'inputReplyToMessage', reply_to_msg_id: draft.replyToMsgId },
      message: draft.text,
      entities: draft.entities.length > 0 ? [...draft.entities] : undefined,
      date: draft.date,
    }
  }

  notifySettings(settings: NotifySettingsRecord): TlConstructors['peerNotifySettings'] {
    return {
      _: 'peerNotifySettings',
      show_previews: settings.showPreviews,
      silent: settings.silent,
      mute_until: settings.muteUntil || undefined,
    }
  }

  /**
   * A channel update as logged (rendered for the acting account) re-rendered for this viewer: the `out` flag
   * of the message it carries depends on who looks.
   */
  channelUpdate(update: TlTypes['Update']): TlTypes['Update'] {
    if (update._ !== 'updateNewChannelMessage' && update._ !== 'updateEditChannelMessage') return update
    const message = update.message
    if (message._ === 'messageEmpty') return update
    const peer = message.peer_id
    if (peer._ !== 'peerChannel') return update
    const record = this.world.messages.inChannel(peer.channel_id, message.id)
    const out = record ? this.world.messages.isOutgoing(this.viewerId, record) : false
    return { ...update, message: { ...message, out: out || undefined } }
  }

  private profilePhoto(photoId: bigint): TlConstructors['userProfilePhoto'] {
    return { _: 'userProfilePhoto', photo_id: photoId, stripped_thumb: this.world.photos.strippedThumb(photoId), dc_id: this.world.photos.dcOf(photoId) }
  }

  private chatPhoto(photoId: bigint | undefined): TlTypes['ChatPhoto'] {
    if (photoId === undefined) return { _: 'chatPhotoEmpty' }
    return { _: 'chatPhoto', photo_id: photoId, stripped_thumb: this.world.photos.strippedThumb(photoId), dc_id: this.world.photos.dcOf(photoId) }
  }

  private status(account: Account, self: boolean): TlTypes['UserStatus'] | undefined {
    if (account.bot || account.id === SERVICE_USER_ID) return undefined
    if (self) return { _: 'userStatusOnline', expires: account.lastSeenAt + 300 }
    return { _: 'userStatusOffline', was_online: account.lastSeenAt }
  }
}
