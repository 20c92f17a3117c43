// Intermediate framing: a 4-byte little-endian length, then the payload. The padded variant appends 0-15 random
// bytes counted in the length, so packet sizes do not betray the content; the receiver gets them back too, and the
// MTProto layer ignores them (encrypted payloads are whole 16-byte blocks, plain ones carry their own length).

import type { CodecOptions, PacketCodec } from './codec'
import { DEFAULT_MAX_PACKET_SIZE, frameDecoder } from './codec'
import { FramingError, TransportError } from './errors'
import { randomBytes as nodeRandomBytes } from 'node:crypto'

export function intermediateCodec(options: CodecOptions = {}): PacketCodec {
  return lengthPrefixedCodec('intermediate', options, () => 0)
}

export function paddedIntermediateCodec(options: CodecOptions = {}): PacketCodec {
  const random = options.randomBytes ?? nodeRandomBytes
  return lengthPrefixedCodec('paddedIntermediate', options, () => random(1)[0]! & 0x0f, random)
}

function lengthPrefixedCodec(
  kind: 'intermediate' | 'paddedIntermediate',
  options: CodecOptions,
  paddingSize: () => number,
  random?: (count: number) => Uint8Array,
): PacketCodec {
  const maxPacketSize = options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE
  const decoder = frameDecoder((queue) => {
    if (queue.length < 4) return undefined
    const length = queue.peekInt32LE(0)
    // A bare negative int32 where the length belongs is an unframed transport error code.
    if (length < 0) throw new TransportError(-length)
    if (length > maxPacketSize) throw new FramingError(`${kind} packet of ${length} bytes exceeds ${maxPacketSize}`)
    if (queue.length < 4 + length) return undefined
    queue.skip(4)
    return queue.take(length)
  })

  return {
    kind,
    encode(payload) {
      const padding = paddingSize()
      const frame = new Uint8Array(4 + payload.length + padding)
      new DataView(frame.buffer).setUint32(0, payload.length + padding, true)
      frame.set(payload, 4)
      if (padding > 0 && random) frame.set(random(padding), 4 + payload.length)
      return frame
    },
    decode: decoder.decode,
    get pending() {
      return decoder.pending()
    },
  }
}
