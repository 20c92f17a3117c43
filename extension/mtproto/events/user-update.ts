/**
 * UserUpdate, after Telethon's events.UserUpdate: a user is typing (or uploading, recording...) in a
 * chat, or went online or offline. The typing flags read the SendMessageAction; the status ones the
 * UserStatus. Check `action` or `status` first: the flags of the other kind are all false.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import { getPeerId, markPeerId } from '../entities/peer-id'
import type { TelegramClient } from '../client/telegram-client'
import { EventBuilder, type BuildContext, type Delivered } from './event-builder'

type Action = TlTypes['SendMessageAction']
type Status = TlTypes['UserStatus']

const UPLOADS = new Set<Action['_']>([
  'sendMessageUploadVideoAction',
  'sendMessageUploadAudioAction',
  'sendMessageUploadPhotoAction',
  'sendMessageUploadDocumentAction',
  'sendMessageUploadRoundAction',
])
const RECORDINGS = new Set<Action['_']>(['sendMessageRecordVideoAction', 'sendMessageRecordAudioAction', 'sendMessageRecordRoundAction'])

export class UserUpdateEvent {
  constructor(
    readonly userId: bigint,
    /** Where the user is typing: the user's own chat, a group or a channel; undefined for status changes. */
    readonly chatId: bigint | undefined,
    readonly action: Action | undefined,
    readonly status: Status | undefined,
    readonly client: TelegramClient,
  ) {}

  get typing(): boolean {
    return this.action?._ === 'sendMessageTypingAction'
  }
  get uploading(): boolean {
    return this.action !== undefined && UPLOADS.has(this.action._)
  }
  get recording(): boolean {
    return this.action !== undefined && RECORDINGS.has(this.action._)
  }
  get playing(): boolean {
    return this.action?._ === 'sendMessageGamePlayAction'
  }
  /** The user stopped whatever they were doing. */
  get cancel(): boolean {
    return this.action?._ === 'sendMessageCancelAction'
  }
  get sticker(): boolean {
    return this.action?._ === 'sendMessageChooseStickerAction'
  }

  get online(): boolean {
    return this.status?._ === 'userStatusOnline'
  }
  /** When the user was last seen, if the status says it exactly. */
  get lastSeen(): Date | undefined {
    return this.status?._ === 'userStatusOffline' ? new Date(this.status.was_online * 1000) : undefined
  }
  /** Until when the user counts as online. */
  get until(): Date | undefined {
    return this.status?._ === 'userStatusOnline' ? new Date(this.status.expires * 1000) : undefined
  }
  get recently(): boolean {
    return this.status?._ === 'userStatusRecently'
  }
  get withinWeeks(): boolean {
    return this.status?._ === 'userStatusLastWeek'
  }
  get withinMonths(): boolean {
    return this.status?._ === 'userStatusLastMonth'
  }
}

export class UserUpdate extends EventBuilder<UserUpdateEvent> {
  build(update: Delivered, context: BuildContext): UserUpdateEvent | undefined {
    const { client } = context
    switch (update._) {
      case 'updateUserTyping':
        return new UserUpdateEvent(update.user_id, update.user_id, update.action, undefined, client)
      case 'updateChatUserTyping':
        return new UserUpdateEvent(getPeerId(update.from_id), markPeerId('chat', update.chat_id), update.action, undefined, client)
      case 'updateChannelUserTyping':
        return new UserUpdateEvent(getPeerId(update.from_id), markPeerId('channel', update.channel_id), update.action, undefined, client)
      case 'updateUserStatus':
        return new UserUpdateEvent(update.user_id, undefined, undefined, update.status, client)
      default:
        return undefined
    }
  }

  /** Status changes are matched by the user, typing by the chat it happens in. */
  protected chatIdOf(event: UserUpdateEvent): bigint | undefined {
    return event.chatId ?? event.userId
  }
}
