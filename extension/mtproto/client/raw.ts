/**
 * The raw API: any method of the layer, written as a plain object, with the conveniences of
 * Telethon's requests. Peer parameters take anything resolvePeer accepts and a missing random_id is
 * filled (request-peers.ts); several requests can go in one container, optionally in order.
 *
 *   await client.invoke({ _: 'messages.getHistory', peer: '@grace_hopper', limit: 10, offset_id: 0, ... })
 *   const [me, config] = await client.invoke([{ _: 'users.getUsers', id: ['me'] }, { _: 'help.getConfig' }])
 */
import type { TlMethod, TlMethodName, TlMethods, TlResults, TlTypes } from '../../../schema/codec/generated/types'
import type { RequestOptions } from './client-core'
import { MultiError } from './errors'
import { prepareRequest } from './request-peers'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

type PeerParam = TlTypes['InputPeer'] | TlTypes['InputUser'] | TlTypes['InputChannel']

/** A parameter value as the raw API accepts it: peers may be written in any form resolvePeer takes. */
type Loose<T> = [T] extends [PeerParam] ? T | EntityLike : T extends readonly (infer E)[] ? Loose1<E>[] : T extends { _: string } ? LooseFields<T> : T
type Loose1<T> = [T] extends [PeerParam] ? T | EntityLike : T extends { _: string } ? LooseFields<T> : T
type LooseFields<T> = { [K in keyof T]: K extends '_' ? T[K] : Loose1<T[K]> }

/** A method object whose peer parameters may be written loosely, and whose random_id may be left out. */
export type RawRequest<N extends TlMethodName> = { _: N } & {
  [K in keyof TlMethods[N] as Exclude<K, '_' | 'random_id'>]: Loose<TlMethods[N][K]>
} & ('random_id' extends keyof TlMethods[N] ? { random_id?: TlMethods[N]['random_id'] } : unknown)

export interface BatchOptions extends RequestOptions {
  /** Run the requests one after another (invokeAfterMsg), each only once the previous one was processed. */
  ordered?: boolean
}

type BatchResults<T extends readonly { _: TlMethodName }[]> = { -readonly [I in keyof T]: T[I] extends { _: infer N extends TlMethodName } ? TlResults[N] : unknown }

export const rawMethods = {
  /**
   * Calls a method of the layer. Peer parameters are resolved first; the entities in the answer are
   * cached. An array of requests goes out in one container; if some fail, a MultiError carries every
   * result and every error, by position.
   */
  invoke: invoke as {
    <N extends TlMethodName>(this: TelegramClient, request: RawRequest<N>, options?: RequestOptions): Promise<TlResults[N]>
    <const T extends readonly RawRequest<TlMethodName>[]>(this: TelegramClient, requests: T, options?: BatchOptions): Promise<BatchResults<T>>
  },
}

async function invoke(this: TelegramClient, request: { _: string } | readonly { _: string }[], options: BatchOptions = {}): Promise<unknown> {
  if (!Array.isArray(request)) {
    const prepared = await prepareRequest(this, request as { _: string })
    return this.call(prepared as TlMethod, options)
  }
  const requests = (await Promise.all(request.map((r: { _: string }) => prepareRequest(this, r)))) as TlMethod[]
  const { ordered = false, ...callOptions } = options
  const settled = await Promise.allSettled(this.callBatch(requests, ordered, callOptions))
  const results = settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined))
  const errors = settled.map((outcome) => (outcome.status === 'rejected' ? toError(outcome.reason) : undefined))
  if (errors.some(Boolean)) throw new MultiError(requests, results, errors)
  return results
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason))
}
