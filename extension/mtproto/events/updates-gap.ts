/**
 * UpdatesGap: updates were lost for good (Telegram answered a difference with a too-long form), so a
 * client showing chats must refetch them: the account's dialogs, or the one channel named.
 */
import { markPeerId } from '../entities/peer-id'
import type { TelegramClient } from '../client/telegram-client'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { EventBuilder, type BuildContext, type Delivered } from './event-builder'

export class UpdatesGapEvent {
  constructor(
    /** The channel's marked id, or undefined when the whole account skipped ahead. */
    readonly chatId: bigint | undefined,
    /** The newest messages the server handed over with a channel's too-long answer. */
    readonly messages: readonly TlTypes['Message'][],
    readonly client: TelegramClient,
  ) {}
}

export class UpdatesGap extends EventBuilder<UpdatesGapEvent> {
  build(update: Delivered, context: BuildContext): UpdatesGapEvent | undefined {
    if (update._ !== 'updatesGap') return undefined
    return new UpdatesGapEvent(update.channelId === undefined ? undefined : markPeerId('channel', update.channelId), update.messages, context.client)
  }

  protected chatIdOf(event: UpdatesGapEvent): bigint | undefined {
    return event.chatId
  }
}
