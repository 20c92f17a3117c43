/**
 * Prepares a raw request the way Telethon's requests are prepared: every parameter whose TL type is
 * InputPeer, InputUser or InputChannel (directly, in a vector, or inside a nested constructor such
 * as inputDialogPeer) may be written as anything resolvePeer accepts, and is resolved first; a
 * missing `random_id` is filled in. The layer reference says which parameters those are; what it
 * says is kept per definition, so only the first request of each kind pays for the lookup.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import { getLayer } from '../../../schema/layer/reference'
import { getInputChannel, getInputUser } from '../entities/input-peers'
import { InvalidPeerError } from '../entities/errors'
import { randomLong } from './random-id'
import type { EntityLike } from './users'

type PeerKind = 'InputPeer' | 'InputUser' | 'InputChannel'
const PEER_KINDS = new Set<string>(['InputPeer', 'InputUser', 'InputChannel'])
const PRIMITIVES = new Set(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'true', 'Bool', '#'])
/** Peers sit at most a few constructors deep in a request (inputReplyToMessage.reply_to_peer_id). */
const MAX_DEPTH = 4

interface PreparedParam {
  name: string
  elementType: string
  vector: boolean
}

export interface PeerResolver {
  resolvePeer(peer: EntityLike): Promise<TlTypes['InputPeer']>
}

const paramsByName = new Map<string, readonly PreparedParam[] | undefined>()

/** The parameters of a method or constructor that can hold a peer, or a random_id to fill. */
function interestingParams(name: string, isMethod: boolean): readonly PreparedParam[] | undefined {
  if (paramsByName.has(name)) return paramsByName.get(name)
  const layer = getLayer()
  const definition = isMethod ? layer.findMethod(name, 'api') : layer.findConstructor(name, 'api')
  const params = definition?.params
    .filter((p) => !p.isFlags && (p.name === 'random_id' || !PRIMITIVES.has(p.elementType)))
    .map((p) => ({ name: p.name, elementType: p.elementType, vector: p.vector !== undefined }))
  paramsByName.set(name, params)
  return params
}

export async function prepareRequest<T extends { _: string }>(resolver: PeerResolver, request: T): Promise<T> {
  return (await prepareObject(resolver, request, true, 0)) as T
}

async function prepareObject(resolver: PeerResolver, object: { _: string }, isMethod: boolean, depth: number): Promise<{ _: string }> {
  const params = interestingParams(object._, isMethod)
  if (!params || params.length === 0) return object
  const prepared: Record<string, unknown> = { ...object }
  for (const param of params) {
    const value = prepared[param.name]
    if (param.name === 'random_id' && param.elementType === 'long') {
      if (value === undefined) prepared.random_id = param.vector ? randomIdsFor(prepared) : randomLong()
      continue
    }
    if (value === undefined) continue
    prepared[param.name] = Array.isArray(value)
      ? await Promise.all(value.map((item) => prepareValue(resolver, item, param.elementType, depth)))
      : await prepareValue(resolver, value, param.elementType, depth)
  }
  return prepared as { _: string }
}

async function prepareValue(resolver: PeerResolver, value: unknown, type: string, depth: number): Promise<unknown> {
  if (PEER_KINDS.has(type)) return toPeerKind(resolver, value as EntityLike, type as PeerKind)
  if (depth < MAX_DEPTH && typeof value === 'object' && value !== null && typeof (value as { _?: unknown })._ === 'string') {
    return prepareObject(resolver, value as { _: string }, false, depth + 1)
  }
  return value
}

async function toPeerKind(resolver: PeerResolver, value: EntityLike, kind: PeerKind): Promise<unknown> {
  if (typeof value === 'object' && value !== null && isConstructorOf(value._, kind)) return value
  const input = await resolver.resolvePeer(value)
  if (kind === 'InputPeer') return input
  try {
    return kind === 'InputUser' ? getInputUser(input) : getInputChannel(input)
  } catch (error) {
    if (error instanceof InvalidPeerError) throw new InvalidPeerError(`a parameter of type ${kind} was given ${String(typeof value === 'object' ? value._ : value)}, which resolved to ${input._}`)
    throw error
  }
}

function isConstructorOf(name: string, kind: PeerKind): boolean {
  const prefix = kind === 'InputPeer' ? 'inputPeer' : kind === 'InputUser' ? 'inputUser' : 'inputChannel'
  return name.startsWith(prefix)
}

/** One random_id per forwarded message (messages.forwardMessages pairs them with `id`). */
function randomIdsFor(request: Record<string, unknown>): bigint[] {
  const ids = request.id
  return Array.from({ length: Array.isArray(ids) ? ids.length : 1 }, randomLong)
}
