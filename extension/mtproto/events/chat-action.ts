/**
 * ChatAction, after Telethon's events.ChatAction: someone joined, was added, left or was removed, the
 * chat was created or renamed, its photo changed, or a message was pinned. Most of these arrive as
 * service messages; the event keeps that message so it can be replied to or deleted.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { Message } from '../client/message'
import type { SendMessageOptions } from '../client/messages'
import type { TelegramClient } from '../client/telegram-client'
import { markPeerId } from '../entities/peer-id'
import { EventBuilder, type BuildContext, type Delivered } from './event-builder'

export type ChatActionKind = 'join' | 'add' | 'leave' | 'kick' | 'create' | 'title' | 'photo' | 'pin'

export class ChatActionEvent {
  constructor(
    readonly kind: ChatActionKind,
    readonly chatId: bigint,
    /** Who the action is about: those who joined, were added, left or were removed. */
    readonly userIds: readonly bigint[],
    /** Who did it (the adder, the remover, whoever renamed or pinned), when known. */
    readonly actorId: bigint | undefined,
    /** The service message announcing it, when there is one. */
    readonly actionMessage: Message | undefined,
    readonly client: TelegramClient,
  ) {}

  get userJoined(): boolean {
    return this.kind === 'join'
  }
  get userAdded(): boolean {
    return this.kind === 'add'
  }
  get userLeft(): boolean {
    return this.kind === 'leave'
  }
  get userKicked(): boolean {
    return this.kind === 'kick'
  }
  get created(): boolean {
    return this.kind === 'create'
  }
  get userId(): bigint | undefined {
    return this.userIds[0]
  }
  get addedBy(): bigint | undefined {
    return this.kind === 'add' ? this.actorId : undefined
  }
  get kickedBy(): bigint | undefined {
    return this.kind === 'kick' ? this.actorId : undefined
  }
  /** The chat's new title, for renames and creations. */
  get newTitle(): string | undefined {
    const action = this.actionMessage?.action
    return action && 'title' in action && typeof action.title === 'string' ? action.title : undefined
  }
  /** The id of the message that was pinned. */
  get pinnedMessageId(): number | undefined {
    return this.kind === 'pin' ? this.actionMessage?.replyToMessageId : undefined
  }
  get newPin(): boolean {
    return this.kind === 'pin'
  }

  /** Sends a message to the chat. */
  respond(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.client.sendMessage(this.chatId, text, options)
  }
  /** Replies to the service message (or sends to the chat when there is none). */
  reply(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.actionMessage ? this.actionMessage.reply(text, options) : this.respond(text, options)
  }
  /** Deletes the service message, when there is one; resolves with how many were deleted. */
  async delete(options: { revoke?: boolean } = {}): Promise<number> {
    return this.actionMessage ? this.actionMessage.delete(options) : 0
  }
}

export class ChatAction extends EventBuilder<ChatActionEvent> {
  build(update: Delivered, context: BuildContext): ChatActionEvent | undefined {
    const { client } = context
    switch (update._) {
      case 'updateNewMessage':
      case 'updateNewChannelMessage':
        if (update.message._ !== 'messageService') return undefined
        return fromServiceMessage(new Message(update.message, context.entities, client), update.message, client)
      case 'updateChatParticipantAdd':
        return new ChatActionEvent(update.inviter_id === update.user_id ? 'join' : 'add', markPeerId('chat', update.chat_id), [update.user_id], update.inviter_id, undefined, client)
      case 'updateChatParticipantDelete':
        return new ChatActionEvent('leave', markPeerId('chat', update.chat_id), [update.user_id], undefined, undefined, client)
      default:
        return undefined
    }
  }

  protected chatIdOf(event: ChatActionEvent): bigint {
    return event.chatId
  }
}

function fromServiceMessage(message: Message, raw: TlConstructors['messageService'], client: TelegramClient): ChatActionEvent | undefined {
  const actor = message.senderId
  const event = (kind: ChatActionKind, users: readonly bigint[]) => new ChatActionEvent(kind, message.chatId, users, actor, message, client)
  const action: TlTypes['MessageAction'] = raw.action
  switch (action._) {
    case 'messageActionChatAddUser':
      // Adding yourself is how Telegram reports joining a public group.
      return action.users.length === 1 && action.users[0] === actor ? event('join', action.users) : event('add', action.users)
    case 'messageActionChatJoinedByLink':
    case 'messageActionChatJoinedByRequest':
      return event('join', actor === undefined ? [] : [actor])
    case 'messageActionChatDeleteUser':
      return event(action.user_id === actor ? 'leave' : 'kick', [action.user_id])
    case 'messageActionChatCreate':
      return event('create', action.users)
    case 'messageActionChannelCreate':
      return event('create', [])
    case 'messageActionChatEditTitle':
      return event('title', [])
    case 'messageActionChatEditPhoto':
    case 'messageActionChatDeletePhoto':
      return event('photo', [])
    case 'messageActionPinMessage':
      return event('pin', [])
    default:
      return undefined
  }
}
