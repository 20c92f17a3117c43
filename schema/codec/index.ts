/**
 * The TL binary codec: plain `{ _: name, ... }` objects to bytes and back, for both the API layer
 * and the MTProto service layer. Field names are the TL parameter names; `long` is bigint, `bytes`
 * and `int128/256` are Uint8Array, Bool and `true` flags are booleans, vectors are arrays.
 */
import { invalidValue } from './errors'
import type { TlMethod, TlMethodName, TlMethods, TlObject, TlResults } from './generated/types'
import { TlReader } from './reader'
import { TlWriter } from './writer'

export { TlDecodeError, type TlDecodeErrorReason, TlEncodeError, TlResultTypeError } from './errors'
export {
  API_LAYER,
  type TlBareConstructors,
  type TlConstructorName,
  type TlConstructors,
  type TlMethod,
  type TlMethodName,
  type TlMethods,
  type TlObject,
  type TlResults,
  type TlTypes,
} from './generated/types'
export { MAX_DEPTH, MAX_INFLATED_BYTES, TlReader } from './reader'
export { TlWriter } from './writer'

/** What a boxed value decodes to: an object, a method call, a Bool, or a vector of boxed values. */
export type TlDecoded = TlObject | TlMethod | boolean | TlDecoded[]

/** Encoding never re-enters itself, so one writer serves every call and grows only once. */
const scratch = new TlWriter()

function encodeWith(write: (writer: TlWriter) => void): Uint8Array {
  scratch.reset()
  write(scratch)
  return scratch.finish()
}

/** Serializes a boxed object: its constructor id, then its fields. */
export function encodeObject(value: TlObject): Uint8Array {
  return encodeWith((w) => w.object(value))
}

/** Serializes a method call, ready to be sent as an MTProto message body. */
export function encodeMethod(method: TlMethod): Uint8Array {
  return encodeWith((w) => w.object(method, '!'))
}

/** Serializes what `method` answers (the server side of a call), as decodeResult reads it. */
export function encodeResult<N extends TlMethodName>(method: N | TlMethods[N], value: TlResults[N]): Uint8Array {
  return encodeWith((w) => w.result(method, value))
}

/**
 * Reads one boxed value that must fill `bytes` exactly. Throws TlDecodeError on anything else,
 * whatever the input.
 */
export function decodeObject(bytes: Uint8Array): TlDecoded {
  const reader = new TlReader(bytes)
  const value = reader.object() as TlDecoded
  expectEnd(reader)
  return value
}

/**
 * Reads the result of `method`, given by name or as the request itself (which lets wrappers such as
 * invokeWithLayer resolve to their query's result).
 */
export function decodeResult<N extends TlMethodName>(method: N, bytes: Uint8Array): TlResults[N]
export function decodeResult<M extends TlMethod>(method: M, bytes: Uint8Array): TlResults[M['_']]
export function decodeResult(method: string | TlMethod, bytes: Uint8Array): unknown {
  const reader = new TlReader(bytes)
  const value = reader.result(method)
  expectEnd(reader)
  return value
}

function expectEnd(reader: TlReader): void {
  if (reader.remaining !== 0) throw invalidValue(`${reader.remaining} bytes left after the value`, reader.pos)
}
