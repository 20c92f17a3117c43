/**
 * Reads TL values from a byte buffer. Every read checks the bounds first, so hostile input ends in a
 * TlDecodeError rather than an out-of-range read, and every length or count is checked against the
 * bytes that remain before anything is allocated for it.
 */
import { Buffer } from 'node:buffer'
import { gunzipSync } from 'node:zlib'
import { formatId, invalidValue, lengthTooLarge, TlDecodeError, TlResultTypeError, truncated, unknownConstructor } from './errors'
import { registry as generatedRegistry } from './generated/registry'
import type { TlRegistry } from './registry'
import { BOOL_FALSE_ID, BOOL_TRUE_ID, GZIP_PACKED_ID, VECTOR_ID } from './wire'

/**
 * How deeply boxed objects may nest. Real Telegram objects nest about a dozen levels (an rpc_result
 * holding a gzip'd update holding a message whose media holds a document with attributes); 64 leaves
 * ample room while keeping hostile input far from the JS stack limit.
 */
export const MAX_DEPTH = 64

/**
 * The largest `gzip_packed` payload we inflate. Telegram keeps every message under a few MiB, so
 * anything larger is a decompression bomb, not data.
 */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024

/** Strings up to this many bytes are tried as ASCII in JS first; the native decoder costs more to call than it saves on them. */
const SHORT_STRING = 16

/**
 * Node's native UTF-8 decoder behind Buffer#toString, reached without toString's argument handling
 * (a measurable share of decoding time on message-heavy replies); toString where it is missing.
 */
type Utf8Slice = (this: Buffer, start: number, end: number) => string
const utf8Slice: Utf8Slice =
  (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString('utf8', start, end)
  }

/** Byte strings up to this long are copied in a JS loop, which beats the setup cost of slice(). */
const SHORT_BYTES = 64

// Module-local copies: imported bindings compile to property reads on another module in CommonJS builds.
const VECTOR = VECTOR_ID
const GZIP_PACKED = GZIP_PACKED_ID
const BOOL_TRUE = BOOL_TRUE_ID
const BOOL_FALSE = BOOL_FALSE_ID

export class TlReader {
  readonly bytes: Uint8Array
  /** The same memory as a Buffer, for Node's native UTF-8 decoding (TextDecoder costs more per call). */
  private readonly text: Buffer
  /** Offset of the next byte to read. */
  pos: number
  /** Offset just past the last readable byte. */
  readonly end: number
  /** How many boxed objects enclose the current read; see MAX_DEPTH. */
  depth: number
  private readonly view: DataView
  private readonly registry: TlRegistry
  /** registry.decoders, held directly: it is consulted for every object. */
  private readonly decoders: TlRegistry['decoders']
  /** Data length of the byte string byteString() just claimed (returned this way to avoid an allocation). */
  private lastLength = 0

  constructor(bytes: Uint8Array, registry: TlRegistry = generatedRegistry, depth = 0) {
    // A plain view even when given a Buffer, whose slice() would alias rather than copy.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.pos = 0
    this.end = bytes.length
    this.registry = registry
    this.decoders = registry.decoders
    this.depth = depth
  }

  get remaining(): number {
    return this.end - this.pos
  }

  /** Claims `n` bytes and returns the offset they start at. */
  private take(n: number): number {
    const pos = this.pos
    if (pos + n > this.end) throw truncated(pos, n, this.end - pos)
    this.pos = pos + n
    return pos
  }

  int(): number {
    return this.view.getInt32(this.take(4), true)
  }

  uint(): number {
    return this.view.getUint32(this.take(4), true)
  }

  long(): bigint {
    return this.view.getBigInt64(this.take(8), true)
  }

  double(): number {
    return this.view.getFloat64(this.take(8), true)
  }

  int128(): Uint8Array {
    const pos = this.take(16)
    return this.bytes.slice(pos, pos + 16)
  }

  int256(): Uint8Array {
    const pos = this.take(32)
    return this.bytes.slice(pos, pos + 32)
  }

  /** Raw bytes with no length prefix, e.g. a message body whose length the envelope gives. */
  raw(length: number): Uint8Array {
    const pos = this.take(length)
    return this.bytes.slice(pos, pos + length)
  }

  bool(): boolean {
    const id = this.int()
    if (id === BOOL_TRUE) return true
    if (id === BOOL_FALSE) return false
    throw invalidValue(`expected boolTrue or boolFalse, got ${formatId(id)}`, this.pos - 4)
  }

  /**
   * Reads a TL `bytes`/`string` length prefix and claims the data and its padding: a length under 254
   * takes one byte, a longer one is 0xfe plus three bytes; the total is padded to a multiple of 4.
   * Returns the offset the data starts at; its length is left in `lastLength`.
   */
  private byteString(): number {
    const start = this.pos
    if (start >= this.end) throw truncated(start, 1, 0)
    const buf = this.bytes
    let length = buf[start]
    let header = 1
    if (length === 254) {
      if (start + 4 > this.end) throw truncated(start, 4, this.end - start)
      length = buf[start + 1] | (buf[start + 2] << 8) | (buf[start + 3] << 16)
      header = 4
    } else if (length === 255) {
      throw invalidValue('byte string length prefix 0xff is not used by TL', start)
    }
    const available = this.end - start - header
    if (length > available) throw lengthTooLarge('byte string length', length, start, available)
    const padded = (header + length + 3) & ~3
    if (padded > this.end - start) throw truncated(start, padded, this.end - start)
    this.pos = start + padded
    this.lastLength = length
    return start + header
  }

  bytesValue(): Uint8Array {
    const at = this.byteString()
    const length = this.lastLength
    if (length > SHORT_BYTES) return this.bytes.slice(at, at + length)
    const out = new Uint8Array(length)
    const buf = this.bytes
    for (let i = 0; i < length; i++) out[i] = buf[at + i]
    return out
  }

  string(): string {
    const at = this.byteString()
    const length = this.lastLength
    const buf = this.bytes
    if (length <= SHORT_STRING) {
      let text = ''
      for (let i = at, end = at + length; i < end; i++) {
        const c = buf[i]
        if (c > 0x7f) return utf8Slice.call(this.text, at, end)
        text += String.fromCharCode(c)
      }
      return text
    }
    return utf8Slice.call(this.text, at, at + length)
  }

  /**
   * Reads a boxed vector's id and count. `minItemBytes` is the least an element can occupy on the
   * wire, so a count that could not fit in what remains is rejected before anything is allocated.
   */
  vectorLength(minItemBytes: number): number {
    const id = this.int()
    if (id !== VECTOR) throw invalidValue(`expected a vector, got ${formatId(id)}`, this.pos - 4)
    return this.bareVectorLength(minItemBytes)
  }

  /** Reads the count of a bare `vector<T>` (no id); see vectorLength. */
  bareVectorLength(minItemBytes: number): number {
    const count = this.uint()
    const available = this.end - this.pos
    if (count * minItemBytes > available) throw lengthTooLarge('vector count', count, this.pos - 4, available)
    return count
  }

  intVector(): number[] {
    const count = this.vectorLength(4)
    const items: number[] = []
    for (let i = 0; i < count; i++) items.push(this.int())
    return items
  }

  longVector(): bigint[] {
    const count = this.vectorLength(8)
    const items: bigint[] = []
    for (let i = 0; i < count; i++) items.push(this.long())
    return items
  }

  doubleVector(): number[] {
    const count = this.vectorLength(8)
    const items: number[] = []
    for (let i = 0; i < count; i++) items.push(this.double())
    return items
  }

  stringVector(): string[] {
    const count = this.vectorLength(4)
    const items: string[] = []
    for (let i = 0; i < count; i++) items.push(this.string())
    return items
  }

  bytesVector(): Uint8Array[] {
    const count = this.vectorLength(4)
    const items: Uint8Array[] = []
    for (let i = 0; i < count; i++) items.push(this.bytesValue())
    return items
  }

  boolVector(): boolean[] {
    const count = this.vectorLength(4)
    const items: boolean[] = []
    for (let i = 0; i < count; i++) items.push(this.bool())
    return items
  }

  /**
   * Reads a boxed object for a field that declares its TL type but has no generated type reader (the
   * `!X` of a method call): a constructor of another type, a Bool or a vector there is refused, or it
   * would reach the caller under a type it does not have. `type` is METHOD_TYPE for `!X`.
   */
  typedObject(type: string): unknown {
    const start = this.pos
    const value = this.object()
    const name = typeof value === 'object' && value !== null ? (value as { _?: unknown })._ : undefined
    if (typeof name !== 'string' || this.registry.encoders.get(name)?.type !== type) {
      const found = typeof name === 'string' ? `'${name}'` : Array.isArray(value) ? 'a vector' : typeof value
      throw invalidValue(`expected a constructor of ${type}, got ${found}`, start)
    }
    return value
  }

  /**
   * Steps one level into a boxed object whose id was just read, refusing to go past MAX_DEPTH; returns
   * the depth to restore once the object is read. The generated type readers use this.
   */
  enter(): number {
    const depth = this.depth
    if (depth >= MAX_DEPTH) throw new TlDecodeError('too-deep', `objects nest deeper than ${MAX_DEPTH}`, this.pos - 4)
    this.depth = depth + 1
    return depth
  }

  /**
   * What a generated type reader does with an id none of its type's constructors has: gzip_packed is
   * inflated and read as that type again; anything else is refused, naming what was found.
   */
  otherObject<T>(id: number, type: string, read: (reader: TlReader) => T): T {
    if (id === GZIP_PACKED) return read(this.inflated())
    const offset = this.pos - 4
    if (id !== VECTOR && !this.decoders.has(id)) throw unknownConstructor(id, offset)
    throw invalidValue(`expected a constructor of ${type}, got '${nameOfId(this.registry, id)}'`, offset)
  }

  /**
   * Reads one boxed value by its constructor id: an object, a method call, a Bool (as a boolean),
   * a vector of boxed values (as an array), or a `gzip_packed` wrapper around any of those.
   */
  object(): unknown {
    const id = this.int()
    const decode = this.decoders.get(id)
    const depth = this.depth
    if (depth >= MAX_DEPTH) throw new TlDecodeError('too-deep', `objects nest deeper than ${MAX_DEPTH}`, this.pos - 4)
    if (decode !== undefined) {
      this.depth = depth + 1
      const value = decode(this)
      this.depth = depth
      return value
    }
    return this.builtinObject(id)
  }

  private builtinObject(id: number): unknown {
    const depth = this.depth
    if (id === VECTOR) {
      const count = this.bareVectorLength(4)
      const items: unknown[] = []
      this.depth = depth + 1
      for (let i = 0; i < count; i++) items.push(this.object())
      this.depth = depth
      return items
    }
    if (id === GZIP_PACKED) return this.inflated().object()
    throw unknownConstructor(id, this.pos - 4)
  }

  /**
   * Reads the result of `method` (a name or the request object itself), which must be of the type the
   * method declares: any other boxed id there ends in a TlResultTypeError. Vector results of bare
   * values, such as `Vector<long>`, can only be read this way; wrapper methods like `invokeWithLayer`
   * answer with the result of their inner query.
   */
  result(method: string | { _: string }): unknown {
    const name = resolveResultMethod(this.registry, method)
    const codec = this.registry.results.get(name)
    if (codec === undefined) return this.object()
    if (this.pos + 4 <= this.end && this.view.getInt32(this.pos, true) === GZIP_PACKED) {
      this.pos += 4
      return this.inflated().result(name)
    }
    const start = this.pos
    try {
      return codec.read(this)
    } catch (error) {
      // Every result is boxed, so a value refused at its very first byte was refused for its id.
      if (error instanceof TlDecodeError && error.reason === 'invalid-value' && error.offset === start) {
        throw new TlResultTypeError(name, codec.type, nameOfId(this.registry, this.view.getInt32(start, true)), start)
      }
      throw error
    }
  }

  /** Reads a `gzip_packed` body (its id already consumed) and returns a reader over the inflated bytes. */
  private inflated(): TlReader {
    const offset = this.pos
    const packed = this.bytesValue()
    let unpacked: Uint8Array
    try {
      unpacked = gunzipSync(packed, { maxOutputLength: MAX_INFLATED_BYTES })
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new TlDecodeError('length-too-large', `gzip_packed inflates beyond ${MAX_INFLATED_BYTES} bytes`, offset)
      }
      throw invalidValue(`gzip_packed does not inflate: ${(error as Error).message}`, offset)
    }
    // The wrapper counts as a level, so gzip inside gzip cannot nest without bound either.
    return new TlReader(unpacked, this.registry, this.depth + 1)
  }
}

/** Names of constructors and methods by id, built from a registry the first time an error needs one. */
const namesById = new WeakMap<TlRegistry, Map<number, string>>()

/** The TL name of a boxed id (`user`, `boolTrue`, `vector`), or the id itself when neither layer has it. */
function nameOfId(registry: TlRegistry, id: number): string {
  if (id === BOOL_TRUE) return 'boolTrue'
  if (id === BOOL_FALSE) return 'boolFalse'
  if (id === VECTOR) return 'vector'
  let names = namesById.get(registry)
  if (names === undefined) {
    names = new Map([...registry.encoders].map(([name, entry]) => [entry.id, name]))
    namesById.set(registry, names)
  }
  return names.get(id) ?? formatId(id)
}

/** For a wrapper such as `invokeWithLayer`, follows `query` down to the method whose result comes back. */
export function resolveResultMethod(registry: TlRegistry, method: string | { _: string }): string {
  let request: unknown = method
  for (let level = 0; level < MAX_DEPTH; level++) {
    if (typeof request === 'string') return request
    const name = (request as { _: string })._
    if (!registry.wrappers.has(name)) return name
    request = (request as { query?: unknown }).query
    if (typeof request !== 'object' || request === null) return name
  }
  throw new TypeError(`wrapper methods nest deeper than ${MAX_DEPTH}`)
}
