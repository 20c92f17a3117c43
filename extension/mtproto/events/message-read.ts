/**
 * MessageRead, after Telethon's events.MessageRead: someone read this account's messages (the
 * outbox, the default), or this account read a chat (the inbox, with `inbox: true`), or the contents
 * of messages were opened (voice notes, round videos).
 */
import { getPeerId, markPeerId } from '../entities/peer-id'
import type { TelegramClient } from '../client/telegram-client'
import { EventBuilder, type BuildContext, type CommonFilters, type Delivered } from './event-builder'

export interface MessageReadFilters extends CommonFilters<MessageReadEvent> {
  /** Fire for chats this account read instead of for its own messages being read. */
  inbox?: boolean
}

export class MessageReadEvent {
  constructor(
    /** The chat; undefined for content reads outside channels, which do not name one. */
    readonly chatId: bigint | undefined,
    /** Every message up to this id has been read (0 for content reads). */
    readonly maxId: number,
    /** This account read someone else's messages. */
    readonly inbox: boolean,
    /** The messages whose contents were opened, for content reads. */
    readonly messageIds: readonly number[],
    readonly client: TelegramClient,
  ) {}

  get outbox(): boolean {
    return !this.inbox
  }

  /** What was read were contents (voice notes, videos), not the chat up to an id. */
  get contents(): boolean {
    return this.messageIds.length > 0
  }

  /** Whether a message (or its id) counts as read by this event. */
  isRead(message: number | { id: number }): boolean {
    const id = typeof message === 'number' ? message : message.id
    return this.contents ? this.messageIds.includes(id) : id <= this.maxId
  }
}

export class MessageRead extends EventBuilder<MessageReadEvent> {
  constructor(protected override readonly filters: MessageReadFilters = {}) {
    super(filters)
  }

  build(update: Delivered, context: BuildContext): MessageReadEvent | undefined {
    const { client } = context
    switch (update._) {
      case 'updateReadHistoryInbox':
        return new MessageReadEvent(getPeerId(update.peer), update.max_id, true, [], client)
      case 'updateReadHistoryOutbox':
        return new MessageReadEvent(getPeerId(update.peer), update.max_id, false, [], client)
      case 'updateReadChannelInbox':
        return new MessageReadEvent(markPeerId('channel', update.channel_id), update.max_id, true, [], client)
      case 'updateReadChannelOutbox':
        return new MessageReadEvent(markPeerId('channel', update.channel_id), update.max_id, false, [], client)
      case 'updateReadMessagesContents':
        return new MessageReadEvent(undefined, 0, true, update.messages, client)
      case 'updateChannelReadMessagesContents':
        return new MessageReadEvent(markPeerId('channel', update.channel_id), 0, true, update.messages, client)
      default:
        return undefined
    }
  }

  protected chatIdOf(event: MessageReadEvent): bigint | undefined {
    return event.chatId
  }

  protected override matchesOwn(event: MessageReadEvent): boolean {
    return event.inbox === (this.filters.inbox ?? false)
  }
}
