// Full framing: length (of the whole frame), a per-direction sequence number from 0, the payload, and the CRC32
// of everything before it. It has no opening tag, so a server recognizes it by its first header (seq 0).

import { crc32 } from 'node:zlib'
import type { CodecOptions, PacketCodec } from './codec'
import { DEFAULT_MAX_PACKET_SIZE, frameDecoder } from './codec'
import { FramingError, TransportError } from './errors'

/** length + seq_no + crc32 */
const OVERHEAD = 12

export function fullCodec(options: CodecOptions = {}): PacketCodec {
  const maxPacketSize = options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE
  let sendSeq = 0
  let receiveSeq = 0

  const decoder = frameDecoder((queue) => {
    if (queue.length < 4) return undefined
    const length = queue.peekInt32LE(0)
    // Telegram has been seen sending a bare negative code in place of the length (and again as seq and body).
    if (length < 0) throw new TransportError(-length)
    if (length < OVERHEAD || length % 4 !== 0) throw new FramingError(`full transport length ${length} is invalid`)
    if (length - OVERHEAD > maxPacketSize) {
      throw new FramingError(`full packet of ${length - OVERHEAD} bytes exceeds ${maxPacketSize}`)
    }
    if (queue.length < length) return undefined
    const frame = queue.take(length)
    const view = new DataView(frame.buffer, frame.byteOffset, frame.length)
    const expectedCrc = view.getUint32(length - 4, true)
    if (crc32(frame.subarray(0, length - 4)) !== expectedCrc) throw new FramingError('full transport CRC32 mismatch')
    const seq = view.getInt32(4, true)
    if (seq !== receiveSeq) throw new FramingError(`full transport seq ${seq}, expected ${receiveSeq}`)
    receiveSeq++
    return frame.subarray(8, length - 4)
  })

  return {
    kind: 'full',
    encode(payload) {
      const length = payload.length + OVERHEAD
      const frame = new Uint8Array(length)
      const view = new DataView(frame.buffer)
      view.setUint32(0, length, true)
      view.setUint32(4, sendSeq++, true)
      frame.set(payload, 8)
      view.setUint32(length - 4, crc32(frame.subarray(0, length - 4)), true)
      return frame
    },
    decode: decoder.decode,
    get pending() {
      return decoder.pending()
    },
  }
}
