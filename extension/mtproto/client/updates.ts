/**
 * Updates and events, after Telethon's UpdateMethods: `on` / `addEventHandler` register handlers for
 * event types (events/), `catchUp` fetches what the account missed, `runUntilDisconnected` waits.
 *
 *   client.on(new NewMessage({ pattern: /^\/start/, incoming: true }), (event) => event.reply('Hi!'))
 *   await client.runUntilDisconnected()
 *
 * Behind them, one UpdateEngine per client (updates/) keeps pts/qts/seq and channel pts, recovers gaps
 * and saves its state in the session. It starts with the first handler (or startUpdates/catchUp) and
 * stops with disconnect(); the handlers stay registered across reconnections.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel } from '../entities/input-peers'
import { markPeerId } from '../entities/peer-id'
import { RpcError } from '../errors/rpc-error'
import { EventDispatcher, type EventHandler } from '../events/dispatcher'
import { EventBuilder, type GapNotice } from '../events/event-builder'
import { Raw } from '../events/raw'
import { UpdateEngine, type UpdateEngineOptions } from '../updates/update-engine'
import type { TelegramClient } from './telegram-client'
import type { UpdateOrigin } from './update-listeners'

export interface UpdatesOptions extends UpdateEngineOptions {
  /** Start from the state saved in the session and fetch what happened meanwhile (default true). */
  catchUp?: boolean
}

/** An event type given as an instance (with filters) or as the class itself (no filters). */
export type EventType<E> = EventBuilder<E> | (new () => EventBuilder<E>)

/** Everything updates.ts keeps per client. */
class UpdatesRuntime {
  readonly dispatcher: EventDispatcher
  engine: UpdateEngine | undefined
  options: UpdatesOptions = {}
  private readonly disconnectWaiters: (() => void)[] = []

  constructor(private readonly client: TelegramClient) {
    this.dispatcher = new EventDispatcher(client, (level, message) => client.log(level, message))
    client.rawUpdates.add((update, origin) => this.onRawUpdate(update, origin))
    client.onDisconnect(() => this.onDisconnect())
  }

  /** The engine, created and started on first need; a failed start is retried on the next update. */
  ensureEngine(): UpdateEngine {
    if (!this.engine) {
      this.engine = this.createEngine()
      void this.engine.start(this.options.catchUp ?? true).catch((error: unknown) => {
        this.client.log('debug', `updates not started yet: ${(error as Error).message}`)
      })
    }
    return this.engine
  }

  waitForDisconnect(): Promise<void> {
    return new Promise((resolve) => this.disconnectWaiters.push(resolve))
  }

  private onRawUpdate(update: { _: string }, origin: UpdateOrigin): void {
    if (this.dispatcher.handlerCount === 0 && !this.engine) return
    if (UPDATES_CONSTRUCTORS.has(update._)) return this.ensureEngine().feed(update as TlTypes['Updates'])
    // A deletion or read of ours: its pts step is the account's, except in channels (whose answers do not say which).
    if (AFFECTED_CONSTRUCTORS.has(update._) && !origin.fromRequest?.startsWith('channels.')) {
      const affected = update as TlConstructors['messages.affectedMessages']
      this.ensureEngine().feedPtsStep(affected.pts, affected.pts_count)
    }
  }

  private onDisconnect(): void {
    this.engine?.stop()
    this.engine = undefined
    for (const wake of this.disconnectWaiters.splice(0)) wake()
  }

  private createEngine(): UpdateEngine {
    const client = this.client
    const { catchUp: _catchUp, ...engineOptions } = this.options
    return new UpdateEngine(
      {
        getState: () => client.call({ _: 'updates.getState' }),
        getDifference: (state, ptsTotalLimit) =>
          client.call({ _: 'updates.getDifference', pts: state.pts, date: state.date, qts: state.qts, ...(ptsTotalLimit !== undefined ? { pts_total_limit: ptsTotalLimit } : {}) }),
        getChannelDifference: async (channelId, pts, limit) => {
          let channel: TlTypes['InputChannel']
          try {
            channel = getInputChannel(await client.entities.resolveInputPeer(markPeerId('channel', channelId)))
          } catch {
            client.log('warn', `channel ${channelId} is not in the entity cache; its updates are taken as they come`)
            return undefined
          }
          try {
            return await client.call({ _: 'updates.getChannelDifference', channel, filter: { _: 'channelMessagesFilterEmpty' }, pts, limit })
          } catch (error) {
            // Left, banned or private now: nothing more will come from it.
            if (error instanceof RpcError && error.code >= 400 && error.code < 500 && error.code !== 420) return undefined
            throw error
          }
        },
        selfId: () => client.me?.id ?? client.entities.selfId,
        // Basic chats need no access hash to be addressed; users and channels must be in the cache.
        knowsPeer: (markedId) => (markedId < 0n && markedId > -1_000_000_000_000n) || client.entities.get(markedId) !== undefined,
        loadState: () => client.session.updateState,
        saveState: (state) => client.session.setUpdateState(state),
        loadChannelPts: (channelId) => client.session.channelPts(channelId),
        saveChannelPts: (channelId, pts) => client.session.setChannelPts(channelId, pts),
        deliver: (update, entities) => this.dispatcher.dispatch(update, entities),
        reportGap: (gap) => this.dispatcher.dispatch({ _: 'updatesGap', ...gap } satisfies GapNotice, { users: [], chats: [] }),
        log: (level, message) => client.log(level, message),
      },
      engineOptions,
    )
  }
}

const runtimes = new WeakMap<TelegramClient, UpdatesRuntime>()

function runtimeOf(client: TelegramClient): UpdatesRuntime {
  let runtime = runtimes.get(client)
  if (!runtime) runtimes.set(client, (runtime = new UpdatesRuntime(client)))
  return runtime
}

function builderOf<E>(type: EventType<E> | undefined): EventBuilder<E> {
  if (type === undefined) return new Raw() as unknown as EventBuilder<E>
  return type instanceof EventBuilder ? type : new type()
}

export const updateMethods = {
  /**
   * Calls `handler` for every event of `type` that passes its filters; returns a function that
   * removes the handler again.
   */
  on<E>(this: TelegramClient, type: EventType<E>, handler: EventHandler<E>): () => void {
    const builder = builderOf(type)
    this.addEventHandler(handler, builder)
    return () => void this.removeEventHandler(handler, builder)
  },

  /** Registers a handler (for Raw updates when no type is given); updates start flowing. */
  addEventHandler<E>(this: TelegramClient, handler: EventHandler<E>, type?: EventType<E>): void {
    const runtime = runtimeOf(this)
    runtime.dispatcher.add(handler as EventHandler<never>, builderOf(type) as EventBuilder<unknown>)
    if (this.isConnected) runtime.ensureEngine()
  },

  /** Removes a handler, from every event type or only `type`; resolves how many registrations went. */
  removeEventHandler<E>(this: TelegramClient, handler: EventHandler<E>, type?: EventType<E>): number {
    return runtimeOf(this).dispatcher.remove(handler as EventHandler<never>, type as EventType<unknown> | undefined)
  },

  /** The handlers registered, with the event type each was registered for. */
  listEventHandlers(this: TelegramClient): [EventHandler<never>, EventBuilder<unknown>][] {
    return runtimeOf(this).dispatcher.list().map((entry) => [entry.handler, entry.builder])
  },

  /**
   * Starts tracking updates with these options (before the first handler is added, or they take the
   * defaults) and resolves once the starting state is known.
   */
  async startUpdates(this: TelegramClient, options: UpdatesOptions = {}): Promise<void> {
    const runtime = runtimeOf(this)
    if (!runtime.engine) runtime.options = options
    await runtime.ensureEngine().start(runtime.options.catchUp ?? true)
  },

  /** Fetches every update the account missed (while offline, or in a gap) and hands it to the handlers. */
  async catchUp(this: TelegramClient): Promise<void> {
    await runtimeOf(this).ensureEngine().catchUp()
  },

  /** The account's update state as far as handlers have been given updates (undefined before they start). */
  getUpdateState(this: TelegramClient): Readonly<{ pts: number; qts: number; date: number; seq: number }> | undefined {
    return runtimes.get(this)?.engine?.accountState
  },

  /** Resolves once every update received so far has been through the handlers. */
  eventsSettled(this: TelegramClient): Promise<void> {
    return runtimeOf(this).dispatcher.idle()
  },

  /** Keeps updates flowing until disconnect() is called. */
  async runUntilDisconnected(this: TelegramClient): Promise<void> {
    const runtime = runtimeOf(this)
    if (!this.isConnected) return
    const disconnected = runtime.waitForDisconnect()
    runtime.ensureEngine()
    await disconnected
  },
}

const UPDATES_CONSTRUCTORS = new Set(['updates', 'updatesCombined', 'updateShort', 'updateShortMessage', 'updateShortChatMessage', 'updateShortSentMessage', 'updatesTooLong'])
const AFFECTED_CONSTRUCTORS = new Set(['messages.affectedMessages', 'messages.affectedHistory'])
