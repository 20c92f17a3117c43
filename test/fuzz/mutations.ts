/**
 * Byte-level corruptions of valid input, the kind a broken link, a buggy peer or an attacker produces: flipped
 * bits, overwritten bytes, huge length prefixes, cuts, inserted and repeated runs. Positions are drawn as fractions
 * so the same mutation applies to inputs of any length and shrinks towards the start.
 */
import fc from 'fast-check'

export type Mutation =
  | { kind: 'flip-bit'; at: number; bit: number }
  | { kind: 'set-byte'; at: number; value: number }
  /** Four bytes that read as a huge length or count in any little-endian prefix: 2^31, 2^32-1, 0xfe ff ff ff... */
  | { kind: 'huge-length'; at: number; word: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'repeat'; at: number; length: number }

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

const HUGE_WORDS = [0x80000000, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x01000000, 0xfeffffff, 0x00fffffe]

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('flip-bit' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('set-byte' as const), at: position, value: fc.integer({ min: 0, max: 255 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('huge-length' as const), at: position, word: fc.constantFrom(...HUGE_WORDS) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
)

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 6 })

/** Applies the mutations in order to a copy of `input`. */
export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(input)
  for (const m of mutations) {
    const at = Math.floor(m.at * bytes.length)
    switch (m.kind) {
      case 'flip-bit':
        if (bytes.length > 0) bytes[at] ^= 1 << m.bit
        break
      case 'set-byte':
        if (bytes.length > 0) bytes[at] = m.value
        break
      case 'huge-length': {
        // Aligned, as TL lengths and counts are: the word lands where a real prefix would be read.
        const aligned = at & ~3
        if (aligned + 4 <= bytes.length) new DataView(bytes.buffer, bytes.byteOffset).setUint32(aligned, m.word, true)
        break
      }
      case 'truncate':
        bytes = bytes.slice(0, at)
        break
      case 'insert':
        bytes = concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at))
        break
      case 'repeat':
        bytes = concat(bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at))
        break
    }
  }
  return bytes
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Splits bytes at the given cut points (fractions of the length), as a socket may deliver them. */
export function chunks(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * (bytes.length + 1))))].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let previous = 0
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(previous, point))
    previous = point
  }
  return pieces
}

export const cutsArb = fc.array(position, { maxLength: 24 })
