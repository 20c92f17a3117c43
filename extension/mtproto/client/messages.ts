/**
 * Messages: reading history (paged, either direction, with search and filters), sending with
 * markdown or HTML, editing, deleting, forwarding, pinning, read receipts and typing.
 *
 * Paging follows Telegram's window rules: a page holds the `limit` messages older than `offset_id`,
 * shifted by `add_offset`; with `add_offset = -limit` it holds the ones newer than it instead, which
 * is how `reverse` walks from old to new. Pages are at most 100 messages (the server's cap).
 */
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel, getInputUser } from '../entities/input-peers'
import { getPeerId } from '../entities/peer-id'
import type { MessageEntity } from '../text/formatted-text'
import { parseHtml } from '../text/html-parse'
import { parseMarkdown } from '../text/markdown-parse'
import { toSendableEntities } from '../text/mentions'
import { buildReplyMarkup, type ButtonsLike, type KeyboardCommand } from './buttons'
import type { RequestOptions } from './client-core'
import { MessageTooLongError } from './errors'
import { entityMap, Message, totalList, type EntityMap, type TotalList } from './message'
import { clampPage } from './paging'
import { randomLong } from './random-id'
import { splitFormattedText } from './text-split'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

type InputPeer = TlTypes['InputPeer']
type RawMessage = TlConstructors['message'] | TlConstructors['messageService']

/** Telegram's limit on the text of one message, in UTF-16 units after entities are parsed out. */
export const MAX_MESSAGE_LENGTH = 4096
const HISTORY_PAGE = 100
const IDS_PER_REQUEST = 100

export type ParseMode = 'markdown' | 'html' | 'none'

export interface IterMessagesOptions {
  /** How many messages at most (default: all). */
  limit?: number
  /** Start below this id (or above it with `reverse`), exclusive. */
  offsetId?: number
  /** Start at messages sent before this date. */
  offsetDate?: Date | number
  /** Skip this many messages first (negative: go back the other way). */
  addOffset?: number
  /** Only messages with a smaller id. */
  maxId?: number
  /** Only messages with a greater id. */
  minId?: number
  /** Oldest first instead of newest first. */
  reverse?: boolean
  /** Only messages containing this text (messages.search). */
  search?: string
  /** Only messages of one kind, e.g. `{ _: 'inputMessagesFilterPhotos' }`. */
  filter?: TlTypes['MessagesFilter']
  /** Only messages sent by this user (or channel). */
  fromUser?: EntityLike
  /** Exactly these messages, in this order; missing ones are undefined in getMessages. */
  ids?: number | readonly number[]
  /** Messages per request (at most 100, the default): smaller pages show the first ones sooner. */
  pageSize?: number
}

export interface SendMessageOptions {
  /** How `text` is formatted; markdown unless told otherwise (as in Telethon). */
  parseMode?: ParseMode
  /** Entities for plain text; replaces parsing. */
  entities?: MessageEntity[]
  /** The id of the message this one answers. */
  replyTo?: number
  /** Deliver without a notification sound. */
  silent?: boolean
  /** Show a preview of the first link (default true). */
  linkPreview?: boolean
  /** Send later: a Date, or Unix seconds. */
  schedule?: Date | number
  clearDraft?: boolean
  /** Text over 4,096 characters is sent as several messages instead of failing. */
  split?: boolean
  /** A keyboard (bots only; Telegram drops a user's): see Button and buildReplyMarkup. */
  buttons?: ButtonsLike | KeyboardCommand
}

export interface EditMessageOptions {
  parseMode?: ParseMode
  entities?: MessageEntity[]
  linkPreview?: boolean
}

export interface ForwardOptions {
  silent?: boolean
  /** Forward as a copy, without the "forwarded from" header. */
  dropAuthor?: boolean
  schedule?: Date | number
}

export type TypingAction = 'typing' | 'cancel' | 'record-audio' | 'upload-photo' | 'upload-document' | 'choose-sticker' | TlTypes['SendMessageAction']

export const messageMethods = {
  /** The messages of a chat, newest first (oldest first with `reverse`), fetched page by page as they are consumed. */
  iterMessages(this: TelegramClient, peer: EntityLike, options: IterMessagesOptions = {}): AsyncIterable<Message> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        const input = await client.resolvePeer(peer)
        if (options.ids !== undefined) {
          for (const message of await messagesByIds(client, input, toArray(options.ids))) if (message) yield message
          return
        }
        for await (const page of historyPages(client, input, options)) yield* page.messages
      },
    }
  },

  /**
   * Collects iterMessages into a list with the server's total. As in Telethon, without `limit` (and
   * without `ids`, or both `minId` and `maxId`) only the newest message is fetched. With `ids`, the
   * list has one entry per id, undefined where the message does not exist.
   */
  async getMessages(this: TelegramClient, peer: EntityLike, options: IterMessagesOptions = {}): Promise<TotalList<Message | undefined>> {
    const input = await this.resolvePeer(peer)
    if (options.ids !== undefined) {
      const found = await messagesByIds(this, input, toArray(options.ids))
      return totalList(found, found.length)
    }
    const limit = options.limit ?? (options.minId && options.maxId ? Infinity : 1)
    const messages: Message[] = []
    let total = 0
    for await (const page of historyPages(this, input, { ...options, limit })) {
      messages.push(...page.messages)
      total = page.total
    }
    return totalList(messages, Math.max(total, messages.length))
  },

  /** Sends a text message; resolves with it as stored (its id, date and entities from the server). */
  sendMessage: sendMessage as {
    (this: TelegramClient, peer: EntityLike, text: string, options?: SendMessageOptions & { split?: false }): Promise<Message>
    (this: TelegramClient, peer: EntityLike, text: string, options: SendMessageOptions & { split: true }): Promise<Message[]>
  },

  /** Changes the text of a message; resolves with the edited message. */
  async editMessage(this: TelegramClient, peer: EntityLike, message: number | Message, text: string, options: EditMessageOptions = {}): Promise<Message> {
    const input = await this.resolvePeer(peer)
    const formatted = await formatText(this, text, options)
    if (formatted.text.length > MAX_MESSAGE_LENGTH) throw new MessageTooLongError(formatted.text.length, MAX_MESSAGE_LENGTH)
    const id = typeof message === 'number' ? message : message.id
    const updates = await this.call({
      _: 'messages.editMessage',
      peer: input,
      id,
      message: formatted.text,
      entities: formatted.entities,
      ...(options.linkPreview === false ? { no_webpage: true } : {}),
    })
    const edited = messagesInUpdates(this, updates).find((m) => m.id === id)
    if (!edited) throw new Error(`messages.editMessage answered without the edited message ${id}`)
    return edited
  },

  /** Deletes messages (for everyone unless `revoke: false`, where Telegram allows it); resolves with how many were deleted. */
  async deleteMessages(this: TelegramClient, peer: EntityLike, ids: readonly number[], options: { revoke?: boolean } = {}): Promise<number> {
    const input = await this.resolvePeer(peer)
    let deleted = 0
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + IDS_PER_REQUEST)
      const affected = isChannel(input)
        ? await this.call({ _: 'channels.deleteMessages', channel: getInputChannel(input), id: chunk })
        : await this.call({ _: 'messages.deleteMessages', id: chunk, ...(options.revoke === false ? {} : { revoke: true }) })
      deleted += affected.pts_count
    }
    return deleted
  },

  /** Forwards messages from one chat to another; resolves with the new messages, in the order given. */
  async forwardMessages(this: TelegramClient, to: EntityLike, ids: readonly number[], from: EntityLike, options: ForwardOptions = {}): Promise<Message[]> {
    const [toPeer, fromPeer] = await Promise.all([this.resolvePeer(to), this.resolvePeer(from)])
    const forwarded: Message[] = []
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const chunk = ids.slice(i, i + IDS_PER_REQUEST)
      const randomIds = chunk.map(() => randomLong())
      const updates = await this.call({
        _: 'messages.forwardMessages',
        from_peer: fromPeer,
        to_peer: toPeer,
        id: chunk,
        random_id: randomIds,
        ...(options.silent ? { silent: true } : {}),
        ...(options.dropAuthor ? { drop_author: true } : {}),
        ...(options.schedule !== undefined ? { schedule_date: unixSeconds(options.schedule) } : {}),
      })
      const byRandomId = sentIdsByRandomId(updates)
      const messages = messagesInUpdates(this, updates)
      for (const randomId of randomIds) {
        const message = messages.find((m) => m.id === byRandomId.get(randomId))
        if (message) forwarded.push(message)
      }
    }
    return forwarded
  },

  /** Pins a message (silently unless `notify`); `pmOneSide` pins it only for yourself in a private chat. */
  async pinMessage(this: TelegramClient, peer: EntityLike, id: number, options: { notify?: boolean; pmOneSide?: boolean } = {}): Promise<void> {
    await this.call({
      _: 'messages.updatePinnedMessage',
      peer: await this.resolvePeer(peer),
      id,
      ...(options.notify ? {} : { silent: true }),
      ...(options.pmOneSide ? { pm_oneside: true } : {}),
    })
  },

  /** Unpins one message, or every pinned message of the chat when `id` is left out. */
  async unpinMessage(this: TelegramClient, peer: EntityLike, id?: number): Promise<void> {
    const input = await this.resolvePeer(peer)
    if (id === undefined) await this.call({ _: 'messages.unpinAllMessages', peer: input })
    else await this.call({ _: 'messages.updatePinnedMessage', peer: input, id, unpin: true })
  },

  /** Marks the chat read up to `maxId` (default: everything). */
  async sendReadAcknowledge(this: TelegramClient, peer: EntityLike, options: { maxId?: number } = {}): Promise<void> {
    const input = await this.resolvePeer(peer)
    const maxId = options.maxId ?? 0
    if (isChannel(input)) await this.call({ _: 'channels.readHistory', channel: getInputChannel(input), max_id: maxId })
    else await this.call({ _: 'messages.readHistory', peer: input, max_id: maxId })
  },

  /** Shows "typing…" (or another action) in a chat; Telegram clears it after a few seconds or on 'cancel'. */
  async setTyping(this: TelegramClient, peer: EntityLike, action: TypingAction = 'typing'): Promise<void> {
    await this.call({ _: 'messages.setTyping', peer: await this.resolvePeer(peer), action: typingAction(action) })
  },
}

async function sendMessage(this: TelegramClient, peer: EntityLike, text: string, options: SendMessageOptions = {}): Promise<Message | Message[]> {
  const input = await this.resolvePeer(peer)
  const formatted = await formatText(this, text, options)
  if (formatted.text.length > MAX_MESSAGE_LENGTH && !options.split) throw new MessageTooLongError(formatted.text.length, MAX_MESSAGE_LENGTH)
  const parts = options.split ? splitFormattedText(formatted.text, formatted.entities, MAX_MESSAGE_LENGTH) : [formatted]
  const sent: Message[] = []
  for (const [index, part] of parts.entries()) {
    const randomId = randomLong()
    // Only the first part replies; the rest follow it.
    const replyTo = index === 0 && options.replyTo !== undefined ? options.replyTo : undefined
    const request: TlMethods['messages.sendMessage'] = {
      _: 'messages.sendMessage',
      peer: input,
      message: part.text,
      random_id: randomId,
      ...(part.entities.length > 0 ? { entities: part.entities } : {}),
      ...(replyTo !== undefined ? { reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: replyTo } } : {}),
      ...(options.silent ? { silent: true } : {}),
      ...(options.linkPreview === false ? { no_webpage: true } : {}),
      ...(options.clearDraft ? { clear_draft: true } : {}),
      ...(options.schedule !== undefined ? { schedule_date: unixSeconds(options.schedule) } : {}),
      // The keyboard goes under the last part, where the conversation continues.
      ...(options.buttons !== undefined && index === parts.length - 1 ? { reply_markup: buildReplyMarkup(options.buttons) } : {}),
    }
    const updates = await this.call(request)
    sent.push(await sentMessage(this, input, request, updates))
  }
  return options.split ? sent : sent[0]!
}

/** Text and entities ready to send: parsed with the parse mode, mentions turned into their input form. */
export async function formatText(client: TelegramClient, text: string, options: { parseMode?: ParseMode; entities?: MessageEntity[] }) {
  const parsed =
    options.entities !== undefined || options.parseMode === 'none'
      ? { text, entities: options.entities ?? [] }
      : options.parseMode === 'html'
        ? parseHtml(text)
        : parseMarkdown(text)
  const inputUsers = new Map<bigint, TlTypes['InputUser']>()
  for (const entity of parsed.entities) {
    if (entity._ !== 'messageEntityMentionName') continue
    try {
      inputUsers.set(entity.user_id, getInputUser(await client.entities.resolveInputPeer(entity.user_id)))
    } catch {
      // An unknown user: toSendableEntities turns the mention into a tg://user link.
    }
  }
  return { text: parsed.text, entities: toSendableEntities(parsed.entities, (id) => inputUsers.get(id)) }
}

/** The message a send created, from whichever form of Updates the server answered with. */
/** The message that sendMessage or sendMedia created, from the Updates the server answered with. */
export async function sentMessage(
  client: TelegramClient,
  peer: InputPeer,
  request: TlMethods['messages.sendMessage'] | TlMethods['messages.sendMedia'],
  updates: TlTypes['Updates'],
): Promise<Message> {
  if (updates._ === 'updateShortSentMessage') {
    // Sent to a user: the server answers with only what it decided (id, date, entities, media).
    const raw: TlConstructors['message'] = {
      _: 'message',
      out: true,
      id: updates.id,
      peer_id: await peerOf(client, peer),
      date: updates.date,
      message: request.message,
      ...(updates.entities ?? request.entities ? { entities: updates.entities ?? request.entities! } : {}),
      ...(updates.media ? { media: updates.media } : {}),
      ...(request.reply_to?._ === 'inputReplyToMessage' ? { reply_to: { _: 'messageReplyHeader', reply_to_msg_id: request.reply_to.reply_to_msg_id } } : {}),
      ...(request.silent ? { silent: true } : {}),
    }
    return new Message(raw, new Map(), client)
  }
  const id = sentIdsByRandomId(updates).get(request.random_id)
  const message = messagesInUpdates(client, updates).find((m) => m.id === id)
  if (!message) throw new Error(`${request._} answered ${updates._} without the sent message`)
  return message
}

/** The random_id → message id pairs of updateMessageID. */
export function sentIdsByRandomId(updates: TlTypes['Updates']): Map<bigint, number> {
  const ids = new Map<bigint, number>()
  for (const update of updateList(updates)) if (update._ === 'updateMessageID') ids.set(update.random_id, update.id)
  return ids
}

/** The new, edited and scheduled messages an Updates object carries, with its users and chats. */
export function messagesInUpdates(client: TelegramClient, updates: TlTypes['Updates']): Message[] {
  const related = 'users' in updates ? entityMap(updates) : new Map()
  const messages: Message[] = []
  for (const update of updateList(updates)) {
    switch (update._) {
      case 'updateNewMessage':
      case 'updateNewChannelMessage':
      case 'updateEditMessage':
      case 'updateEditChannelMessage':
      case 'updateNewScheduledMessage':
        if (update.message._ !== 'messageEmpty') messages.push(new Message(update.message, related, client))
    }
  }
  return messages
}

function updateList(updates: TlTypes['Updates']): TlTypes['Update'][] {
  if (updates._ === 'updates' || updates._ === 'updatesCombined') return updates.updates
  if (updates._ === 'updateShort') return [updates.update]
  return []
}

interface HistoryPage {
  messages: Message[]
  total: number
}

/** Pages of history or search results, each already trimmed to the caller's limit and bounds. */
async function* historyPages(client: TelegramClient, peer: InputPeer, options: IterMessagesOptions): AsyncGenerator<HistoryPage> {
  const reverse = options.reverse ?? false
  const minId = options.minId ?? 0
  const maxId = options.maxId ?? 0
  const searching = options.search !== undefined || options.filter !== undefined || options.fromUser !== undefined
  const fromId = options.fromUser !== undefined ? await client.resolvePeer(options.fromUser) : undefined
  let remaining = options.limit ?? Infinity
  // The newest id yielded going up, or the oldest going down: the next page starts past it.
  let boundary: number | undefined
  let offsetDate = options.offsetDate !== undefined ? unixSeconds(options.offsetDate) : 0
  let addOffset = options.addOffset ?? 0
  // Going down, a max_id below the offset is where the first page starts (the window is cut before filtering).
  const firstOffset = !reverse && maxId > 0 && (!options.offsetId || maxId < options.offsetId) ? maxId : (options.offsetId ?? 0)
  const pageSize = clampPage(options.pageSize, HISTORY_PAGE)

  while (remaining > 0) {
    const limit = Math.min(pageSize, remaining)
    // Going up, `offset_id = X + 1` with `add_offset = -limit` selects the messages with id > X.
    const offsetId = reverse ? (boundary ?? Math.max(firstOffset, minId)) + 1 : (boundary ?? firstOffset)
    const window = { offset_id: offsetId, add_offset: reverse ? addOffset - limit : addOffset, limit, max_id: maxId, min_id: minId, hash: 0n }
    const answer = searching
      ? await client.call({
          _: 'messages.search',
          peer,
          q: options.search ?? '',
          filter: options.filter ?? { _: 'inputMessagesFilterEmpty' },
          min_date: 0,
          max_date: offsetDate,
          ...(fromId ? { from_id: fromId } : {}),
          ...window,
        })
      : await client.call({ _: 'messages.getHistory', peer, offset_date: offsetDate, ...window })
    if (answer._ === 'messages.messagesNotModified') return
    const related = entityMap(answer, client)
    const page = answer.messages.filter((m): m is RawMessage => m._ !== 'messageEmpty')
    const total = 'count' in answer ? answer.count : answer.messages.length
    // The server answers newest first; keep only what lies past the boundary, in the caller's order.
    const ordered = reverse ? [...page].reverse() : page
    const inBounds = (id: number) => (minId === 0 || id > minId) && (maxId === 0 || id < maxId)
    const fresh = ordered.filter((m) => inBounds(m.id) && (boundary === undefined || (reverse ? m.id > boundary : m.id < boundary))).slice(0, remaining)
    if (fresh.length > 0) {
      boundary = fresh.at(-1)!.id
      remaining -= fresh.length
      yield { messages: fresh.map((m) => new Message(m, related, client)), total }
    }
    // A short page is the last one; an empty step would loop forever.
    if (answer.messages.length < limit || fresh.length === 0) return
    offsetDate = 0
    addOffset = 0
  }
}

async function messagesByIds(client: TelegramClient, peer: InputPeer, ids: readonly number[]): Promise<(Message | undefined)[]> {
  const found = new Map<number, Message>()
  const chatId = peer._ === 'inputPeerSelf' ? undefined : getPeerId(peer)
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const id = ids.slice(i, i + IDS_PER_REQUEST).map((n) => ({ _: 'inputMessageID', id: n }) as const)
    const answer = isChannel(peer)
      ? await client.call({ _: 'channels.getMessages', channel: getInputChannel(peer), id })
      : await client.call({ _: 'messages.getMessages', id })
    if (answer._ === 'messages.messagesNotModified') continue
    const related: EntityMap = entityMap(answer, client)
    for (const raw of answer.messages) {
      if (raw._ === 'messageEmpty') continue
      const message = new Message(raw, related, client)
      // Outside channels, message ids are per account: the same call returns messages of any chat.
      const inChat = chatId === undefined ? message.chatId === (client.me ?? (await client.getMe())).id : message.chatId === chatId
      if (inChat) found.set(message.id, message)
    }
  }
  return ids.map((id) => found.get(id))
}

async function peerOf(client: TelegramClient, peer: InputPeer): Promise<TlTypes['Peer']> {
  switch (peer._) {
    case 'inputPeerSelf':
      return { _: 'peerUser', user_id: (client.me ?? (await client.getMe())).id }
    case 'inputPeerChat':
      return { _: 'peerChat', chat_id: peer.chat_id }
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return { _: 'peerChannel', channel_id: peer.channel_id }
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return { _: 'peerUser', user_id: peer.user_id }
    case 'inputPeerEmpty':
      throw new TypeError('inputPeerEmpty names no chat')
  }
}

function isChannel(peer: InputPeer): boolean {
  return peer._ === 'inputPeerChannel' || peer._ === 'inputPeerChannelFromMessage'
}

function typingAction(action: TypingAction): TlTypes['SendMessageAction'] {
  if (typeof action === 'object') return action
  switch (action) {
    case 'typing':
      return { _: 'sendMessageTypingAction' }
    case 'cancel':
      return { _: 'sendMessageCancelAction' }
    case 'record-audio':
      return { _: 'sendMessageRecordAudioAction' }
    case 'upload-photo':
      return { _: 'sendMessageUploadPhotoAction', progress: 0 }
    case 'upload-document':
      return { _: 'sendMessageUploadDocumentAction', progress: 0 }
    case 'choose-sticker':
      return { _: 'sendMessageChooseStickerAction' }
  }
}

function unixSeconds(value: Date | number): number {
  return typeof value === 'number' ? value : Math.floor(value.getTime() / 1000)
}

function toArray(ids: number | readonly number[]): readonly number[] {
  return typeof ids === 'number' ? [ids] : ids
}

export type { RequestOptions }
