/** The few TL operations the protocol layer needs, over the shared codec of both layers. */
import { TlReader } from '../../../schema/codec/reader'
import { TlWriter } from '../../../schema/codec/writer'

/** A TL object or method call as the codec sees it: a plain object named by `_`. */
export interface TlObject {
  readonly _: string
  readonly [field: string]: unknown
}

// One writer reused for every message: encoding is synchronous, and its buffer then stays warm.
const writer = new TlWriter()

/** Serializes a boxed constructor or method call, e.g. `{ _: 'req_pq_multi', nonce }`. */
export function encodeTl(value: TlObject): Uint8Array {
  writer.reset()
  writer.object(value)
  return writer.finish()
}

/** Reads one boxed object (gzip_packed is unwrapped by the codec). */
export function decodeTl(bytes: Uint8Array): TlObject {
  return new TlReader(bytes).object() as TlObject
}

/** Reads the answer to `request`, whose type only the request knows (e.g. `Vector<long>`). */
export function decodeTlResult(bytes: Uint8Array, request: TlObject): unknown {
  return new TlReader(bytes).result(request)
}
