/**
 * An interpreting TL codec for any layer: it walks the compiled `LayerSchema` instead of generated
 * code, so a layer only needs its schema to be served. Objects follow the project's plain-object model:
 * `{ _: name, ...fields }` in wire order, long = bigint, bytes/int128/int256 = Uint8Array, Bool and
 * `flags.N?true` = boolean, an absent optional field = undefined, and no `#` fields.
 */
import { gunzipSync } from 'node:zlib'
import { hexId, LayerDecodeError, LayerEncodeError } from './errors'
import { type EntrySpec, type FieldSpec, isFieldSpec, type LayerSchema, type TypeRef } from './schema'
import { WireReader, WireWriter } from './wire'

export interface TlPlainObject {
  _: string
  [field: string]: unknown
}

const VECTOR_ID = 0x1cb5c415
const BOOL_TRUE_ID = 0x997275b5
const BOOL_FALSE_ID = 0xbc799737
const GZIP_PACKED_ID = 0x3072cfa1

/**
 * Nesting limit for objects. Real objects nest about 15 deep (a message's reply markup, say); the limit
 * only exists so hostile input cannot exhaust the stack.
 */
export const MAX_DEPTH = 64

/** Largest payload a `gzip_packed` may inflate to; far above any real request, small enough to stay safe. */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024

/**
 * Every TL value takes at least 4 bytes on the wire (the only exception, a bare constructor without
 * fields, never appears in a vector), so a count above remaining/4 cannot be honest.
 */
const MIN_ITEM_BYTES = 4

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

export class LayerBinaryCodec {
  constructor(readonly schema: LayerSchema) {}

  /** Decodes one boxed constructor or method call that fills `bytes` exactly. */
  decode(bytes: Uint8Array): TlPlainObject {
    return this.decodeAs({ kind: 'any' }, bytes) as TlPlainObject
  }

  /** Decodes what `method` returns (needed for results such as `Vector<long>` or `Bool`). */
  decodeResult(method: string, bytes: Uint8Array): unknown {
    return this.decodeAs(this.methodEntry(method).result, bytes)
  }

  decodeAs(type: TypeRef, bytes: Uint8Array): unknown {
    const reader = new WireReader(bytes)
    const value = this.readValue(reader, type, 0)
    if (reader.remaining > 0) {
      throw new LayerDecodeError('trailing-bytes', `${reader.remaining} bytes left after the object`, reader.offset)
    }
    return value
  }

  /** Encodes a boxed constructor or method call. */
  encode(object: TlPlainObject): Uint8Array {
    return this.encodeAs({ kind: 'any' }, object)
  }

  encodeResult(method: string, value: unknown): Uint8Array {
    return this.encodeAs(this.methodEntry(method).result, value)
  }

  encodeAs(type: TypeRef, value: unknown): Uint8Array {
    const writer = new WireWriter()
    this.writeValue(writer, type, value, 0, undefined)
    return writer.result()
  }

  private methodEntry(method: string): EntrySpec {
    const entry = this.schema.methodNamed(method)
    if (!entry) throw new LayerEncodeError(`layer ${this.schema.layer} has no method ${method}`)
    return entry
  }

  // ---- decoding ----

  private readValue(reader: WireReader, type: TypeRef, depth: number): unknown {
    switch (type.kind) {
      case 'int':
        return reader.int()
      case 'long':
        return reader.long()
      case 'double':
        return reader.double()
      case 'string':
        return reader.string()
      case 'bytes':
        return reader.bytesValue()
      case 'int128':
        return reader.raw(16, 'int128')
      case 'int256':
        return reader.raw(32, 'int256')
      case 'true':
        return true
      case 'Bool':
        return this.readBool(reader)
      case 'vector':
        return this.readVector(reader, type.boxed, type.item, depth)
      case 'bare': {
        const entry = this.schema.bareConstructor(type)
        if (!entry) {
          throw new LayerDecodeError('invalid-value', `bare type ${type.constructorName} is not in layer ${this.schema.layer}`, reader.offset)
        }
        return this.readFields(reader, entry, depth + 1)
      }
      case 'boxed':
      case 'any':
      case 'query':
        return this.readBoxed(reader, type, depth + 1)
    }
  }

  private readBool(reader: WireReader): boolean {
    const start = reader.offset
    const id = reader.uint()
    if (id === BOOL_TRUE_ID) return true
    if (id === BOOL_FALSE_ID) return false
    throw new LayerDecodeError('unexpected-constructor', `expected Bool, found ${hexId(id)}`, start, id)
  }

  private readVector(reader: WireReader, boxed: boolean, item: TypeRef, depth: number): unknown[] {
    if (boxed) {
      const start = reader.offset
      const id = reader.uint()
      if (id === GZIP_PACKED_ID) {
        return this.readPacked(reader, start, depth, (inner) => this.readVector(inner, true, item, depth + 1)) as unknown[]
      }
      if (id !== VECTOR_ID) throw new LayerDecodeError('unexpected-constructor', `expected a vector, found ${hexId(id)}`, start, id)
    }
    const countOffset = reader.offset
    const count = reader.int()
    if (count < 0 || count > reader.remaining / MIN_ITEM_BYTES) {
      throw new LayerDecodeError('length-too-large', `vector of ${count} items in ${reader.remaining} bytes`, countOffset)
    }
    const items = new Array<unknown>(count)
    for (let i = 0; i < count; i++) items[i] = this.readValue(reader, item, depth)
    return items
  }

  private readBoxed(reader: WireReader, expected: TypeRef & { kind: 'boxed' | 'any' | 'query' }, depth: number): TlPlainObject {
    if (depth > MAX_DEPTH) throw new LayerDecodeError('too-deep', `objects nest deeper than ${MAX_DEPTH}`, reader.offset)
    const start = reader.offset
    const id = reader.uint()
    if (id === GZIP_PACKED_ID) {
      return this.readPacked(reader, start, depth, (inner) => this.readBoxed(inner, expected, depth + 1)) as TlPlainObject
    }
    const entry = this.schema.byId(id)
    if (!entry) {
      throw new LayerDecodeError('unknown-constructor', `layer ${this.schema.layer} has no constructor ${hexId(id)}`, start, id)
    }
    if (!fitsExpectation(entry, expected)) {
      throw new LayerDecodeError('unexpected-constructor', `${entry.name} where ${describe(expected)} was expected`, start, id)
    }
    return this.readFields(reader, entry, depth)
  }

  /** `gzip_packed` may stand in for any boxed value: inflate it and read the value from the result. */
  private readPacked(reader: WireReader, start: number, depth: number, read: (inner: WireReader) => unknown): unknown {
    if (depth > MAX_DEPTH) throw new LayerDecodeError('too-deep', `objects nest deeper than ${MAX_DEPTH}`, start)
    const packed = reader.bytesValue()
    let inflated: Uint8Array
    try {
      inflated = gunzipSync(packed, { maxOutputLength: MAX_INFLATED_BYTES })
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
      throw new LayerDecodeError(
        tooLarge ? 'length-too-large' : 'invalid-value',
        tooLarge ? `gzip_packed inflates beyond ${MAX_INFLATED_BYTES} bytes` : 'gzip_packed data does not inflate',
        start,
      )
    }
    const inner = new WireReader(inflated)
    const value = read(inner)
    if (inner.remaining > 0) {
      throw new LayerDecodeError('trailing-bytes', `${inner.remaining} bytes left inside gzip_packed`, start)
    }
    return value
  }

  private readFields(reader: WireReader, entry: EntrySpec, depth: number): TlPlainObject {
    const object: TlPlainObject = { _: entry.name }
    let flags: Record<string, number> | undefined
    for (const item of entry.wireOrder) {
      if (!isFieldSpec(item)) {
        flags ??= {}
        flags[item.flagsField] = reader.int() >>> 0
        continue
      }
      if (item.condition) {
        const present = (((flags?.[item.condition.field] ?? 0) >>> item.condition.bit) & 1) === 1
        if (item.type.kind === 'true') {
          object[item.name] = present
          continue
        }
        if (!present) {
          object[item.name] = undefined
          continue
        }
      }
      object[item.name] = this.readValue(reader, item.type, depth)
    }
    return object
  }

  // ---- encoding ----

  private writeValue(writer: WireWriter, type: TypeRef, value: unknown, depth: number, at: FieldAt | undefined): void {
    switch (type.kind) {
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
          throw encodeError(at, `expected a 32-bit integer, got ${show(value)}`)
        }
        return writer.int(value)
      case 'long':
        if (typeof value !== 'bigint' || BigInt.asIntN(64, value) !== value) {
          throw encodeError(at, `expected a 64-bit bigint, got ${show(value)}`)
        }
        return writer.long(value)
      case 'double':
        if (typeof value !== 'number') throw encodeError(at, `expected a number, got ${show(value)}`)
        return writer.double(value)
      case 'string':
        if (typeof value !== 'string') throw encodeError(at, `expected a string, got ${show(value)}`)
        return writer.string(value)
      case 'bytes':
        if (!(value instanceof Uint8Array)) throw encodeError(at, `expected a Uint8Array, got ${show(value)}`)
        return writer.bytesValue(value)
      case 'int128':
      case 'int256': {
        const size = type.kind === 'int128' ? 16 : 32
        if (!(value instanceof Uint8Array) || value.length !== size) {
          throw encodeError(at, `expected ${size} bytes, got ${show(value)}`)
        }
        return writer.raw(value)
      }
      case 'true':
        // A `true` flag lives in its flags bit only; a bare `true` value has no bytes.
        return
      case 'Bool':
        if (typeof value !== 'boolean') throw encodeError(at, `expected a boolean, got ${show(value)}`)
        return writer.uint(value ? BOOL_TRUE_ID : BOOL_FALSE_ID)
      case 'vector': {
        if (!Array.isArray(value)) throw encodeError(at, `expected an array, got ${show(value)}`)
        if (type.boxed) writer.uint(VECTOR_ID)
        writer.int(value.length)
        for (const item of value) this.writeValue(writer, type.item, item, depth, at)
        return
      }
      case 'bare': {
        const entry = this.schema.bareConstructor(type)
        if (!entry) throw encodeError(at, `bare type ${type.constructorName} is not in layer ${this.schema.layer}`)
        const object = asObject(value, at)
        if (object._ !== undefined && object._ !== entry.name) throw encodeError(at, `expected ${entry.name}, got ${object._}`)
        return this.writeFields(writer, entry, object, depth + 1)
      }
      case 'boxed':
      case 'any':
      case 'query': {
        const object = asObject(value, at)
        const entry =
          type.kind === 'query'
            ? this.schema.methodNamed(object._)
            : type.kind === 'boxed'
              ? this.schema.constructorNamed(object._)
              : this.schema.entryNamed(object._)
        if (!entry) throw encodeError(at, `layer ${this.schema.layer} has no ${type.kind === 'query' ? 'method' : 'constructor'} ${object._}`)
        if (!fitsExpectation(entry, type)) throw encodeError(at, `${entry.name} is not ${describe(type)}`)
        writer.uint(entry.id)
        return this.writeFields(writer, entry, object, depth + 1)
      }
    }
  }

  private writeFields(writer: WireWriter, entry: EntrySpec, object: TlPlainObject, depth: number): void {
    if (depth > MAX_DEPTH) throw new LayerEncodeError(`objects nest deeper than ${MAX_DEPTH}`, entry.name)
    const flags = computeFlags(entry, object)
    for (const item of entry.wireOrder) {
      if (!isFieldSpec(item)) {
        writer.uint(flags[item.flagsField] ?? 0)
        continue
      }
      const value = object[item.name]
      if (item.type.kind === 'true') continue
      if (item.condition) {
        const bitSet = (((flags[item.condition.field] ?? 0) >>> item.condition.bit) & 1) === 1
        if (!bitSet) continue
        if (isAbsent(value)) {
          // Another field on the same bit is set, so the wire format expects this one too.
          throw new LayerEncodeError(`must be set when its flag bit is (another field shares ${item.condition.field}.${item.condition.bit})`, entry.name, item.name)
        }
      } else if (value === undefined) {
        throw new LayerEncodeError('required field is missing', entry.name, item.name)
      }
      this.writeValue(writer, item.type, value, depth, { entry: entry.name, field: item.name })
    }
  }
}

interface FieldAt {
  entry: string
  field: string
}

function computeFlags(entry: EntrySpec, object: TlPlainObject): Record<string, number> {
  const flags: Record<string, number> = {}
  for (const field of entry.fields) {
    if (!field.condition) continue
    flags[field.condition.field] ??= 0
    if (isPresent(field, object[field.name], entry.name)) {
      flags[field.condition.field] = (flags[field.condition.field]! | (1 << field.condition.bit)) >>> 0
    }
  }
  return flags
}

function isPresent(field: FieldSpec, value: unknown, entryName: string): boolean {
  if (field.type.kind !== 'true') return !isAbsent(value)
  if (value === undefined || typeof value === 'boolean') return value === true
  throw new LayerEncodeError(`expected a boolean flag, got ${show(value)}`, entryName, field.name)
}

/** Plain objects mark an unset optional field with undefined; null is accepted too, as JSON gives it. */
const isAbsent = (value: unknown): boolean => value === undefined || value === null

function fitsExpectation(entry: EntrySpec, expected: TypeRef): boolean {
  switch (expected.kind) {
    case 'boxed':
      return entry.kind === 'constructor' && entry.typeName === expected.type
    case 'query':
      return entry.kind === 'method'
    default:
      return true
  }
}

function describe(type: TypeRef): string {
  if (type.kind === 'boxed') return `a ${type.type}`
  if (type.kind === 'query') return 'a method call'
  return 'an object'
}

function asObject(value: unknown, at: FieldAt | undefined): TlPlainObject {
  if (typeof value !== 'object' || value === null || typeof (value as { _?: unknown })._ !== 'string') {
    throw encodeError(at, `expected a TL object with a string _, got ${show(value)}`)
  }
  return value as TlPlainObject
}

function encodeError(at: FieldAt | undefined, message: string): LayerEncodeError {
  return new LayerEncodeError(message, at?.entry, at?.field)
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'object' && value !== null) return '_' in value ? `object ${String(value._)}` : 'an object'
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)
}
