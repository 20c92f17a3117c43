// Abridged framing: the length in 4-byte words, in one byte below 127, else 0x7f and three little-endian bytes.
// Plain mode opens the stream with the single byte 0xef.

import type { CodecOptions, PacketCodec } from './codec'
import { DEFAULT_MAX_PACKET_SIZE, frameDecoder } from './codec'
import { FramingError } from './errors'

const LONG_LENGTH_MARKER = 0x7f
/** The three-byte word count caps a packet just under 64 MiB. */
const MAX_WORDS = 0xffffff

export function abridgedCodec(options: CodecOptions = {}): PacketCodec {
  const maxPacketSize = options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE
  const decoder = frameDecoder((queue) => {
    if (queue.length < 1) return undefined
    const first = queue.peekByte(0)
    if (first > LONG_LENGTH_MARKER) {
      // The high bit marks a quick-ack token, which we never request.
      throw new FramingError(`unexpected abridged length byte 0x${first.toString(16)}`)
    }
    let headerSize = 1
    let words = first
    if (first === LONG_LENGTH_MARKER) {
      if (queue.length < 4) return undefined
      headerSize = 4
      words = queue.peekByte(1) | (queue.peekByte(2) << 8) | (queue.peekByte(3) << 16)
    }
    const size = words * 4
    if (size > maxPacketSize) throw new FramingError(`abridged packet of ${size} bytes exceeds ${maxPacketSize}`)
    if (queue.length < headerSize + size) return undefined
    queue.skip(headerSize)
    return queue.take(size)
  })

  return {
    kind: 'abridged',
    encode(payload) {
      if (payload.length % 4 !== 0) throw new RangeError(`abridged payload length ${payload.length} is not a multiple of 4`)
      const words = payload.length / 4
      if (words > MAX_WORDS) throw new RangeError(`abridged payload of ${payload.length} bytes is too long`)
      const headerSize = words < LONG_LENGTH_MARKER ? 1 : 4
      const frame = new Uint8Array(headerSize + payload.length)
      if (headerSize === 1) {
        frame[0] = words
      } else {
        frame[0] = LONG_LENGTH_MARKER
        frame[1] = words & 0xff
        frame[2] = (words >> 8) & 0xff
        frame[3] = (words >> 16) & 0xff
      }
      frame.set(payload, headerSize)
      return frame
    },
    decode: decoder.decode,
    get pending() {
      return decoder.pending()
    },
  }
}
