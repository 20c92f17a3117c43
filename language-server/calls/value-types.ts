/**
 * What a value must look like for a TL parameter, and the value forms a client resolves for it
 * (peer-like strings and marked ids for InputPeer, InputUser and InputChannel).
 */
import type { ConstructorReference, LayerReference, ParamReference } from '../../schema/layer/reference'

/** Types whose values the client can resolve from `"me"`, `"@username"`, a phone or a marked id. */
export const PEER_TYPES: ReadonlySet<string> = new Set(['InputPeer', 'InputUser', 'InputChannel'])

/** `me`, `self`, `@name`, a bare username, `+phone`, or a t.me link. */
export function isPeerLikeString(value: string): boolean {
  return /^(?:me|self|@?[a-zA-Z][a-zA-Z0-9_]{3,31}|\+?[0-9]{5,15}|(?:https?:\/\/)?t\.me\/[a-zA-Z0-9_+]+)$/.test(value)
}

export const INT32_MIN = -(2 ** 31)
export const INT32_MAX = 2 ** 31 - 1
export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n

/** The value a parameter expects at one level: the whole parameter, or one element of its vector. */
export interface ExpectedValue {
  param: ParamReference
  /** True for the parameter of a vector itself (a list is expected), false for one of its elements. */
  list: boolean
  /** The TL type of one element: `int`, `InputPeer`, `Bool`, `true`. */
  type: string
  /** The constructors of `type`, when it is a boxed type of the layer. */
  constructors: readonly ConstructorReference[]
  /** `Bool` and `flags.N?true` take true/false. */
  boolean: boolean
  /** The client resolves peer-like strings and marked ids for this type. */
  peerLike: boolean
}

export function expectedValue(param: ParamReference, layer: LayerReference, inList: boolean): ExpectedValue {
  const type = param.elementType
  // A bare constructor name (`%Message`, `future_salt`) stands for its type's only form.
  const constructors = layer.findType(type)?.constructors ?? (layer.findConstructor(type) ? [layer.findConstructor(type)!] : [])
  return {
    param,
    list: param.vector !== undefined && !inList,
    type,
    constructors,
    boolean: type === 'Bool' || type === 'true',
    peerLike: PEER_TYPES.has(type),
  }
}

/** `int`, `Vector<InputPeer>` and the like, as a message shows a parameter's type. */
export function describeType(expected: ExpectedValue): string {
  return expected.list ? expected.param.type : expected.type
}
