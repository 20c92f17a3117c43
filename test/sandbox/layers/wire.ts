/**
 * TL wire primitives: little-endian 32/64-bit integers, doubles, fixed-size int128/int256, and byte
 * strings with the TL length prefix and 4-byte padding. Every read is bounds-checked first, so hostile
 * input ends in a LayerDecodeError, never in an out-of-range read or an allocation from an unchecked length.
 */
import { LayerDecodeError, LayerEncodeError } from './errors'

const utf8Decoder = new TextDecoder()
const utf8Encoder = new TextEncoder()

export class WireReader {
  private readonly view: DataView
  offset = 0

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  get remaining(): number {
    return this.bytes.length - this.offset
  }

  private need(count: number, what: string): void {
    if (count > this.remaining) {
      throw new LayerDecodeError('truncated', `${what} needs ${count} bytes, ${this.remaining} left`, this.offset)
    }
  }

  int(): number {
    this.need(4, 'int')
    const value = this.view.getInt32(this.offset, true)
    this.offset += 4
    return value
  }

  uint(): number {
    this.need(4, 'constructor id')
    const value = this.view.getUint32(this.offset, true)
    this.offset += 4
    return value
  }

  peekUint(): number {
    this.need(4, 'constructor id')
    return this.view.getUint32(this.offset, true)
  }

  long(): bigint {
    this.need(8, 'long')
    const value = this.view.getBigInt64(this.offset, true)
    this.offset += 8
    return value
  }

  double(): number {
    this.need(8, 'double')
    const value = this.view.getFloat64(this.offset, true)
    this.offset += 8
    return value
  }

  raw(count: number, what = 'raw bytes'): Uint8Array {
    this.need(count, what)
    const value = this.bytes.slice(this.offset, this.offset + count)
    this.offset += count
    return value
  }

  /** TL byte string: a 1-byte length below 254, else 0xfe and a 3-byte length; padded to 4 bytes. */
  bytesValue(): Uint8Array {
    const start = this.offset
    this.need(1, 'byte string length')
    let length = this.bytes[this.offset]!
    let header = 1
    if (length === 0xff) {
      throw new LayerDecodeError('invalid-value', 'byte string length prefix 0xff is reserved', start)
    }
    if (length === 0xfe) {
      this.need(4, 'long byte string length')
      length = this.bytes[start + 1]! | (this.bytes[start + 2]! << 8) | (this.bytes[start + 3]! << 16)
      header = 4
    }
    const padded = (header + length + 3) & ~3
    if (padded > this.remaining) {
      throw new LayerDecodeError(
        'length-too-large',
        `byte string of ${length} bytes, only ${this.remaining - header} left`,
        start,
      )
    }
    const value = this.bytes.slice(start + header, start + header + length)
    this.offset = start + padded
    return value
  }

  string(): string {
    return utf8Decoder.decode(this.bytesValue())
  }
}

export class WireWriter {
  private buffer: Uint8Array
  private view: DataView
  offset = 0

  constructor(initialSize = 256) {
    this.buffer = new Uint8Array(initialSize)
    this.view = new DataView(this.buffer.buffer)
  }

  private reserve(count: number): void {
    if (this.offset + count <= this.buffer.length) return
    let size = this.buffer.length * 2
    while (size < this.offset + count) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.buffer.subarray(0, this.offset))
    this.buffer = grown
    this.view = new DataView(grown.buffer)
  }

  int(value: number): void {
    this.reserve(4)
    this.view.setInt32(this.offset, value, true)
    this.offset += 4
  }

  uint(value: number): void {
    this.reserve(4)
    this.view.setUint32(this.offset, value, true)
    this.offset += 4
  }

  long(value: bigint): void {
    this.reserve(8)
    this.view.setBigInt64(this.offset, value, true)
    this.offset += 8
  }

  double(value: number): void {
    this.reserve(8)
    this.view.setFloat64(this.offset, value, true)
    this.offset += 8
  }

  raw(value: Uint8Array): void {
    this.reserve(value.length)
    this.buffer.set(value, this.offset)
    this.offset += value.length
  }

  bytesValue(value: Uint8Array): void {
    // The long form stores the length in 3 bytes.
    if (value.length >= 1 << 24) throw new LayerEncodeError(`byte string of ${value.length} bytes is longer than TL allows`)
    const header = value.length < 0xfe ? 1 : 4
    const padded = (header + value.length + 3) & ~3
    this.reserve(padded)
    const start = this.offset
    if (header === 1) {
      this.buffer[start] = value.length
    } else {
      this.buffer[start] = 0xfe
      this.buffer[start + 1] = value.length & 0xff
      this.buffer[start + 2] = (value.length >> 8) & 0xff
      this.buffer[start + 3] = (value.length >> 16) & 0xff
    }
    this.buffer.set(value, start + header)
    this.buffer.fill(0, start + header + value.length, start + padded)
    this.offset = start + padded
  }

  string(value: string): void {
    this.bytesValue(utf8Encoder.encode(value))
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.offset)
  }
}

export const utf8 = { encode: (s: string) => utf8Encoder.encode(s), decode: (b: Uint8Array) => utf8Decoder.decode(b) }
