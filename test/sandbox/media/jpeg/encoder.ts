// A baseline JPEG encoder (T.81 sequential DCT, Huffman, 8-bit): YCbCr 4:2:0 with the standard tables, laid out
// as SOI, APP0 (JFIF 1.1), DQT x2, SOF0, DHT x4, SOS, scan, EOI. That layout is the one Telegram's stripped
// thumbnails assume, which is why the sandbox writes its own encoder instead of borrowing one.
import type { RgbImage } from '../image'
import { AC_CHROMINANCE, AC_LUMINANCE, buildCodes, DC_CHROMINANCE, DC_LUMINANCE, quantTables, ZIGZAG, type HuffmanCodes, type HuffmanSpec } from './tables'

const LUMA_DC = buildCodes(DC_LUMINANCE)
const LUMA_AC = buildCodes(AC_LUMINANCE)
const CHROMA_DC = buildCodes(DC_CHROMINANCE)
const CHROMA_AC = buildCodes(AC_CHROMINANCE)

/** cos((2x + 1) u pi / 16) scaled by C(u)/2, so one pass of 64 multiplies per row gives the 1-D DCT. */
const DCT_BASIS = (() => {
  const basis = new Float64Array(64)
  for (let u = 0; u < 8; u++) {
    const scale = u === 0 ? Math.SQRT1_2 / 2 : 0.5
    for (let x = 0; x < 8; x++) basis[u * 8 + x] = scale * Math.cos(((2 * x + 1) * u * Math.PI) / 16)
  }
  return basis
})()

/** Encodes an RGB image. `quality` follows libjpeg's scale (1..100). */
export function encodeJpeg(image: RgbImage, quality: number): Uint8Array {
  const { width, height } = image
  if (width < 1 || height < 1 || width > 0xffff || height > 0xffff) throw new RangeError(`cannot encode ${width}x${height}`)
  const tables = quantTables(quality)
  const out = new ByteSink()
  out.bytes([0xff, 0xd8])
  // APP0: "JFIF\0", version 1.1, no density units, 1:1 aspect, no embedded thumbnail.
  out.bytes([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
  writeQuant(out, 0, tables.luminance)
  writeQuant(out, 1, tables.chrominance)
  // SOF0: 8-bit samples; Y sampled 2x2 against Cb and Cr at 1x1 (4:2:0); Y uses table 0, chroma table 1.
  out.bytes([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03])
  out.bytes([0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01])
  writeHuffman(out, 0x00, DC_LUMINANCE)
  writeHuffman(out, 0x10, AC_LUMINANCE)
  writeHuffman(out, 0x01, DC_CHROMINANCE)
  writeHuffman(out, 0x11, AC_CHROMINANCE)
  // SOS: all three components, full spectral range, no successive approximation.
  out.bytes([0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00])
  encodeScan(image, tables.luminance, tables.chrominance, out)
  out.bytes([0xff, 0xd9])
  return out.finish()
}

function writeQuant(out: ByteSink, id: number, table: readonly number[]): void {
  out.bytes([0xff, 0xdb, 0x00, 0x43, id])
  for (const index of ZIGZAG) out.byte(table[index]!)
}

function writeHuffman(out: ByteSink, classAndId: number, spec: HuffmanSpec): void {
  const length = 2 + 1 + 16 + spec.symbols.length
  out.bytes([0xff, 0xc4, length >> 8, length & 0xff, classAndId, ...spec.counts])
  out.bytes(spec.symbols)
}

function encodeScan(image: RgbImage, lumaQuant: readonly number[], chromaQuant: readonly number[], out: ByteSink): void {
  const { width, height } = image
  const planes = toYCbCr(image)
  const bits = new BitWriter(out)
  const block = new Float64Array(64)
  const previousDc = [0, 0, 0]
  const mcuColumns = Math.ceil(width / 16)
  const mcuRows = Math.ceil(height / 16)
  const chromaWidth = Math.ceil(width / 2)
  const chromaHeight = Math.ceil(height / 2)
  for (let mcuY = 0; mcuY < mcuRows; mcuY++) {
    for (let mcuX = 0; mcuX < mcuColumns; mcuX++) {
      for (let i = 0; i < 4; i++) {
        const x = mcuX * 16 + (i & 1) * 8
        const y = mcuY * 16 + (i >> 1) * 8
        loadBlock(planes.y, width, height, x, y, block)
        previousDc[0] = encodeBlock(block, lumaQuant, previousDc[0]!, LUMA_DC, LUMA_AC, bits)
      }
      loadBlock(planes.cb, chromaWidth, chromaHeight, mcuX * 8, mcuY * 8, block)
      previousDc[1] = encodeBlock(block, chromaQuant, previousDc[1]!, CHROMA_DC, CHROMA_AC, bits)
      loadBlock(planes.cr, chromaWidth, chromaHeight, mcuX * 8, mcuY * 8, block)
      previousDc[2] = encodeBlock(block, chromaQuant, previousDc[2]!, CHROMA_DC, CHROMA_AC, bits)
    }
  }
  bits.flush()
}

interface Planes {
  readonly y: Float64Array
  /** Averaged over 2x2 pixels: ceil(width/2) by ceil(height/2). */
  readonly cb: Float64Array
  readonly cr: Float64Array
}

/** JFIF's full-range conversion, with chroma averaged per 2x2 block for 4:2:0. */
function toYCbCr({ width, height, pixels }: RgbImage): Planes {
  const y = new Float64Array(width * height)
  const cbFull = new Float64Array(width * height)
  const crFull = new Float64Array(width * height)
  for (let i = 0; i < width * height; i++) {
    const r = pixels[i * 3]!
    const g = pixels[i * 3 + 1]!
    const b = pixels[i * 3 + 2]!
    y[i] = 0.299 * r + 0.587 * g + 0.114 * b
    cbFull[i] = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    crFull[i] = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
  }
  const chromaWidth = Math.ceil(width / 2)
  const chromaHeight = Math.ceil(height / 2)
  const cb = new Float64Array(chromaWidth * chromaHeight)
  const cr = new Float64Array(chromaWidth * chromaHeight)
  for (let cy = 0; cy < chromaHeight; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      let sumB = 0
      let sumR = 0
      let count = 0
      for (let dy = 0; dy < 2; dy++) {
        const py = cy * 2 + dy
        if (py >= height) continue
        for (let dx = 0; dx < 2; dx++) {
          const px = cx * 2 + dx
          if (px >= width) continue
          sumB += cbFull[py * width + px]!
          sumR += crFull[py * width + px]!
          count++
        }
      }
      cb[cy * chromaWidth + cx] = sumB / count
      cr[cy * chromaWidth + cx] = sumR / count
    }
  }
  return { y, cb, cr }
}

/** Copies an 8x8 block, level-shifted, repeating the last row and column past the edge of the plane. */
function loadBlock(plane: Float64Array, width: number, height: number, x0: number, y0: number, block: Float64Array): void {
  for (let dy = 0; dy < 8; dy++) {
    const row = Math.min(y0 + dy, height - 1) * width
    for (let dx = 0; dx < 8; dx++) block[dy * 8 + dx] = plane[row + Math.min(x0 + dx, width - 1)]! - 128
  }
}

const scratch = new Float64Array(64)
const quantized = new Int32Array(64)

/** DCT, quantization and Huffman coding of one block; returns its DC value for the next block's difference. */
function encodeBlock(
  block: Float64Array,
  quant: readonly number[],
  previousDc: number,
  dcCodes: HuffmanCodes,
  acCodes: HuffmanCodes,
  bits: BitWriter,
): number {
  // Separable 2-D DCT: rows into scratch, then columns back into block.
  for (let row = 0; row < 8; row++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0
      for (let x = 0; x < 8; x++) sum += DCT_BASIS[u * 8 + x]! * block[row * 8 + x]!
      scratch[row * 8 + u] = sum
    }
  }
  for (let column = 0; column < 8; column++) {
    for (let v = 0; v < 8; v++) {
      let sum = 0
      for (let y = 0; y < 8; y++) sum += DCT_BASIS[v * 8 + y]! * scratch[y * 8 + column]!
      block[v * 8 + column] = sum
    }
  }
  for (let i = 0; i < 64; i++) {
    const natural = ZIGZAG[i]!
    quantized[i] = Math.round(block[natural]! / quant[natural]!)
  }

  const dc = quantized[0]!
  writeValue(dc - previousDc, dcCodes, 0, bits)
  let run = 0
  for (let i = 1; i < 64; i++) {
    const value = quantized[i]!
    if (value === 0) {
      run++
      continue
    }
    while (run > 15) {
      bits.write(acCodes.code[0xf0]!, acCodes.length[0xf0]!) // ZRL: sixteen zeros
      run -= 16
    }
    writeValue(value, acCodes, run << 4, bits)
    run = 0
  }
  if (run > 0) bits.write(acCodes.code[0x00]!, acCodes.length[0x00]!) // EOB
  return dc
}

/** A coefficient as (run/size symbol, then `size` extra bits; negative values in one's complement). */
function writeValue(value: number, codes: HuffmanCodes, runNibble: number, bits: BitWriter): void {
  const magnitude = Math.abs(value)
  let size = 0
  while (magnitude >> size) size++
  const symbol = runNibble | size
  bits.write(codes.code[symbol]!, codes.length[symbol]!)
  if (size > 0) bits.write(value < 0 ? value + (1 << size) - 1 : value, size)
}

class ByteSink {
  private buffer = new Uint8Array(4096)
  private length = 0

  byte(value: number): void {
    if (this.length === this.buffer.length) this.grow(1)
    this.buffer[this.length++] = value
  }

  bytes(values: ArrayLike<number>): void {
    if (this.length + values.length > this.buffer.length) this.grow(values.length)
    this.buffer.set(values, this.length)
    this.length += values.length
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length)
  }

  private grow(needed: number): void {
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + needed))
    next.set(this.buffer.subarray(0, this.length))
    this.buffer = next
  }
}

/** Entropy-coded bits, most significant first, with a zero byte stuffed after every 0xff (T.81 F.1.2.3). */
class BitWriter {
  private accumulator = 0
  private count = 0

  constructor(private readonly out: ByteSink) {}

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.accumulator = (this.accumulator << 1) | ((value >> i) & 1)
      if (++this.count === 8) this.emit()
    }
  }

  /** Pads the last byte with one bits, as the standard asks. */
  flush(): void {
    while (this.count !== 0) this.write(1, 1)
  }

  private emit(): void {
    this.out.byte(this.accumulator)
    if (this.accumulator === 0xff) this.out.byte(0x00)
    this.accumulator = 0
    this.count = 0
  }
}
