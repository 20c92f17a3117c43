// File formats written by code for seeded documents: an Ogg Opus voice note, a WebP (lossless) sticker and an MP4
// shell. Each is structurally valid for its format; what it can and cannot be played as is said per function.
/** The Ogg page checksum: CRC-32 with polynomial 0x04c11db7, MSB first, no reflection, no final XOR (RFC 3533). */
const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let crc = i << 24
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1
    table[i] = crc >>> 0
  }
  return table
})()

function oggCrc(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0
  return crc
}

function oggPage(packets: readonly Uint8Array[], granule: bigint, serial: number, sequence: number, flags: number): Uint8Array {
  // Each packet is laced as 255-byte segments and a final shorter one (RFC 3533 section 6).
  const lacing: number[] = []
  for (const packet of packets) {
    let left = packet.length
    while (left >= 255) {
      lacing.push(255)
      left -= 255
    }
    lacing.push(left)
  }
  const bodyLength = packets.reduce((sum, packet) => sum + packet.length, 0)
  const page = Buffer.alloc(27 + lacing.length + bodyLength)
  page.write('OggS', 0, 'latin1')
  page[5] = flags
  page.writeBigInt64LE(granule, 6)
  page.writeUInt32LE(serial, 14)
  page.writeUInt32LE(sequence, 18)
  page[26] = lacing.length
  page.set(lacing, 27)
  let offset = 27 + lacing.length
  for (const packet of packets) {
    page.set(packet, offset)
    offset += packet.length
  }
  page.writeUInt32LE(oggCrc(page), 22)
  return page
}

/** 20 ms of 48 kHz audio per Opus packet. */
const OPUS_FRAME_SAMPLES = 960
/** What encoders usually declare as the decoder's start-up delay. */
const OPUS_PRE_SKIP = 312

/**
 * A mono Ogg Opus stream (RFC 7845) of `seconds` of silence: OpusHead, OpusTags, then one packet per 20 ms whose
 * TOC says CELT fullband 20 ms and whose single frame is empty, which RFC 6716 defines as DTX (silence). Players
 * read it as a voice note of the right length.
 */
export function oggOpusSilence(seconds: number, serial: number): Uint8Array {
  const head = Buffer.alloc(19)
  head.write('OpusHead', 0, 'latin1')
  head[8] = 1 // version
  head[9] = 1 // channels
  head.writeUInt16LE(OPUS_PRE_SKIP, 10)
  head.writeUInt32LE(48000, 12)
  const vendor = Buffer.from('telegram-workbench sandbox', 'utf8')
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4)
  tags.write('OpusTags', 0, 'latin1')
  tags.writeUInt32LE(vendor.length, 8)
  tags.set(vendor, 12)
  const pages = [oggPage([head], 0n, serial, 0, 0x02), oggPage([tags], 0n, serial, 1, 0)]
  const packetCount = Math.max(1, Math.round((seconds * 1000) / 20))
  const silence = Uint8Array.of((31 << 3) | 0) // config 31: CELT FB 20 ms; mono; one frame
  const perPage = 50
  for (let first = 0; first < packetCount; first += perPage) {
    const count = Math.min(perPage, packetCount - first)
    const last = first + count >= packetCount
    const granule = BigInt(OPUS_PRE_SKIP + (first + count) * OPUS_FRAME_SAMPLES)
    pages.push(oggPage(Array(count).fill(silence), granule, serial, pages.length, last ? 0x04 : 0))
  }
  return Buffer.concat(pages)
}

/**
 * A voice note's waveform as Telegram packs it: 5-bit samples (0..31), least significant bit first, in as few
 * bytes as they take.
 */
export function packWaveform(samples: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((samples.length * 5) / 8))
  samples.forEach((sample, index) => {
    const value = Math.min(31, Math.max(0, Math.round(sample)))
    const bit = index * 5
    const word = value << (bit % 8)
    bytes[bit >> 3]! |= word & 0xff
    if (word > 0xff) bytes[(bit >> 3) + 1]! |= word >> 8
  })
  return bytes
}

/** An RGBA picture with at most two values per channel: what the simple WebP encoder below can store. */
export interface TwoToneImage {
  readonly width: number
  readonly height: number
  /** Four bytes per pixel. */
  readonly rgba: Uint8Array
}

class LsbBitWriter {
  private readonly bytes: number[] = []
  private current = 0
  private used = 0

  write(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.current |= ((value >> i) & 1) << this.used
      if (++this.used === 8) {
        this.bytes.push(this.current)
        this.current = 0
        this.used = 0
      }
    }
  }

  finish(): Uint8Array {
    if (this.used > 0) this.bytes.push(this.current)
    return Uint8Array.from(this.bytes)
  }
}

/**
 * A lossless WebP (VP8L) with no transforms and no colour cache, each channel coded with a "simple" prefix code
 * of one or two symbols: a decodable still sticker, at a few bits per pixel. Throws if a channel has more than two
 * values.
 */
export function encodeTwoToneWebp(image: TwoToneImage): Uint8Array {
  const { width, height, rgba } = image
  // Per channel (VP8L order: green, red, blue, alpha) the distinct values, ascending: canonical codes give the
  // smaller symbol the code 0.
  const channelOffsets = [1, 0, 2, 3]
  const alphabets = channelOffsets.map((offset) => {
    const values = new Set<number>()
    for (let i = offset; i < rgba.length; i += 4) values.add(rgba[i]!)
    if (values.size > 2) throw new RangeError('the simple WebP encoder takes at most two values per channel')
    return [...values].sort((a, b) => a - b)
  })
  const bits = new LsbBitWriter()
  bits.write(0x2f, 8) // VP8L signature
  bits.write(width - 1, 14)
  bits.write(height - 1, 14)
  bits.write(alphabets[3]!.some((alpha) => alpha !== 255) ? 1 : 0, 1) // alpha_is_used
  bits.write(0, 3) // version
  bits.write(0, 1) // no transform
  bits.write(0, 1) // no colour cache
  bits.write(0, 1) // no meta prefix codes: one group for the whole image
  const writeSimpleCode = (symbols: readonly number[]) => {
    bits.write(1, 1) // simple code
    bits.write(symbols.length - 1, 1)
    bits.write(1, 1) // the first symbol takes 8 bits
    for (const symbol of symbols) bits.write(symbol, 8)
  }
  for (const alphabet of alphabets) writeSimpleCode(alphabet)
  writeSimpleCode([0]) // distance codes: unused
  for (let pixel = 0; pixel < width * height; pixel++) {
    alphabets.forEach((alphabet, channel) => {
      if (alphabet.length === 2) bits.write(alphabet.indexOf(rgba[pixel * 4 + channelOffsets[channel]!]!), 1)
    })
  }
  const data = bits.finish()
  const padded = data.length + (data.length % 2)
  const file = Buffer.alloc(12 + 8 + padded)
  file.write('RIFF', 0, 'latin1')
  file.writeUInt32LE(file.length - 8, 4)
  file.write('WEBP', 8, 'latin1')
  file.write('VP8L', 12, 'latin1')
  file.writeUInt32LE(data.length, 16)
  file.set(data, 20)
  return file
}

function box(type: string, ...payload: Uint8Array[]): Buffer {
  const body = Buffer.concat(payload)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, body])
}

/**
 * An ISO base media (MP4) shell: ftyp, a moov with only the movie header (its duration), and an mdat of `payload`.
 * It parses as MP4 but holds no track, so players show the thumbnail and the duration, not a picture.
 */
export function mp4Shell(durationSeconds: number, payload: Uint8Array): Uint8Array {
  const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), Uint8Array.of(0, 0, 2, 0), Buffer.from('isomiso2mp41', 'latin1'))
  const mvhd = Buffer.alloc(100)
  mvhd.writeUInt32BE(1000, 12) // timescale: milliseconds
  mvhd.writeUInt32BE(Math.round(durationSeconds * 1000), 16)
  mvhd.writeUInt32BE(0x00010000, 20) // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24) // volume 1.0
  // The identity matrix, in 16.16 and 2.30 fixed point.
  for (const [index, value] of [[0, 0x00010000], [4, 0x00010000], [8, 0x40000000]] as const) mvhd.writeUInt32BE(value, 36 + index * 4)
  mvhd.writeUInt32BE(1, 96) // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', payload)])
}
