/**
 * What every event type shares, after Telethon's EventBuilder: it turns a single update into an event
 * object (or nothing, when the update is not its kind), and filters events by chat and by a function.
 * Chats are given as anything resolvePeer accepts and resolved once per client, on first use.
 */
import type { TelegramClient } from '../client/telegram-client'
import type { EntityLike } from '../client/users'
import type { EntityMap } from '../client/message'
import type { Update } from '../updates/update-batch'
import type { UpdateGap } from '../updates/update-engine'

/** The updates-gap notice travels the same road as Telegram's updates. */
export interface GapNotice extends UpdateGap {
  _: 'updatesGap'
}

export type Delivered = Update | GapNotice

/** What an event is built with besides the update itself. */
export interface BuildContext {
  client: TelegramClient
  /** The users and chats that came with the update, by marked id. */
  entities: EntityMap
}

export interface CommonFilters<E> {
  /** Only events in these chats (or, with `blacklistChats`, anywhere but these). */
  chats?: EntityLike | readonly EntityLike[]
  blacklistChats?: boolean
  /** A last check of your own; events it returns false for are skipped. */
  func?: (event: E) => boolean | Promise<boolean>
}

export abstract class EventBuilder<E> {
  private readonly resolved = new WeakMap<TelegramClient, Promise<Set<bigint>>>()

  constructor(protected readonly filters: CommonFilters<E> = {}) {}

  /** The event for an update, or undefined when the update is not of this kind. */
  abstract build(update: Delivered, context: BuildContext): E | undefined

  /** The marked id of the chat the event happened in, when it has one. */
  protected abstract chatIdOf(event: E): bigint | undefined

  /** The checks particular to an event type; every event passes by default. */
  protected matchesOwn(_event: E, _client: TelegramClient): boolean | Promise<boolean> {
    return true
  }

  /** Whether a built event passes every filter. */
  async matches(event: E, client: TelegramClient): Promise<boolean> {
    if (this.filters.chats !== undefined) {
      const chats = await this.resolveChats(client)
      const chatId = this.chatIdOf(event)
      const listed = chatId !== undefined && chats.has(chatId)
      if (listed === (this.filters.blacklistChats ?? false)) return false
    }
    if (!(await this.matchesOwn(event, client))) return false
    return this.filters.func ? this.filters.func(event) : true
  }

  /** Resolves a list of peers to marked ids once per client (a failure is retried on the next event). */
  protected resolveOnce(cache: WeakMap<TelegramClient, Promise<Set<bigint>>>, client: TelegramClient, peers: EntityLike | readonly EntityLike[]): Promise<Set<bigint>> {
    let found = cache.get(client)
    if (!found) {
      const list = Array.isArray(peers) ? (peers as readonly EntityLike[]) : [peers as EntityLike]
      found = Promise.all(list.map((peer) => client.getPeerId(peer))).then((ids) => new Set(ids))
      found.catch(() => cache.delete(client))
      cache.set(client, found)
    }
    return found
  }

  private resolveChats(client: TelegramClient): Promise<Set<bigint>> {
    return this.resolveOnce(this.resolved, client, this.filters.chats!)
  }
}

/** Thrown by a handler to keep the handlers after it from seeing the same update. */
export class StopPropagation extends Error {
  override readonly name = 'StopPropagation'
  constructor() {
    super('event propagation stopped by a handler')
  }
}
