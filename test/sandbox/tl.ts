// TL encoding for the sandbox's own layer (api 223 + the mtproto service layer), through schema/codec.
// Objects of a client's older or newer layer go through layers/ instead.
import { TlReader } from '../../schema/codec/reader'
import { TlWriter } from '../../schema/codec/writer'

/** A TL object in the shared plain-object model: `{ _: 'name', snake_case_fields }`. */
export interface TlObject {
  readonly _: string
  readonly [field: string]: unknown
}

export function encodeObject(object: TlObject): Uint8Array {
  const writer = new TlWriter()
  writer.object(object)
  return writer.finish()
}

export function decodeObject(bytes: Uint8Array): TlObject {
  return new TlReader(bytes).object() as TlObject
}

/** Decodes the object at the start of `bytes` and tells how many bytes it took; padding may follow. */
export function decodeObjectPrefix(bytes: Uint8Array): { object: TlObject; length: number } {
  const reader = new TlReader(bytes)
  const object = reader.object() as TlObject
  return { object, length: reader.pos }
}

export { TlReader, TlWriter }
