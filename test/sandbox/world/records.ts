// The world's records: plain data only (no classes, no functions), so that a snapshot is the records themselves
// (see snapshot.ts). TL objects are built from them per viewer in view.ts.
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { PeerKey, PeerRef } from './peers'

export type MessageEntity = TlTypes['MessageEntity']
export type MessageMedia = TlTypes['MessageMedia']
export type MessageAction = TlTypes['MessageAction']
export type FwdHeader = TlConstructors['messageFwdHeader']
export type ReplyMarkup = TlTypes['ReplyMarkup']

/** Two-step verification as the server keeps it: the SRP verifier, never the password. */
export interface PasswordRecord {
  readonly salt1: Uint8Array
  readonly salt2: Uint8Array
  /** v = g^x mod p, 256 bytes (crypto/srp.ts srpVerifier). */
  readonly verifier: Uint8Array
  readonly hint: string
}

/** A user account (person, bot or service account). Its id is its user id, the same for every viewer. */
export interface Account {
  readonly id: bigint
  /** Digits only, no '+', as Telegram stores them. */
  phone: string
  firstName: string
  lastName: string
  username: string | undefined
  about: string
  readonly bot: boolean
  /** `<id>:<secret>` for auth.importBotAuthorization. */
  readonly botToken: string | undefined
  /** Flags Telegram puts on its own accounts (777000). */
  readonly verified: boolean
  readonly support: boolean
  /** The DC where the account lives; signing in elsewhere answers PHONE_MIGRATE_X / USER_MIGRATE_X. */
  readonly homeDc: number
  /** Profile photo ids, newest first; the photos themselves are media (S3). */
  photoIds: bigint[]
  password: PasswordRecord | undefined
  /** User ids in this account's contact list. */
  contacts: bigint[]
  readonly createdAt: number
  /** Unixtime of the last signed-in call, for userStatusOffline. */
  lastSeenAt: number
}

export interface ChatParticipantRecord {
  readonly userId: bigint
  readonly inviterId: bigint
  readonly date: number
  admin: boolean
}

/** A basic group. Its messages live in each member's own box, with per-member ids. */
export interface BasicGroup {
  readonly id: bigint
  title: string
  readonly creatorId: bigint
  readonly date: number
  photoId: bigint | undefined
  participants: ChatParticipantRecord[]
  /** Members who left by themselves see `chat` with `left`; removed ones see chatForbidden. */
  leftIds: bigint[]
  kickedIds: bigint[]
  /** Bumped on every participant change (chatParticipants.version). */
  version: number
  deactivated: boolean
}

export type ChannelRole = 'creator' | 'admin' | 'member'

export interface ChannelParticipantRecord {
  readonly userId: bigint
  readonly inviterId: bigint | undefined
  readonly date: number
  role: ChannelRole
}

/** A supergroup (megagroup) or broadcast channel. Its messages live in one shared box. */
export interface Channel {
  readonly id: bigint
  title: string
  about: string
  username: string | undefined
  readonly broadcast: boolean
  readonly megagroup: boolean
  readonly creatorId: bigint
  readonly date: number
  photoId: bigint | undefined
  /** Post signatures in broadcast channels. */
  signatures: boolean
  participants: ChannelParticipantRecord[]
  kickedIds: bigint[]
}

export interface ReplyToRecord {
  /** Id in the same box as the replying message. */
  readonly msgId: number
  readonly topMsgId?: number
  readonly quoteText?: string
}

/**
 * One message in one box. Private chats and basic groups keep a copy per participant (each in its own box with
 * its own id); a channel keeps one copy. `linkId` ties the copies of one logical message together.
 */
export interface MessageRecord {
  readonly id: number
  readonly linkId: number
  /** The dialog this message belongs to, as the box owner sees it (the other user, the chat, the channel). */
  readonly peer: PeerRef
  /** The author; undefined for a broadcast post, whose author is the channel itself. */
  readonly fromId: bigint | undefined
  /** The box owner sent it. Always false in a channel box: views compute it per viewer. */
  readonly out: boolean
  readonly date: number
  text: string
  entities: MessageEntity[]
  media: MessageMedia | undefined
  /** Seed placeholder (`photo:...`, `document:...`, `voice:...`) that the media module turns into `media`. */
  mediaPlaceholder: string | undefined
  /** For service messages (messageService). */
  readonly action: MessageAction | undefined
  readonly replyTo: ReplyToRecord | undefined
  readonly fwdFrom: FwdHeader | undefined
  editDate: number | undefined
  views: number | undefined
  forwards: number | undefined
  readonly silent: boolean
  /** A broadcast channel post. */
  readonly post: boolean
  readonly postAuthor: string | undefined
  pinned: boolean
  /** The box owner is mentioned (or replied to) by it. */
  mentioned: boolean
  mediaUnread: boolean
  readonly groupedId: bigint | undefined
  /** The sender's random_id; only on the sender's copy (or on the channel copy). */
  readonly randomId: bigint | undefined
  /** A bot's keyboard under the message (inline buttons), as the bot sent it. */
  readonly replyMarkup?: ReplyMarkup
}

/** The messages of one account (private chats and basic groups) or of one channel. */
export interface MessageBox {
  /** The highest id ever given; ids are never reused, deleted ones included. */
  lastId: number
  messages: Map<number, MessageRecord>
  /** Ids per dialog peer, ascending. */
  byPeer: Map<PeerKey, number[]>
  /** `${senderId}:${randomId}` → message id, so a resent request does not post twice. */
  randomIds: Map<string, number>
  /** Recently deleted ids, ascending (bounded), for getDifference and tests. */
  deletedIds: number[]
}

export interface NotifySettingsRecord {
  muteUntil: number
  silent: boolean
  showPreviews: boolean
}

/** One entry of an account's dialog list. Unread counts are computed from the box, not stored. */
export interface DialogRecord {
  readonly peer: PeerRef
  topMessage: number
  /** The top message's date, for ordering the list. */
  topDate: number
  readInboxMaxId: number
  readOutboxMaxId: number
  /** Position among pinned dialogs of its folder (0 = first), or undefined when not pinned. */
  pinnedRank: number | undefined
  /** 0 = main list, 1 = archive. */
  folderId: 0 | 1
  unreadMark: boolean
  notify: NotifySettingsRecord
}

/** A signed-in session: an auth key (on one DC) bound to an account. */
export interface AuthorizationRecord {
  /** authorization.hash, the id account.resetAuthorization takes. */
  readonly hash: bigint
  readonly accountId: bigint
  readonly dcId: number
  readonly authKeyId: bigint
  /** How it was made: a login on the home DC, or auth.importAuthorization / a bot token. */
  readonly via: 'code' | 'password' | 'signup' | 'qr' | 'import' | 'bot'
  readonly createdAt: number
  activeAt: number
  deviceModel: string
  platform: string
  systemVersion: string
  apiId: number
  appVersion: string
}
