/**
 * Writes TL values into a growable buffer. The generated encoders check each field's JS type before
 * calling in here, so the primitives below only check what they alone can see (lengths, ranges of
 * vector items, whether a nested object's constructor fits the field).
 */
import { badField, describeValue, TlEncodeError } from './errors'
import { registry as generatedRegistry } from './generated/registry'
import { resolveResultMethod } from './reader'
import { METHOD_TYPE, type TlRegistry } from './registry'
import { BOOL_FALSE_ID, BOOL_TRUE_ID, LONG_MAX, LONG_MIN, VECTOR_ID } from './wire'

/** TL byte strings carry a 24-bit length. */
const MAX_BYTE_STRING = 0xffffff

const utf8 = new TextEncoder()

// Module-local copies: imported bindings compile to property reads on another module in CommonJS builds.
const VECTOR = VECTOR_ID
const BOOL_TRUE = BOOL_TRUE_ID
const BOOL_FALSE = BOOL_FALSE_ID
const LONG_LOW = LONG_MIN
const LONG_HIGH = LONG_MAX

export class TlWriter {
  /** Offset of the next byte to write; also the number of bytes written so far. */
  pos = 0
  private buf: Uint8Array
  private view: DataView
  private readonly registry: TlRegistry

  constructor(registry: TlRegistry = generatedRegistry, capacity = 1024) {
    this.registry = registry
    this.buf = new Uint8Array(capacity)
    this.view = new DataView(this.buf.buffer)
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  /** Starts over, keeping the buffer unless it grew beyond `keepCapacity`. */
  reset(keepCapacity = 1 << 20): void {
    this.pos = 0
    if (this.buf.length > keepCapacity) {
      this.buf = new Uint8Array(keepCapacity)
      this.view = new DataView(this.buf.buffer)
    }
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n)
  }

  private grow(n: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n))
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  int(value: number): void {
    this.ensure(4)
    this.view.setInt32(this.pos, value, true)
    this.pos += 4
  }

  uint(value: number): void {
    this.ensure(4)
    this.view.setUint32(this.pos, value, true)
    this.pos += 4
  }

  /** Writes a signed 64-bit value; an unsigned one up to 2^64 - 1 lands as its two's complement. */
  long(value: bigint): void {
    this.ensure(8)
    this.view.setBigInt64(this.pos, value, true)
    this.pos += 8
  }

  double(value: number): void {
    this.ensure(8)
    this.view.setFloat64(this.pos, value, true)
    this.pos += 8
  }

  bool(value: boolean): void {
    this.int(value ? BOOL_TRUE : BOOL_FALSE)
  }

  /** Bytes with no length prefix: int128, int256, or a pre-serialized body. */
  raw(value: Uint8Array): void {
    const length = value.length
    this.ensure(length)
    const buf = this.buf
    const pos = this.pos
    if (length <= 32) for (let i = 0; i < length; i++) buf[pos + i] = value[i]
    else buf.set(value, pos)
    this.pos = pos + length
  }

  /** Writes a TL byte string: the length prefix, the data, then zero padding to a multiple of 4. */
  bytes(value: Uint8Array): void {
    const length = value.length
    if (length > MAX_BYTE_STRING) throw new TlEncodeError('bytes', undefined, `length ${length} exceeds the TL limit of ${MAX_BYTE_STRING}`)
    this.ensure(length + 7)
    const header = this.lengthPrefix(length)
    this.raw(value)
    this.pad(header + length)
  }

  string(value: string): void {
    const units = value.length
    // A UTF-16 unit becomes at most 3 UTF-8 bytes (a surrogate pair, 2 units, becomes 4).
    const maxBytes = units * 3
    this.ensure(maxBytes + 7)
    const buf = this.buf
    const start = this.pos
    let header = maxBytes < 254 ? 1 : 4
    let p = start + header
    let i = 0
    for (; i < units; i++) {
      const c = value.charCodeAt(i)
      if (c > 0x7f) break
      buf[p++] = c
    }
    if (i < units) p += utf8.encodeInto(i === 0 ? value : value.slice(i), buf.subarray(p)).written
    const length = p - start - header
    if (length > MAX_BYTE_STRING) throw new TlEncodeError('string', undefined, `UTF-8 length ${length} exceeds the TL limit of ${MAX_BYTE_STRING}`)
    if (header === 4 && length < 254) {
      // The reserved long prefix was not needed after all.
      buf.copyWithin(start + 1, start + 4, p)
      header = 1
    }
    this.lengthPrefix(length)
    this.pos = start + header + length
    this.pad(header + length)
  }

  /** Writes the 1- or 4-byte length prefix of a byte string and returns its size. Capacity is ensured by the caller. */
  private lengthPrefix(length: number): number {
    const buf = this.buf
    const pos = this.pos
    if (length < 254) {
      buf[pos] = length
      this.pos = pos + 1
      return 1
    }
    buf[pos] = 254
    buf[pos + 1] = length & 0xff
    buf[pos + 2] = (length >> 8) & 0xff
    buf[pos + 3] = length >> 16
    this.pos = pos + 4
    return 4
  }

  /** Zero-fills after a byte string of `written` bytes (prefix included) up to a multiple of 4. */
  private pad(written: number): void {
    const buf = this.buf
    let pos = this.pos
    for (let n = -written & 3; n > 0; n--) buf[pos++] = 0
    this.pos = pos
  }

  /** The id and count that open a boxed `Vector<T>`. */
  vectorHeader(count: number): void {
    this.ensure(8)
    this.view.setInt32(this.pos, VECTOR, true)
    this.view.setInt32(this.pos + 4, count, true)
    this.pos += 8
  }

  intVector(items: readonly number[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if ((item | 0) !== item) throw badField(owner, `${field}[${i}]`, 'int', item)
      this.int(item)
    }
  }

  longVector(items: readonly bigint[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (typeof item !== 'bigint' || item < LONG_LOW || item > LONG_HIGH) throw badField(owner, `${field}[${i}]`, 'long (bigint)', item)
      this.long(item)
    }
  }

  doubleVector(items: readonly number[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (typeof item !== 'number') throw badField(owner, `${field}[${i}]`, 'double', item)
      this.double(item)
    }
  }

  stringVector(items: readonly string[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (typeof item !== 'string') throw badField(owner, `${field}[${i}]`, 'string', item)
      this.string(item)
    }
  }

  bytesVector(items: readonly Uint8Array[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (!(item instanceof Uint8Array)) throw badField(owner, `${field}[${i}]`, 'bytes (Uint8Array)', item)
      this.bytes(item)
    }
  }

  boolVector(items: readonly boolean[], owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (typeof item !== 'boolean') throw badField(owner, `${field}[${i}]`, 'Bool (boolean)', item)
      this.bool(item)
    }
  }

  objectVector(items: readonly unknown[], type: string, owner: string, field: string): void {
    this.vectorHeader(items.length)
    for (let i = 0; i < items.length; i++) this.object(items[i], type, owner, field)
  }

  /**
   * Writes a boxed object: its constructor id, then its fields. `type` is the TL type the field
   * declares (the constructor must belong to it), METHOD_TYPE for `!X`, or undefined for any object.
   * `owner` and `field` only name the culprit in errors.
   */
  object(value: unknown, type?: string, owner?: string, field?: string): void {
    const name = typeof value === 'object' && value !== null ? (value as { _?: unknown })._ : undefined
    const entry = typeof name === 'string' ? this.registry.encoders.get(name) : undefined
    if (entry === undefined || (type !== undefined && entry.type !== type)) {
      throw this.objectError(value, entry === undefined, type, owner, field)
    }
    this.int(entry.id)
    entry.encode(this, value)
  }

  /**
   * Writes a value of the TL type `Object`: any boxed object, or the forms the reader produces for
   * built-in boxed types (a boolean for Bool, an array for a vector of boxed values).
   */
  anyObject(value: unknown, owner?: string, field?: string): void {
    if (typeof value === 'boolean') this.bool(value)
    else if (Array.isArray(value)) {
      this.vectorHeader(value.length)
      for (const item of value) this.anyObject(item, owner, field)
    } else this.object(value, undefined, owner, field)
  }

  /** Writes what `method` answers, in the form TlReader.result reads it back. */
  result(method: string | { _: string }, value: unknown): void {
    const name = resolveResultMethod(this.registry, method)
    const codec = this.registry.results.get(name)
    if (codec === undefined) this.anyObject(value, name, 'result')
    else codec.write(this, value, name)
  }

  private objectError(value: unknown, unknown: boolean, type: string | undefined, owner?: string, field?: string): TlEncodeError {
    const expected = type === undefined ? 'a TL object' : type === METHOD_TYPE ? 'a method' : `a constructor of ${type}`
    const name = typeof value === 'object' && value !== null ? (value as { _?: unknown })._ : undefined
    const problem =
      typeof name !== 'string'
        ? `expected ${expected}, got ${describeValue(value)}`
        : unknown
          ? `unknown constructor '${name}'`
          : `expected ${expected}, got '${name}'`
    if (owner === undefined) return new TlEncodeError(typeof name === 'string' ? name : '(value)', undefined, problem)
    return new TlEncodeError(owner, field, problem)
  }
}
