/**
 * The typed contract between the extension host and the chat webview, imported by both sides.
 *
 * Three kinds of message, each with a scoped method name (`scope/action`):
 * - commands: webview → host, fire and forget;
 * - requests: webview → host, answered by exactly one response (or error) carrying the same id;
 * - notifications: host → webview, pushed at any time.
 *
 * Everything here is plain JSON-safe data. Ids that can exceed 2^53 (peer ids, grouped ids) are strings;
 * message ids are int32 and stay numbers. No session, auth key, api_hash or token ever travels host → webview;
 * the only secrets that cross are the ones the user types into the sign-in forms, on their way to the host.
 */

// ---------------------------------------------------------------------------------------------------------
// View models
// ---------------------------------------------------------------------------------------------------------

/** A marked peer id as Telethon writes it (users positive, chats negative, channels -100…), as a string. */
export type PeerId = string

export type PeerKind = 'user' | 'bot' | 'group' | 'channel'

/** An image the webview may show: a webview resource URI, or a `data:`/`blob:` URI made by the host. */
export type ImageUri = string

/**
 * A profile photo, as the dialog list and chat rows show it: `previewUri` is the blurry stripped preview that
 * travels inside the peer itself (shown at once); the real small photo is asked for with `peer/photo` by the
 * rows that come into view. `id` changes when the peer sets a new photo.
 */
export interface ProfilePhotoView {
  id: string
  previewUri?: ImageUri
}

export interface UserView {
  id: PeerId
  /** Display name, untrusted. */
  name: string
  username?: string
  photo?: ProfilePhotoView
  bot?: boolean
  verified?: boolean
}

export interface DialogView {
  peerId: PeerId
  kind: PeerKind
  title: string
  username?: string
  photo?: ProfilePhotoView
  /** Unix seconds of the top message; the list is sorted by pin order, then by this. */
  date: number
  /** The last message, as a one-line preview (service messages already described by the host). */
  preview?: { text: string; senderName?: string; out?: boolean; mediaLabel?: string }
  unreadCount: number
  unreadMentions: number
  /** Position among pinned dialogs (0 first); absent when not pinned. */
  pinnedOrder?: number
  muted?: boolean
  verified?: boolean
  /** Outgoing top message was read by the other side. */
  outRead?: boolean
  draft?: string
}

/** A message entity as Telegram defines it: offsets and lengths in UTF-16 code units. */
export type EntityType =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strike'
  | 'spoiler'
  | 'code'
  | 'pre'
  | 'blockquote'
  | 'url'
  | 'textUrl'
  | 'email'
  | 'phone'
  | 'mention'
  | 'mentionName'
  | 'hashtag'
  | 'cashtag'
  | 'botCommand'
  | 'customEmoji'

export interface EntityView {
  type: EntityType
  offset: number
  length: number
  /** `textUrl` only. */
  url?: string
  /** `pre` only: the language tag the sender gave. */
  language?: string
  /** `mentionName` only. */
  userId?: PeerId
}

export type DownloadState = 'idle' | 'downloading' | 'done' | 'failed' | 'cancelled'

export type MediaView =
  /** `thumbUri` is the stripped preview; the small rendition comes from `media/thumb`, the full size from `media/photo`. */
  | { kind: 'photo'; width: number; height: number; thumbUri?: ImageUri; spoiler?: boolean }
  | { kind: 'document'; fileName: string; mimeType: string; size: number }
  /** The static image comes from `media/thumb` (or is `uri` when the host already has it). */
  | { kind: 'sticker'; emoji?: string; width: number; height: number; uri?: ImageUri }
  | { kind: 'audio'; voice: boolean; duration: number; title?: string; performer?: string; fileName?: string; size: number }
  | { kind: 'video'; width: number; height: number; duration: number; thumbUri?: ImageUri; fileName?: string; size: number; round?: boolean }
  | { kind: 'unsupported'; label: string }

export type ServiceAction =
  | { type: 'chatCreated'; title: string }
  | { type: 'usersJoined'; userIds: PeerId[] }
  | { type: 'userLeft'; userId: PeerId }
  | { type: 'joinedByLink' }
  | { type: 'titleChanged'; title: string }
  | { type: 'photoChanged' }
  | { type: 'pinned'; messageId: number }
  | { type: 'other'; label: string }

export interface ButtonView {
  text: string
  /** What pressing does: a callback to the bot, or a link the host opens after confirmation. */
  action: { type: 'callback'; data: string } | { type: 'url'; url: string } | { type: 'other' }
}

export interface MessageView {
  id: number
  peerId: PeerId
  /** Unix seconds. */
  date: number
  out: boolean
  senderId?: PeerId
  /** Untrusted plain text; formatting comes only from `entities`. */
  text: string
  entities: EntityView[]
  media?: MediaView
  replyTo?: { messageId: number; senderName?: string; snippet: string }
  forward?: { fromName: string; date: number }
  service?: ServiceAction
  /** Channel posts. */
  views?: number
  signature?: string
  /** Unix seconds of the last edit: the "edited" mark. */
  editDate?: number
  pinned?: boolean
  groupedId?: string
  buttons?: ButtonView[][]
}

export interface ChatView {
  peerId: PeerId
  kind: PeerKind
  title: string
  photo?: ProfilePhotoView
  membersCount?: number
  verified?: boolean
  /** Incoming messages up to this id are read by us; the first unread separator goes after it. */
  readInboxMaxId: number
  /** Outgoing messages up to this id are read by the other side (read receipts). */
  readOutboxMaxId: number
  unreadCount: number
  canSend: boolean
  /** Whether we may delete for everyone (our own messages, or as an admin). */
  canDeleteForEveryone: boolean
}

export interface TypingView {
  userId: PeerId
  name: string
  action: 'typing' | 'recordingVoice' | 'uploadingPhoto' | 'uploadingDocument' | 'choosingSticker'
}

export interface DownloadProgress {
  peerId: PeerId
  messageId: number
  state: DownloadState
  received: number
  total: number
  /** Set once done, for media that can be shown inline (photo full size, audio, sticker). */
  uri?: ImageUri
  error?: string
}

export type ConnectionState = 'connecting' | 'connected' | 'updating' | 'offline'

export interface AccountView {
  id: string
  name: string
  kind: 'user' | 'bot'
}

export type SignInStep =
  | { step: 'choose' }
  | { step: 'phone'; error?: string }
  | { step: 'code'; phone: string; codeLength?: number; via: 'app' | 'sms' | 'call' | 'other'; error?: string }
  | { step: 'password'; hint?: string; error?: string }
  /** The number has no account yet: Telegram's terms (plain text), then a name creates one. */
  | { step: 'signUp'; phone: string; termsOfService: string; error?: string }
  /** The QR code as rows of '0'/'1' modules; the host refreshes it before `expiresAt` (unix seconds). */
  | { step: 'qr'; modules: string[]; expiresAt: number; error?: string }
  | { step: 'botToken'; error?: string }
  | { step: 'waiting'; label: string }

export type SessionView =
  | { state: 'signedOut'; signIn: SignInStep }
  /**
   * Signed in. While the connection is down the chats stay on screen (cached) under a banner; `retryAt` is when
   * the next connection attempt starts (ms since the epoch), for its countdown.
   */
  | { state: 'ready'; account: AccountView; connection: ConnectionState; retryAt?: number }

export type DialogFolder = 'main' | 'archive'

/** An opaque pagination cursor made by the host. */
export type DialogCursor = string

export type FileDrop =
  /** Files dragged from VS Code's Explorer arrive as URIs. */
  | { kind: 'uris'; uris: string[] }
  /** Files from the operating system arrive as bytes (base64). */
  | { kind: 'bytes'; name: string; mimeType: string; base64: string }

// ---------------------------------------------------------------------------------------------------------
// Commands: webview → host
// ---------------------------------------------------------------------------------------------------------

export interface CommandParams {
  'app/ready': { restoredPeerId?: PeerId }
  /** "Retry now" on the connection banner: try to connect at once instead of waiting for the next attempt. */
  'app/reconnect': Record<string, never>
  'auth/choose': { method: 'phone' | 'qr' | 'botToken' }
  'auth/submitPhone': { phone: string }
  'auth/submitCode': { code: string }
  'auth/submitPassword': { password: string }
  'auth/submitBotToken': { token: string }
  /** Accepts the terms of service shown in the 'signUp' step and creates the account with this name. */
  'auth/submitSignUp': { firstName: string; lastName?: string }
  'auth/cancel': Record<string, never>
  'chat/open': { peerId: PeerId }
  'chat/close': { peerId: PeerId }
  'chat/openInEditor': { peerId: PeerId }
  'chat/markRead': { peerId: PeerId; maxId: number }
  'chat/typing': { peerId: PeerId }
  'chat/delete': { peerId: PeerId; ids: number[]; forEveryone: boolean }
  'chat/attach': { peerId: PeerId; replyToId?: number }
  'chat/dropFiles': { peerId: PeerId; files: FileDrop; replyToId?: number }
  'chat/sendAsFile': { peerId: PeerId; text: string; replyToId?: number }
  'chat/pressButton': { peerId: PeerId; messageId: number; row: number; column: number }
  'media/download': { peerId: PeerId; messageId: number }
  'media/cancel': { peerId: PeerId; messageId: number }
  'media/open': { peerId: PeerId; messageId: number }
  'media/reveal': { peerId: PeerId; messageId: number }
  /** The host opens only http(s), tg and mailto, showing the real URL first when `text` differs. */
  'link/open': { url: string; text: string }
  'peer/openUsername': { username: string }
  'peer/openId': { peerId: PeerId }
  'code/openInEditor': { code: string; language?: string }
  'clipboard/write': { text: string }
}

// ---------------------------------------------------------------------------------------------------------
// Requests: webview → host, with typed responses
// ---------------------------------------------------------------------------------------------------------

export interface RequestTypes {
  'dialogs/list': {
    params: { folder: DialogFolder; cursor?: DialogCursor; limit: number; query?: string }
    result: { dialogs: DialogView[]; users: UserView[]; next?: DialogCursor; archivedCount?: number }
  }
  'chat/info': { params: { peerId: PeerId }; result: ChatView }
  'chat/history': {
    /** `before`: older than this id; `around`: centred on it; neither: the newest. */
    params: { peerId: PeerId; before?: number; around?: number; limit: number }
    result: { messages: MessageView[]; users: UserView[]; hasOlder: boolean; hasNewer: boolean }
  }
  'chat/send': {
    params: { peerId: PeerId; text: string; replyToId?: number }
    result: { message: MessageView }
  }
  'chat/edit': {
    params: { peerId: PeerId; messageId: number; text: string }
    result: { message: MessageView }
  }
  /** Full-size photo (or sticker) as a webview-safe URI, downloaded by the host. */
  'media/photo': { params: { peerId: PeerId; messageId: number }; result: { uri: ImageUri } }
  /** The small rendition of a photo (`m`, else `s`), a video's thumbnail, or a sticker's image. */
  'media/thumb': { params: { peerId: PeerId; messageId: number }; result: { uri: ImageUri } }
  /** A peer's small profile photo; `photoId` is the `ProfilePhotoView.id` the webview saw. */
  'peer/photo': { params: { peerId: PeerId; photoId: string }; result: { uri: ImageUri } }
  /** Messages of one chat matching `query` (a hashtag, or any text), newest first. */
  'chat/search': {
    params: { peerId: PeerId; query: string; limit: number }
    result: { messages: MessageView[]; users: UserView[] }
  }
}

export type RequestMethod = keyof RequestTypes
export type RequestParams<M extends RequestMethod> = RequestTypes[M]['params']
export type RequestResult<M extends RequestMethod> = RequestTypes[M]['result']

// ---------------------------------------------------------------------------------------------------------
// Notifications: host → webview
// ---------------------------------------------------------------------------------------------------------

export interface NotificationParams {
  'session/changed': SessionView
  /** Sidebar → panel hand-off, or "Open Chat" from the palette. */
  'view/showChat': { peerId: PeerId }
  'dialogs/upsert': { dialogs: DialogView[] }
  'dialogs/remove': { peerIds: PeerId[] }
  'users/upsert': { users: UserView[] }
  'chat/newMessages': { peerId: PeerId; messages: MessageView[] }
  'chat/edited': { peerId: PeerId; message: MessageView }
  'chat/deleted': { peerId: PeerId; ids: number[] }
  'chat/readInbox': { peerId: PeerId; maxId: number; unreadCount: number }
  'chat/readOutbox': { peerId: PeerId; maxId: number }
  'chat/typing': { peerId: PeerId; typing: TypingView[] }
  'media/progress': DownloadProgress
  /** An action the host could not carry out, said in words the user understands. */
  'app/error': { message: string }
}

// ---------------------------------------------------------------------------------------------------------
// Saved state
// ---------------------------------------------------------------------------------------------------------

/**
 * The one field of a webview's saved state (`setState`) the host reads: which chat an editor tab showed, so
 * the tab comes back after a window reload. The rest of the state is the app's own business.
 */
export interface RestorableState {
  openChat?: PeerId
}

/** The chat a saved state names, if it names a well-formed peer id; anything else restores nothing. */
export function restorableChat(state: unknown): PeerId | undefined {
  if (!isObject(state)) return undefined
  const peerId = state.openChat
  return typeof peerId === 'string' && /^-?\d{1,20}$/.test(peerId) ? peerId : undefined
}

// ---------------------------------------------------------------------------------------------------------
// Wire messages and their unions
// ---------------------------------------------------------------------------------------------------------

export type CommandMethod = keyof CommandParams
export type NotificationMethod = keyof NotificationParams

export type CommandMessage = {
  [M in CommandMethod]: { kind: 'command'; method: M; params: CommandParams[M] }
}[CommandMethod]

export type RequestMessage = {
  [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestParams<M> }
}[RequestMethod]

export type NotificationMessage = {
  [M in NotificationMethod]: { kind: 'notification'; method: M; params: NotificationParams[M] }
}[NotificationMethod]

export type ResponseMessage =
  | { [M in RequestMethod]: { kind: 'response'; id: number; method: M; result: RequestResult<M> } }[RequestMethod]
  | { kind: 'error'; id: number; method: RequestMethod; message: string }

/** Everything the webview posts to the host. */
export type WebviewToHost = CommandMessage | RequestMessage
/** Everything the host posts to the webview. */
export type HostToWebview = NotificationMessage | ResponseMessage

// The method names again, as values, so the type guards can check them at run time. `satisfies` keeps each
// list complete: adding a method to an interface above without listing it here is a compile error.
const commandMethods = {
  'app/ready': 1, 'app/reconnect': 1, 'auth/choose': 1, 'auth/submitPhone': 1, 'auth/submitCode': 1, 'auth/submitPassword': 1,
  'auth/submitBotToken': 1, 'auth/submitSignUp': 1, 'auth/cancel': 1, 'chat/open': 1, 'chat/close': 1, 'chat/openInEditor': 1,
  'chat/markRead': 1, 'chat/typing': 1, 'chat/delete': 1, 'chat/attach': 1, 'chat/dropFiles': 1,
  'chat/sendAsFile': 1, 'chat/pressButton': 1, 'media/download': 1, 'media/cancel': 1, 'media/open': 1,
  'media/reveal': 1, 'link/open': 1, 'peer/openUsername': 1, 'peer/openId': 1, 'code/openInEditor': 1,
  'clipboard/write': 1,
} as const satisfies Record<CommandMethod, 1>

const requestMethods = {
  'dialogs/list': 1, 'chat/info': 1, 'chat/history': 1, 'chat/send': 1, 'chat/edit': 1, 'media/photo': 1,
  'media/thumb': 1, 'peer/photo': 1, 'chat/search': 1,
} as const satisfies Record<RequestMethod, 1>

const notificationMethods = {
  'session/changed': 1, 'view/showChat': 1, 'dialogs/upsert': 1, 'dialogs/remove': 1, 'users/upsert': 1,
  'chat/newMessages': 1, 'chat/edited': 1, 'chat/deleted': 1, 'chat/readInbox': 1, 'chat/readOutbox': 1,
  'chat/typing': 1, 'media/progress': 1, 'app/error': 1,
} as const satisfies Record<NotificationMethod, 1>

const has = (table: object, key: unknown): boolean => typeof key === 'string' && Object.hasOwn(table, key)

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value)

/** Checks the envelope of a message from the webview; the host validates params of each method it handles. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (!isObject(value) || !isObject(value.params)) return false
  if (value.kind === 'command') return has(commandMethods, value.method)
  if (value.kind === 'request') return isId(value.id) && has(requestMethods, value.method)
  return false
}

/** Checks the envelope of a message from the host. */
export function isHostToWebview(value: unknown): value is HostToWebview {
  if (!isObject(value)) return false
  if (value.kind === 'notification') return has(notificationMethods, value.method) && isObject(value.params)
  if (value.kind === 'response') return isId(value.id) && has(requestMethods, value.method) && 'result' in value
  if (value.kind === 'error') return isId(value.id) && has(requestMethods, value.method) && typeof value.message === 'string'
  return false
}

/** Narrows a command to one method: `if (isCommand(msg, 'chat/open')) msg.params.peerId`. */
export function isCommand<M extends CommandMethod>(
  message: WebviewToHost,
  method: M,
): message is Extract<CommandMessage, { method: M }> {
  return message.kind === 'command' && message.method === method
}

export function isRequest<M extends RequestMethod>(
  message: WebviewToHost,
  method: M,
): message is Extract<RequestMessage, { method: M }> {
  return message.kind === 'request' && message.method === method
}

export function isNotification<M extends NotificationMethod>(
  message: HostToWebview,
  method: M,
): message is Extract<NotificationMessage, { method: M }> {
  return message.kind === 'notification' && message.method === method
}

// Builders, so neither side spells an envelope by hand.
export const command = <M extends CommandMethod>(method: M, params: CommandParams[M]): WebviewToHost =>
  ({ kind: 'command', method, params }) as WebviewToHost

export const notification = <M extends NotificationMethod>(method: M, params: NotificationParams[M]): HostToWebview =>
  ({ kind: 'notification', method, params }) as HostToWebview

export const response = <M extends RequestMethod>(id: number, method: M, result: RequestResult<M>): HostToWebview =>
  ({ kind: 'response', id, method, result }) as HostToWebview

export const errorResponse = (id: number, method: RequestMethod, message: string): HostToWebview => ({
  kind: 'error',
  id,
  method,
  message,
})

/** For exhaustive switches over the unions: a new method that is not handled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled protocol message: ${JSON.stringify(value)}`)
}
