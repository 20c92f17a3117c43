// The MTProto client library's public entry: the friendly TelegramClient, its sessions, entity
// helpers, formatted text and errors. No vscode import: usable from plain Node.
export { TelegramClient } from './client/telegram-client'
export type { TelegramClientOptions, RequestOptions } from './client/client-core'
export type { SentCode, SignInResult, SignUpDetails, StartOptions, QrLoginOptions } from './client/auth'
export type { EntityLike } from './client/users'
export type { RawRequest, BatchOptions } from './client/raw'
export {
  MAX_MESSAGE_LENGTH,
  type EditMessageOptions,
  type ForwardOptions,
  type IterMessagesOptions,
  type ParseMode,
  type SendMessageOptions,
  type TypingAction,
} from './client/messages'
export type { IterDialogsOptions } from './client/dialogs'
export type { IterParticipantsOptions, Participant } from './client/chats'
export type { ProfileChanges } from './client/account'
export { Draft, type SetDraftOptions } from './client/drafts'
export type { AdminRightsOptions, PermissionOptions, ParticipantPermissions } from './client/moderation'
export { AdminLogEvent, type IterAdminLogOptions } from './client/admin-log'
export { ChatAction } from './client/typing'
export { InlineResult, type InlineResults } from './client/bots'
export { Button, buildReplyMarkup, type ButtonLike, type ButtonsLike, type InlineButton, type KeyboardCommand, type KeyboardKey } from './client/buttons'
export { Conversation, ConversationCancelledError, ConversationTimeoutError, type ConversationOptions } from './client/conversation'
export { inviteHash, type ExportedInvite, type InvitePreview } from './client/invites'
export { Message, type Entity, type EntityMap, type TotalList } from './client/message'
export { Dialog, ARCHIVE_FOLDER_ID } from './client/dialog'
export { ClientNotConnectedError, MessageTooLongError, MultiError, SignInError } from './client/errors'
export { UpdateListeners, innerUpdates, type UpdateListener, type UpdateOrigin } from './client/update-listeners'
export { PRODUCTION_DCS, productionRsaKeys } from './client/production'
export type { UpdatesOptions, EventType } from './client/updates'
export type { UploadFileOptions, SendFileOptions, SendableFile } from './client/uploads'
export type { DownloadMediaOptions, DownloadFileOptions, IterDownloadOptions } from './client/downloads'
export * from './events'

export * from './sessions'
export {
  EntityCache,
  EntityNotFoundError,
  InvalidPeerError,
  getDisplayName,
  getInputChannel,
  getInputPeer,
  getInputUser,
  getPeer,
  getPeerId,
  markPeerId,
  parsePeerReference,
  resolveId,
  type PeerLike,
  type PeerReference,
} from './entities'
export { parseHtml, parseMarkdown, toHtml, toMarkdown, InvalidEntityError, type FormattedText, type MessageEntity } from './text'
export { RpcError } from './errors/rpc-error'
export { TlDecodeError, TlResultTypeError } from '../../schema/codec/errors'
export { parseRsaPublicKey, type RsaPublicKey } from './crypto/rsa'
export type { DcAddress } from './network/dc-manager'
export type { CallMiddleware, CallContext } from './network/call-pipeline'
export type { Logger, LogLevel } from './session/session'
export type { ConnectionState, ConnectionStateListener } from './session/connection-state'
export type { ProxyConfig, TransportKind } from './transport'
export type { TlTypes, TlConstructors, TlMethods, TlResults } from '../../schema/codec/generated/types'
