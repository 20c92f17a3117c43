// The shape shared by the four MTProto framings, and the decode loop they share.
// https://core.telegram.org/mtproto/mtproto-transports

import { ByteQueue } from './byte-queue'
import { TransportError } from './errors'

export type TransportKind = 'abridged' | 'intermediate' | 'paddedIntermediate' | 'full'

export interface PacketCodec {
  readonly kind: TransportKind
  /** Frames one MTProto packet for the wire (before obfuscation). */
  encode(payload: Uint8Array): Uint8Array
  /**
   * Feeds bytes as they arrive, split anywhere, and returns the packets they complete, in order.
   * Throws TransportError when the server sent an error code, FramingError when the stream is malformed;
   * after either the codec is unusable and the connection must be closed.
   */
  decode(chunk: Uint8Array): Uint8Array[]
  /** Bytes still held for an incomplete packet; non-zero at end of stream means it was cut short. */
  readonly pending: number
}

export interface CodecOptions {
  /** Largest packet accepted from the peer; a larger length prefix fails before anything is allocated. */
  maxPacketSize?: number
  /** Source of padding bytes and lengths for the padded intermediate framing (tests inject it). */
  randomBytes?: (count: number) => Uint8Array
}

/** Far above the 1 MiB file parts Telegram sends, so only a broken or hostile peer reaches it. */
export const DEFAULT_MAX_PACKET_SIZE = 16 * 1024 * 1024

/** No MTProto message is shorter: auth_key_id (8) + msg_id (8) + length (4) + a constructor (4). */
const SMALLEST_MTPROTO_PACKET = 24

/**
 * Returns the next whole frame's payload, or undefined when more bytes are needed.
 * Implementations look at the queue with peek* and consume with take/skip only once a frame is complete.
 */
export type FrameReader = (queue: ByteQueue) => Uint8Array | undefined

/** Runs a frame reader over a growing queue: the one decode loop every framing uses. */
export function frameDecoder(readFrame: FrameReader): { decode(chunk: Uint8Array): Uint8Array[]; pending(): number } {
  const queue = new ByteQueue()
  return {
    decode(chunk) {
      queue.push(chunk)
      const packets: Uint8Array[] = []
      for (;;) {
        const packet = readFrame(queue)
        if (packet === undefined) return packets
        throwIfTransportError(packet)
        packets.push(packet)
      }
    },
    pending: () => queue.length,
  }
}

/**
 * A transport error arrives as a packet holding one negative int32 (-404, -429, ...). Any packet too short to be
 * an MTProto message that starts with a negative int32 is one (the padded framing may add up to 15 bytes).
 */
export function throwIfTransportError(packet: Uint8Array): void {
  if (packet.length < 4 || packet.length >= SMALLEST_MTPROTO_PACKET) return
  const value = new DataView(packet.buffer, packet.byteOffset, 4).getInt32(0, true)
  if (value < 0) throw new TransportError(-value)
}
