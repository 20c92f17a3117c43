/**
 * Peer-like values in a planned request (`"me"`, `"@username"`, a phone, a marked id), found by
 * the TL type of the parameter that holds them and replaced by the input peers the client resolves,
 * as Telethon's requests do. The resolver is the client's; this module only finds and replaces.
 */
import { getLayer, type LayerReference } from '../../schema/layer/reference'
import type { TlObject } from '../../schema/request'
import { PEER_TYPES } from '../../language-server/calls'

/** A value written for a peer parameter, and the input type the parameter needs. */
export interface PeerValue {
  value: string | number | bigint
  /** `InputPeer`, `InputUser` or `InputChannel`. */
  type: string
  /** Where it sits, for error messages: `peer`, `id[2]`, `peer.peer`. */
  path: string
}

export type PeerResolver = (peer: PeerValue) => Promise<TlObject>

function isPeerLike(value: unknown): value is string | number | bigint {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
}

/** Every peer-like value of a request, in the order they appear. */
export function peerValues(request: TlObject, layer: LayerReference = getLayer()): PeerValue[] {
  const found: PeerValue[] = []
  visit(request, '', layer, (peer) => found.push(peer))
  return found
}

/** A copy of `request` with each peer-like value replaced by what `resolve` returns for it. */
export async function resolvePeerValues(request: TlObject, resolve: PeerResolver, layer: LayerReference = getLayer()): Promise<TlObject> {
  const copy = structuredClone(request)
  const pending: Promise<void>[] = []
  visit(copy, '', layer, (peer, replace) => pending.push(resolve(peer).then(replace)))
  await Promise.all(pending)
  return copy
}

function visit(
  object: TlObject,
  prefix: string,
  layer: LayerReference,
  onPeer: (peer: PeerValue, replace: (value: TlObject) => void) => void,
): void {
  const definition = layer.findMethod(object._) ?? layer.findConstructor(object._)
  if (!definition) return
  for (const param of definition.params) {
    const value = object[param.name]
    if (value === undefined || param.isFlags) continue
    const path = prefix + param.name
    const peerType = PEER_TYPES.has(param.elementType) ? param.elementType : undefined
    const visitOne = (item: unknown, itemPath: string, replace: (value: TlObject) => void) => {
      if (peerType && isPeerLike(item)) onPeer({ value: item, type: peerType, path: itemPath }, replace)
      else if (isTlObject(item)) visit(item, `${itemPath}.`, layer, onPeer)
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visitOne(item, `${path}[${index}]`, (resolved) => (value[index] = resolved)))
    } else {
      visitOne(value, path, (resolved) => (object[param.name] = resolved))
    }
  }
}

function isTlObject(value: unknown): value is TlObject {
  return value !== null && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string'
}
