// The standard tables of ITU-T T.81 Annex K: the example quantization tables (scaled per quality the way libjpeg
// does) and the example Huffman tables. Telegram's stripped thumbnails assume exactly these Huffman tables and the
// quality-20 quantization tables, so the sandbox must produce them bit for bit.

/** Zigzag scan order: ZIGZAG[i] is the natural (row-major) index of the i-th coefficient sent. */
export const ZIGZAG: readonly number[] = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
]

/** Table K.1, luminance, in natural order. */
const LUMINANCE_QUANT: readonly number[] = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120,
  101, 72, 92, 95, 98, 112, 100, 103, 99,
]

/** Table K.2, chrominance, in natural order. */
const CHROMINANCE_QUANT: readonly number[] = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99,
]

/** libjpeg's quality scaling (1..100), clamped to 1..255 so the tables stay 8-bit (baseline). */
function scaleQuant(base: readonly number[], quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)))
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - q * 2
  return base.map((value) => Math.min(255, Math.max(1, Math.floor((value * scale + 50) / 100))))
}

export interface QuantTables {
  /** Natural order, one divisor per coefficient. */
  readonly luminance: readonly number[]
  readonly chrominance: readonly number[]
}

export function quantTables(quality: number): QuantTables {
  return { luminance: scaleQuant(LUMINANCE_QUANT, quality), chrominance: scaleQuant(CHROMINANCE_QUANT, quality) }
}

/** A Huffman table as DHT carries it: how many codes of each length 1..16, then the symbols in code order. */
export interface HuffmanSpec {
  readonly counts: readonly number[]
  readonly symbols: Uint8Array
}

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))

/** Table K.3. */
export const DC_LUMINANCE: HuffmanSpec = {
  counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
  symbols: hex('000102030405060708090a0b'),
}

/** Table K.4. */
export const DC_CHROMINANCE: HuffmanSpec = {
  counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
  symbols: hex('000102030405060708090a0b'),
}

/** Table K.5. */
export const AC_LUMINANCE: HuffmanSpec = {
  counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  symbols: hex(
    '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738' +
      '393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4' +
      'a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
  ),
}

/** Table K.6. */
export const AC_CHROMINANCE: HuffmanSpec = {
  counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  symbols: hex(
    '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35' +
      '363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999a' +
      'a2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
  ),
}

/** Code and length per symbol, built from a spec the canonical way (T.81 Annex C). */
export interface HuffmanCodes {
  readonly code: Uint16Array
  readonly length: Uint8Array
}

export function buildCodes(spec: HuffmanSpec): HuffmanCodes {
  const code = new Uint16Array(256)
  const length = new Uint8Array(256)
  let next = 0
  let k = 0
  for (let bits = 1; bits <= 16; bits++) {
    for (let i = 0; i < spec.counts[bits - 1]!; i++) {
      const symbol = spec.symbols[k++]!
      code[symbol] = next++
      length[symbol] = bits
    }
    next <<= 1
  }
  return { code, length }
}
