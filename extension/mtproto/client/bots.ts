/**
 * Using inline bots as a user, after Telethon's inline_query and InlineResult: ask a bot for results the
 * way typing "@bot query" in a chat does, then send one of them to a chat with click().
 *
 *   const results = await client.inlineQuery('@workbench_bot', 'sum 2 3')
 *   console.log(results.map((r) => r.title))
 *   await results[0].click('@grace')
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { Message } from './message'
import { messagesInUpdates, sentIdsByRandomId } from './messages'
import { randomLong } from './random-id'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

export class InlineResult {
  constructor(
    readonly raw: TlTypes['BotInlineResult'],
    /** The query the result answers (results are sent by query id). */
    readonly queryId: bigint,
    private readonly client: TelegramClient,
    /** The chat the query was made for, where click() sends by default. */
    private readonly peer: EntityLike | undefined,
  ) {}

  get id(): string {
    return this.raw.id
  }

  /** 'article', 'photo', 'gif', ... as the bot labelled it. */
  get type(): string {
    return this.raw.type
  }

  get title(): string | undefined {
    return this.raw.title
  }

  get description(): string | undefined {
    return this.raw._ === 'botInlineResult' ? this.raw.description : undefined
  }

  get url(): string | undefined {
    return this.raw._ === 'botInlineResult' ? this.raw.url : undefined
  }

  /** What sending the result posts. */
  get message(): TlTypes['BotInlineMessage'] {
    return this.raw.send_message
  }

  /** Sends the result to `peer` (the query's chat by default), as the signed-in user, via the bot. */
  async click(peer: EntityLike | undefined = this.peer, options: { replyTo?: number; silent?: boolean } = {}): Promise<Message> {
    if (peer === undefined) throw new Error('click() needs a chat: the query was not made for one')
    const randomId = randomLong()
    const updates = await this.client.call({
      _: 'messages.sendInlineBotResult',
      peer: await this.client.resolvePeer(peer),
      query_id: this.queryId,
      id: this.raw.id,
      random_id: randomId,
      ...(options.replyTo !== undefined ? { reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: options.replyTo } } : {}),
      ...(options.silent ? { silent: true } : {}),
    })
    const id = sentIdsByRandomId(updates).get(randomId)
    const sent = messagesInUpdates(this.client, updates).find((message) => message.id === id)
    if (!sent) throw new Error('messages.sendInlineBotResult answered without the sent message')
    return sent
  }

  toJSON(): unknown {
    return this.raw
  }
}

/** The results of one query, with what the bot said about them. */
export type InlineResults = InlineResult[] & { queryId: bigint; nextOffset: string | undefined; cacheTime: number; gallery: boolean }

export const botMethods = {
  /**
   * Asks `bot` for inline results for `query`, for the chat `peer` when given (bots may answer per chat).
   * BOT_RESPONSE_TIMEOUT when the bot does not answer in time.
   */
  async inlineQuery(this: TelegramClient, bot: EntityLike, query: string, options: { peer?: EntityLike; offset?: string } = {}): Promise<InlineResults> {
    const [inputBot, peer] = await Promise.all([this.resolveInputUser(bot), options.peer === undefined ? Promise.resolve(undefined) : this.resolvePeer(options.peer)])
    const answer: TlConstructors['messages.botResults'] = await this.call({
      _: 'messages.getInlineBotResults',
      bot: inputBot,
      peer: peer ?? { _: 'inputPeerEmpty' },
      query,
      offset: options.offset ?? '',
    })
    const results = answer.results.map((raw) => new InlineResult(raw, answer.query_id, this, peer))
    return Object.assign(results, { queryId: answer.query_id, nextOffset: answer.next_offset, cacheTime: answer.cache_time, gallery: answer.gallery ?? false })
  },
}
