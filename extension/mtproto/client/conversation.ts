/**
 * A conversation with one chat, after Telethon's client.conversation(): send, then wait for what the other
 * side answers. Every incoming message of the chat is collected from the moment the conversation opens,
 * so an answer that arrives before getResponse() is asked for is not lost.
 *
 *   await using conv = await client.conversation('@workbench_bot', { timeoutMs: 30_000 })
 *   await conv.sendMessage('/start')
 *   const hello = await conv.getResponse()
 *   await conv.sendMessage('console.log(1)')
 *   const echo = await conv.getReply()
 *
 * Each getResponse() returns the next incoming message after the previous response (or after the last
 * message sent, for the first); getReply() the next one that replies to the last message sent; getEdit()
 * the next edit of an incoming message. Waits end with ConversationTimeoutError, and all of them end with
 * ConversationCancelledError on cancel() or disposal.
 */
import { MessageEdited } from '../events/message-edited'
import { NewMessage, type NewMessageEvent } from '../events/new-message'
import type { EventBuilder } from '../events/event-builder'
import type { Message } from './message'
import type { SendMessageOptions } from './messages'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

export interface ConversationOptions {
  /** How long each wait lasts before ConversationTimeoutError (default 60 s). */
  timeoutMs?: number
}

export class ConversationTimeoutError extends Error {
  override readonly name = 'ConversationTimeoutError'
}

export class ConversationCancelledError extends Error {
  override readonly name = 'ConversationCancelledError'
  constructor() {
    super('the conversation was cancelled')
  }
}

interface Waiter {
  settle(): boolean
  reject(error: Error): void
}

export class Conversation {
  private readonly incoming: Message[] = []
  private readonly edits: Message[] = []
  private readonly waiters = new Set<Waiter>()
  private readonly removers: (() => void)[] = []
  private lastSent: Message | undefined
  /** The id of the last message getResponse() handed out. */
  private lastResponseId = 0
  private editsTaken = 0
  private cancelled = false

  constructor(
    readonly client: TelegramClient,
    /** The marked id of the chat. */
    readonly chatId: bigint,
    private readonly timeoutMs: number,
  ) {
    const collect = (into: Message[]) => (event: NewMessageEvent) => {
      into.push(event.message)
      for (const waiter of [...this.waiters]) if (waiter.settle()) this.waiters.delete(waiter)
    }
    this.removers.push(client.on(new NewMessage({ chats: [chatId], incoming: true }), collect(this.incoming)))
    this.removers.push(client.on(new MessageEdited({ chats: [chatId], incoming: true }), collect(this.edits)))
  }

  /** Sends a message to the chat; later responses and replies are counted from it. */
  async sendMessage(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    this.checkOpen()
    const sent = await this.client.sendMessage(this.chatId, text, options)
    this.lastSent = sent
    this.lastResponseId = Math.max(this.lastResponseId, sent.id)
    return sent
  }

  /** The next incoming message after the last response (or after the last message sent). */
  getResponse(options: { timeoutMs?: number } = {}): Promise<Message> {
    return this.waitFor(() => {
      const next = this.incoming.find((message) => message.id > this.lastResponseId)
      if (next) this.lastResponseId = next.id
      return next
    }, options.timeoutMs, 'a response')
  }

  /** The next incoming message that replies to the last message sent. */
  getReply(options: { timeoutMs?: number } = {}): Promise<Message> {
    const to = this.lastSent?.id
    if (to === undefined) return Promise.reject(new Error('getReply() needs a message sent first through this conversation'))
    return this.waitFor(() => this.incoming.find((message) => message.replyToMessageId === to), options.timeoutMs, `a reply to message ${to}`)
  }

  /** The next edit of an incoming message (each edit is handed out once). */
  getEdit(options: { timeoutMs?: number } = {}): Promise<Message> {
    return this.waitFor(() => (this.editsTaken < this.edits.length ? this.edits[this.editsTaken++] : undefined), options.timeoutMs, 'an edit')
  }

  /** The next event of any type (a NewMessage with other filters, a UserUpdate...) in this chat. */
  waitEvent<E>(type: EventBuilder<E>, options: { timeoutMs?: number } = {}): Promise<E> {
    let seen: E | undefined
    const remove = this.client.on(type, (event) => {
      if (seen !== undefined) return
      seen = event
      for (const waiter of [...this.waiters]) if (waiter.settle()) this.waiters.delete(waiter)
    })
    return this.waitFor(() => seen, options.timeoutMs, 'the event').finally(remove)
  }

  /** Marks everything received so far as read. */
  async markRead(): Promise<void> {
    await this.client.sendReadAcknowledge(this.chatId)
  }

  /** Ends the conversation: pending waits reject with ConversationCancelledError and no more is collected. */
  cancel(): void {
    if (this.cancelled) return
    this.cancelled = true
    for (const remove of this.removers.splice(0)) remove()
    for (const waiter of [...this.waiters]) waiter.reject(new ConversationCancelledError())
    this.waiters.clear()
  }

  [Symbol.dispose](): void {
    this.cancel()
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.cancel()
  }

  private waitFor<T>(take: () => T | undefined, timeoutMs: number | undefined, what: string): Promise<T> {
    this.checkOpen()
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      const waiter: Waiter = {
        settle: () => {
          const found = take()
          if (found === undefined) return false
          clearTimeout(timer)
          resolve(found)
          return true
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      if (waiter.settle()) return
      this.waiters.add(waiter)
      const ms = timeoutMs ?? this.timeoutMs
      timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new ConversationTimeoutError(`no ${what} in chat ${this.chatId} within ${ms} ms`))
      }, ms)
    })
  }

  private checkOpen(): void {
    if (this.cancelled) throw new ConversationCancelledError()
  }
}

const DEFAULT_TIMEOUT_MS = 60_000

export const conversationMethods = {
  /** Opens a conversation with a chat; dispose of it (or cancel it) when done. */
  async conversation(this: TelegramClient, peer: EntityLike, options: ConversationOptions = {}): Promise<Conversation> {
    const chatId = await this.getPeerId(peer)
    return new Conversation(this, chatId, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  },
}
