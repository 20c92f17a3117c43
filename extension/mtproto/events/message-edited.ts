/**
 * MessageEdited: a message changed, after Telethon's events.MessageEdited; it filters like NewMessage.
 * As in Telegram, `out` says who sent the message, not who edited it.
 */
import { Message } from '../client/message'
import type { BuildContext, Delivered } from './event-builder'
import { NewMessage, NewMessageEvent } from './new-message'

export class MessageEditedEvent extends NewMessageEvent {}

export class MessageEdited extends NewMessage<MessageEditedEvent> {
  override build(update: Delivered, context: BuildContext): MessageEditedEvent | undefined {
    if (update._ !== 'updateEditMessage' && update._ !== 'updateEditChannelMessage') return undefined
    const raw = update.message
    if (raw._ !== 'message') return undefined
    return new MessageEditedEvent(new Message(raw, context.entities, context.client), context.client)
  }
}
