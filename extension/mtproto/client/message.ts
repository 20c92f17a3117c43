/**
 * A message as a chat client wants it, after Telethon's custom Message: text and entities, the date
 * as a Date, who sent it and where, what it replies to, with the users and chats of the answer it
 * came in. `raw` keeps the TL object for anything not surfaced here.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { InvalidPeerError } from '../entities/errors'
import { getPeerId } from '../entities/peer-id'
import type { LogLevel } from '../session/session'
import { toHtml } from '../text/html-format'
import { toMarkdown } from '../text/markdown-format'
import type { DownloadMediaOptions } from './downloads'
import type { EditMessageOptions, ForwardOptions, SendMessageOptions } from './messages'
import type { TelegramClient } from './telegram-client'

export type Entity = TlTypes['User'] | TlTypes['Chat']

/** The users and chats of one answer, by marked id. */
export type EntityMap = ReadonlyMap<bigint, Entity>

/**
 * Indexes the users and chats of an answer. One whose id names no peer (a user 0 from a buggy or hostile
 * server) is left out, logged at debug, rather than failing the whole answer: its messages still read.
 */
export function entityMap(
  answer: { users?: readonly TlTypes['User'][]; chats?: readonly TlTypes['Chat'][] },
  logger?: { log(level: LogLevel, message: string): void },
): Map<bigint, Entity> {
  const map = new Map<bigint, Entity>()
  for (const entity of [...(answer.users ?? []), ...(answer.chats ?? [])]) {
    let id: bigint
    try {
      id = getPeerId(entity)
    } catch (error) {
      if (!(error instanceof InvalidPeerError)) throw error
      logger?.log('debug', `ignored a ${entity._} of the answer: ${error.message}`)
      continue
    }
    map.set(id, entity)
  }
  return map
}

export class Message {
  constructor(
    readonly raw: TlConstructors['message'] | TlConstructors['messageService'],
    private readonly related: EntityMap,
    private readonly client: TelegramClient,
  ) {}

  get id(): number {
    return this.raw.id
  }

  /** The text (a caption for media); empty for service messages. */
  get text(): string {
    return this.raw._ === 'message' ? this.raw.message : ''
  }

  get entities(): TlTypes['MessageEntity'][] {
    return this.raw._ === 'message' ? (this.raw.entities ?? []) : []
  }

  /** The text with its formatting written back as markdown (Telethon's dialect). */
  get markdown(): string {
    return toMarkdown(this.text, this.entities)
  }

  get html(): string {
    return toHtml(this.text, this.entities)
  }

  get date(): Date {
    return new Date(this.raw.date * 1000)
  }

  get editDate(): Date | undefined {
    return this.raw._ === 'message' && this.raw.edit_date !== undefined ? new Date(this.raw.edit_date * 1000) : undefined
  }

  /** Sent by the signed-in account. */
  get out(): boolean {
    return this.raw.out ?? false
  }

  get isService(): boolean {
    return this.raw._ === 'messageService'
  }

  get action(): TlTypes['MessageAction'] | undefined {
    return this.raw._ === 'messageService' ? this.raw.action : undefined
  }

  get media(): TlTypes['MessageMedia'] | undefined {
    return this.raw._ === 'message' ? this.raw.media : undefined
  }

  get pinned(): boolean {
    return this.raw._ === 'message' ? (this.raw.pinned ?? false) : false
  }

  get silent(): boolean {
    return this.raw.silent ?? false
  }

  get mentioned(): boolean {
    return this.raw.mentioned ?? false
  }

  get forward(): TlTypes['MessageFwdHeader'] | undefined {
    return this.raw._ === 'message' ? this.raw.fwd_from : undefined
  }

  /** Messages of one album share it. */
  get groupedId(): bigint | undefined {
    return this.raw._ === 'message' ? this.raw.grouped_id : undefined
  }

  /** The marked id of the chat the message is in (for private chats, the other user). */
  get chatId(): bigint {
    return getPeerId(this.raw.peer_id)
  }

  /**
   * The marked id of the sender. Private messages carry no from_id: the sender is then the other
   * user, or the signed-in one for outgoing messages; channel posts are sent by the channel.
   */
  get senderId(): bigint | undefined {
    if (this.raw.from_id) return getPeerId(this.raw.from_id)
    if (this.raw.peer_id._ === 'peerUser') return this.out ? this.client.me?.id : this.raw.peer_id.user_id
    if (this.raw.peer_id._ === 'peerChannel') return this.chatId
    return undefined
  }

  get sender(): Entity | undefined {
    const id = this.senderId
    return id === undefined ? undefined : this.related.get(id)
  }

  get chat(): Entity | undefined {
    return this.related.get(this.chatId)
  }

  /** The keyboard's buttons by row (inline buttons under the message, or a reply keyboard); empty without one. */
  get buttons(): TlTypes['KeyboardButton'][][] {
    const markup = this.raw._ === 'message' ? this.raw.reply_markup : undefined
    if (markup?._ !== 'replyInlineMarkup' && markup?._ !== 'replyKeyboardMarkup') return []
    return markup.rows.map((row) => row.buttons)
  }

  get replyToMessageId(): number | undefined {
    const header = this.raw.reply_to
    return header?._ === 'messageReplyHeader' ? header.reply_to_msg_id : undefined
  }

  /** Sends a message to the same chat as a reply to this one. */
  reply(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.client.sendMessage(this.raw.peer_id, text, { ...options, replyTo: this.id })
  }

  /** Sends a message to the same chat. */
  respond(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.client.sendMessage(this.raw.peer_id, text, options)
  }

  edit(text: string, options: EditMessageOptions = {}): Promise<Message> {
    return this.client.editMessage(this.raw.peer_id, this.id, text, options)
  }

  delete(options: { revoke?: boolean } = {}): Promise<number> {
    return this.client.deleteMessages(this.raw.peer_id, [this.id], options)
  }

  /** Forwards this message to another chat; resolves with the copy there. */
  async forwardTo(to: Parameters<TelegramClient['forwardMessages']>[0], options: ForwardOptions = {}): Promise<Message> {
    const [forwarded] = await this.client.forwardMessages(to, [this.id], this.raw.peer_id, options)
    if (!forwarded) throw new Error(`message ${this.id} could not be forwarded`)
    return forwarded
  }

  /** The message this one replies to, fetched from the server; undefined when it replies to none (or it is gone). */
  async getReplyMessage(): Promise<Message | undefined> {
    const id = this.replyToMessageId
    if (id === undefined) return undefined
    const [replied] = await this.client.getMessages(this.raw.peer_id, { ids: id })
    return replied
  }

  /** Marks the chat read up to this message. */
  markRead(): Promise<void> {
    return this.client.sendReadAcknowledge(this.raw.peer_id, { maxId: this.id })
  }

  pin(options: { notify?: boolean; pmOneSide?: boolean } = {}): Promise<void> {
    return this.client.pinMessage(this.raw.peer_id, this.id, options)
  }

  unpin(): Promise<void> {
    return this.client.unpinMessage(this.raw.peer_id, this.id)
  }

  /** Downloads the photo or document; see TelegramClient.downloadMedia for where it goes. */
  downloadMedia<O extends DownloadMediaOptions>(options?: O): ReturnType<TelegramClient['downloadMedia']> {
    if (!this.media) return Promise.reject(new Error(`message ${this.id} has no media to download`))
    return this.client.downloadMedia(this.raw, options)
  }

  /** The sender, from the answer the message came in, or else from the server. */
  async getSender(): Promise<Entity | undefined> {
    const id = this.senderId
    if (id === undefined) return undefined
    return this.sender ?? this.client.getEntity(id)
  }

  /** The chat, from the answer the message came in, or else from the server. */
  async getChat(): Promise<Entity> {
    return this.chat ?? this.client.getEntity(this.raw.peer_id)
  }

  toJSON(): unknown {
    return this.raw
  }
}

/** A list that also says how many items the server has in total (a slice's `count`). */
export type TotalList<T> = T[] & { total: number }

export function totalList<T>(items: T[], total: number): TotalList<T> {
  return Object.assign(items, { total })
}
