/**
 * The contract between the hand-written reader/writer and the generated per-constructor code:
 * tables from constructor id and from name to the flat function that handles that definition.
 */
import type { TlReader } from './reader'
import type { TlWriter } from './writer'

/** Reads the fields of one constructor or method; its id has already been consumed. */
export type FieldsDecoder = (reader: TlReader) => unknown

/** Writes the fields of one constructor or method; the caller has already written its id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each generated encoder narrows its own value type
export type FieldsEncoder = (writer: TlWriter, value: any) => void

/** `type` of an encoder entry that belongs to a method rather than a constructor. */
export const METHOD_TYPE = '!'

export interface EncoderEntry {
  readonly id: number
  /** The TL type a constructor belongs to (`InputPeer`), or METHOD_TYPE for a method. */
  readonly type: string
  readonly encode: FieldsEncoder
}

/**
 * How a method's result travels, checked against the type the method declares as it is read.
 * `Vector<long>`-style results carry no element ids, so only the method tells how to read them.
 */
export interface ResultCodec {
  /** The result type the method declares, as TL writes it: `Config`, `Vector<long>`, `Bool`. */
  readonly type: string
  read(reader: TlReader): unknown
  write(writer: TlWriter, value: unknown, method: string): void
}

/** The codec of a result that is one boxed object of `type`, read by that type's generated reader. */
export function boxedResult(type: string, read: (reader: TlReader) => unknown): ResultCodec {
  return { type, read, write: (writer, value, method) => writer.object(value, type, method, 'result') }
}

export interface TlRegistry {
  /** Every constructor and method of both layers with an id, keyed by the id as a signed int32. */
  readonly decoders: ReadonlyMap<number, FieldsDecoder>
  /** Every boxed constructor and method of both layers, keyed by TL name. */
  readonly encoders: ReadonlyMap<string, EncoderEntry>
  /** Every method but the wrappers, keyed by TL name. */
  readonly results: ReadonlyMap<string, ResultCodec>
  /** Methods of the form `{X:Type} ... query:!X = X`: their result is the result of `query`. */
  readonly wrappers: ReadonlySet<string>
}
