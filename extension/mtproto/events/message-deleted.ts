/**
 * MessageDeleted, after Telethon's events.MessageDeleted. Outside channels Telegram does not say in
 * which chat the messages were (message ids are per account there), so `chatId` is only known for
 * channels and a `chats` filter only matches channel deletions.
 */
import { markPeerId } from '../entities/peer-id'
import type { TelegramClient } from '../client/telegram-client'
import { EventBuilder, type BuildContext, type Delivered } from './event-builder'

export class MessageDeletedEvent {
  constructor(
    readonly deletedIds: readonly number[],
    /** The channel's marked id; undefined for private chats and basic groups. */
    readonly chatId: bigint | undefined,
    readonly client: TelegramClient,
  ) {}

  get deletedId(): number {
    return this.deletedIds[0]!
  }
}

export class MessageDeleted extends EventBuilder<MessageDeletedEvent> {
  build(update: Delivered, context: BuildContext): MessageDeletedEvent | undefined {
    if (update._ === 'updateDeleteMessages') return new MessageDeletedEvent(update.messages, undefined, context.client)
    if (update._ === 'updateDeleteChannelMessages') return new MessageDeletedEvent(update.messages, markPeerId('channel', update.channel_id), context.client)
    return undefined
  }

  protected chatIdOf(event: MessageDeletedEvent): bigint | undefined {
    return event.chatId
  }
}
