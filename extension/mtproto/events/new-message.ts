/**
 * NewMessage: a message arrived (or was sent by this account from anywhere), after Telethon's
 * events.NewMessage. The event wraps the friendly Message and adds the pattern's match.
 */
import type { TlConstructors } from '../../../schema/codec/generated/types'
import { Message } from '../client/message'
import type { EditMessageOptions, SendMessageOptions } from '../client/messages'
import type { TelegramClient } from '../client/telegram-client'
import type { EntityLike } from '../client/users'
import { EventBuilder, type BuildContext, type CommonFilters, type Delivered } from './event-builder'

export type MessagePattern = RegExp | string | ((text: string) => boolean)

export interface NewMessageFilters<E extends NewMessageEvent = NewMessageEvent> extends CommonFilters<E> {
  /** Only messages sent to this account by others. */
  incoming?: boolean
  /** Only messages this account sent. */
  outgoing?: boolean
  /** Only messages from these senders. */
  fromUsers?: EntityLike | readonly EntityLike[]
  /** Only forwarded messages (true) or only original ones (false). */
  forwards?: boolean
  /** The text must match: a RegExp (its match lands on `patternMatch`), a string taken as a RegExp, or a test. */
  pattern?: MessagePattern
}

export class NewMessageEvent {
  /** What `pattern` matched, when it was a RegExp or a string. */
  patternMatch: RegExpMatchArray | undefined

  constructor(
    readonly message: Message,
    readonly client: TelegramClient,
  ) {}

  get id(): number {
    return this.message.id
  }
  get text(): string {
    return this.message.text
  }
  get chatId(): bigint {
    return this.message.chatId
  }
  get senderId(): bigint | undefined {
    return this.message.senderId
  }
  get out(): boolean {
    return this.message.out
  }
  get date(): Date {
    return this.message.date
  }
  get isPrivate(): boolean {
    return this.message.raw.peer_id._ === 'peerUser'
  }
  /** A basic group or a supergroup (broadcast posts carry the `post` flag). */
  get isGroup(): boolean {
    const peer = this.message.raw.peer_id._
    return peer === 'peerChat' || (peer === 'peerChannel' && this.message.raw.post !== true)
  }
  /** A channel of either kind, supergroups included (they are channels to Telegram). */
  get isChannel(): boolean {
    return this.message.raw.peer_id._ === 'peerChannel'
  }

  /** Replies to the message in its chat. */
  reply(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.message.reply(text, options)
  }
  /** Sends a message to the same chat, without replying. */
  respond(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.message.respond(text, options)
  }
  edit(text: string, options: EditMessageOptions = {}): Promise<Message> {
    return this.message.edit(text, options)
  }
  delete(options: { revoke?: boolean } = {}): Promise<number> {
    return this.message.delete(options)
  }
}

export class NewMessage<E extends NewMessageEvent = NewMessageEvent> extends EventBuilder<E> {
  private readonly senders = new WeakMap<TelegramClient, Promise<Set<bigint>>>()

  constructor(protected override readonly filters: NewMessageFilters<E> = {}) {
    super(filters)
    if (filters.incoming && filters.outgoing) throw new RangeError('incoming and outgoing together match nothing; leave both out for every message')
  }

  build(update: Delivered, context: BuildContext): E | undefined {
    if (update._ !== 'updateNewMessage' && update._ !== 'updateNewChannelMessage') return undefined
    return this.wrap(update.message, context)
  }

  /** The event for a message; service messages are ChatAction's. */
  protected wrap(raw: TlConstructors['updateNewMessage']['message'], context: BuildContext): E | undefined {
    if (raw._ !== 'message') return undefined
    return new NewMessageEvent(new Message(raw, context.entities, context.client), context.client) as E
  }

  protected chatIdOf(event: E): bigint {
    return event.chatId
  }

  protected override async matchesOwn(event: E, client: TelegramClient): Promise<boolean> {
    const { incoming, outgoing, forwards, pattern, fromUsers } = this.filters
    if (incoming && event.out) return false
    if (outgoing && !event.out) return false
    if (forwards !== undefined && (event.message.forward !== undefined) !== forwards) return false
    if (pattern !== undefined) {
      if (typeof pattern === 'function') {
        if (!pattern(event.text)) return false
      } else {
        const match = event.text.match(typeof pattern === 'string' ? new RegExp(pattern) : pattern)
        if (!match) return false
        event.patternMatch = match
      }
    }
    if (fromUsers !== undefined) {
      const senderId = event.senderId
      if (senderId === undefined || !(await this.resolveOnce(this.senders, client, fromUsers)).has(senderId)) return false
    }
    return true
  }
}
