/**
 * Hands each delivered update to the registered handlers: builds the event for every handler whose
 * builder recognizes the update, filters it, and awaits the handler. Work runs in order per chat (a
 * slow handler holds up its own chat only), and a bounded memory of recent new messages drops any
 * that arrive twice (a channel too-long answer overlapping what was already delivered).
 */
import { entityMap } from '../client/message'
import type { TelegramClient } from '../client/telegram-client'
import { getPeerId, markPeerId } from '../entities/peer-id'
import type { LogLevel } from '../session/session'
import { OrderedLanes } from '../updates/ordered-lanes'
import { RecentKeys } from '../updates/recent-keys'
import type { UpdateEntities } from '../updates/update-engine'
import { StopPropagation, type Delivered, type EventBuilder } from './event-builder'

export type EventHandler<E> = (event: E) => unknown

export interface RegisteredHandler {
  readonly handler: EventHandler<never>
  readonly builder: EventBuilder<unknown>
}

/** New messages remembered for deduplication. */
const RECENT_MESSAGES = 4096
/** Work for updates that name no chat shares one lane. */
const GLOBAL_LANE = 'global'

export class EventDispatcher {
  private handlers: RegisteredHandler[] = []
  private readonly recent = new RecentKeys(RECENT_MESSAGES)
  private readonly lanes: OrderedLanes

  constructor(
    private readonly client: TelegramClient,
    private readonly log: (level: LogLevel, message: string) => void,
  ) {
    this.lanes = new OrderedLanes((error) => this.log('error', `event dispatch failed: ${(error as Error).message}`))
  }

  get handlerCount(): number {
    return this.handlers.length
  }

  /** Updates delivered and not yet through every handler. */
  get backlog(): number {
    return this.lanes.backlog
  }

  add(handler: EventHandler<never>, builder: EventBuilder<unknown>): void {
    this.handlers = [...this.handlers, { handler, builder }]
  }

  /** Removes a handler (only its registration with `builder`, when given); returns how many were removed. */
  remove(handler: EventHandler<never>, builder?: EventBuilder<unknown> | (new () => EventBuilder<unknown>)): number {
    const before = this.handlers.length
    this.handlers = this.handlers.filter((entry) => entry.handler !== handler || (builder !== undefined && !sameBuilder(entry.builder, builder)))
    return before - this.handlers.length
  }

  list(): readonly RegisteredHandler[] {
    return this.handlers
  }

  /** Queues an update for the handlers. */
  dispatch(update: Delivered, entities: UpdateEntities): void {
    if (this.handlers.length === 0) return
    const message = newMessageOf(update)
    if (message && !this.recent.add(`${getPeerId(message.peer_id)}:${message.id}`)) return
    this.lanes.run(laneOf(update), () => this.runHandlers(update, entities))
  }

  /** Resolves once every queued update has been through the handlers. */
  idle(): Promise<void> {
    return this.lanes.idle()
  }

  private async runHandlers(update: Delivered, entities: UpdateEntities): Promise<void> {
    const context = { client: this.client, entities: entityMap(entities) }
    // Handlers added or removed meanwhile take effect from the next update.
    for (const { handler, builder } of this.handlers) {
      const event = builder.build(update, context)
      if (event === undefined) continue
      try {
        if (!(await builder.matches(event, this.client))) continue
        await (handler as EventHandler<unknown>)(event)
      } catch (error) {
        if (error instanceof StopPropagation) return
        this.log('error', `an event handler for ${update._} failed: ${(error as Error).stack ?? String(error)}`)
      }
    }
  }
}

function sameBuilder(registered: EventBuilder<unknown>, given: EventBuilder<unknown> | (new () => EventBuilder<unknown>)): boolean {
  return typeof given === 'function' ? registered instanceof given : registered === given
}

function newMessageOf(update: Delivered): { id: number; peer_id: Parameters<typeof getPeerId>[0] & object } | undefined {
  if (update._ !== 'updateNewMessage' && update._ !== 'updateNewChannelMessage') return undefined
  return update.message._ === 'messageEmpty' ? undefined : update.message
}

/** The chat an update belongs to, as a lane key: its work must stay in order with that chat's. */
function laneOf(update: Delivered): string {
  const fields = update as { message?: { peer_id?: { _: string } }; peer?: { _: string }; channel_id?: unknown; chat_id?: unknown; user_id?: unknown }
  try {
    if (fields.message?.peer_id) return String(getPeerId(fields.message.peer_id as Parameters<typeof getPeerId>[0]))
    if (fields.peer && fields.peer._.startsWith('peer')) return String(getPeerId(fields.peer as Parameters<typeof getPeerId>[0]))
    if (typeof fields.channel_id === 'bigint') return String(markPeerId('channel', fields.channel_id))
    if (typeof fields.chat_id === 'bigint') return String(markPeerId('chat', fields.chat_id))
    if (typeof fields.user_id === 'bigint') return String(fields.user_id)
  } catch {
    // A malformed id: keep the update in the common lane.
  }
  return GLOBAL_LANE
}
