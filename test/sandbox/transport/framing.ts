// Server-side framings, written apart from the client's so that a shared misreading of the spec cannot hide.
// https://core.telegram.org/mtproto/mtproto-transports

import { randomBytes, randomInt } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { InboundStreamError } from './errors'
import type { Inbox } from './inbox'

export type SandboxTransport = 'abridged' | 'intermediate' | 'paddedIntermediate' | 'full'

export interface ServerFraming {
  readonly transport: SandboxTransport
  /** Wraps a packet for the client. */
  frame(packet: Buffer): Buffer
  /** Takes one whole packet off the inbox, or returns undefined while it is incomplete. */
  unframe(inbox: Inbox): Buffer | undefined
}

export function serverFraming(transport: SandboxTransport, maxPacketSize: number): ServerFraming {
  switch (transport) {
    case 'abridged':
      return new AbridgedFraming(maxPacketSize)
    case 'intermediate':
      return new IntermediateFraming(maxPacketSize, false)
    case 'paddedIntermediate':
      return new IntermediateFraming(maxPacketSize, true)
    case 'full':
      return new FullFraming(maxPacketSize)
  }
}

/**
 * A frame header announcing a packet larger than any peer accepts (the misbehaving mode): the largest length each
 * framing can express, with no body behind it. A client must refuse it on sight rather than wait for the body.
 */
export function oversizedFrameHeader(transport: SandboxTransport): Buffer {
  if (transport === 'abridged') return Buffer.of(0x7f, 0xff, 0xff, 0xff)
  const header = Buffer.alloc(4)
  header.writeUInt32LE(0x7ffffffc)
  return header
}

function tooLarge(size: number, limit: number): InboundStreamError {
  return new InboundStreamError('oversizedPacket', `${size} bytes announced, limit ${limit}`)
}

class AbridgedFraming implements ServerFraming {
  readonly transport = 'abridged'
  constructor(private readonly limit: number) {}

  frame(packet: Buffer): Buffer {
    const words = packet.length >>> 2
    if (words >= 0x7f) {
      const header = Buffer.alloc(4)
      header.writeUIntLE(words, 1, 3)
      header[0] = 0x7f
      return Buffer.concat([header, packet])
    }
    return Buffer.concat([Buffer.of(words), packet])
  }

  unframe(inbox: Inbox): Buffer | undefined {
    const first = inbox.head(1)
    if (!first) return undefined
    // Bit 7 asks for a quick ack; the sandbox does not send them, so it only strips the bit.
    const short = first[0]! & 0x7f
    let headerSize = 1
    let words = short
    if (short === 0x7f) {
      const header = inbox.head(4)
      if (!header) return undefined
      words = header.readUIntLE(1, 3)
      headerSize = 4
    }
    const size = words << 2
    if (size > this.limit) throw tooLarge(size, this.limit)
    if (inbox.size < headerSize + size) return undefined
    return inbox.shift(headerSize + size).subarray(headerSize)
  }
}

class IntermediateFraming implements ServerFraming {
  readonly transport
  constructor(
    private readonly limit: number,
    private readonly padded: boolean,
  ) {
    this.transport = padded ? ('paddedIntermediate' as const) : ('intermediate' as const)
  }

  frame(packet: Buffer): Buffer {
    const padding = this.padded ? randomBytes(randomInt(16)) : Buffer.alloc(0)
    const header = Buffer.alloc(4)
    header.writeUInt32LE(packet.length + padding.length)
    return Buffer.concat([header, packet, padding])
  }

  unframe(inbox: Inbox): Buffer | undefined {
    const header = inbox.head(4)
    if (!header) return undefined
    // The top bit of the length asks for a quick ack; stripped as in the abridged framing.
    const size = header.readUInt32LE(0) & 0x7fffffff
    if (size > this.limit) throw tooLarge(size, this.limit)
    if (inbox.size < 4 + size) return undefined
    return inbox.shift(4 + size).subarray(4)
  }
}

class FullFraming implements ServerFraming {
  readonly transport = 'full'
  private outgoingSeq = 0
  private incomingSeq = 0
  constructor(private readonly limit: number) {}

  frame(packet: Buffer): Buffer {
    const out = Buffer.alloc(packet.length + 12)
    out.writeUInt32LE(out.length, 0)
    out.writeUInt32LE(this.outgoingSeq++, 4)
    packet.copy(out, 8)
    out.writeUInt32LE(crc32(out.subarray(0, out.length - 4)), out.length - 4)
    return out
  }

  unframe(inbox: Inbox): Buffer | undefined {
    const header = inbox.head(4)
    if (!header) return undefined
    const total = header.readUInt32LE(0)
    if (total < 12 || total % 4 !== 0) throw new InboundStreamError('badLength', `full transport length ${total}`)
    if (total - 12 > this.limit) throw tooLarge(total - 12, this.limit)
    if (inbox.size < total) return undefined
    const frame = inbox.shift(total)
    const declared = frame.readUInt32LE(total - 4)
    const actual = crc32(frame.subarray(0, total - 4))
    if (declared !== actual) throw new InboundStreamError('badChecksum', `crc ${declared} != ${actual}`)
    const seq = frame.readUInt32LE(4)
    if (seq !== this.incomingSeq) throw new InboundStreamError('badSequence', `seq ${seq}, expected ${this.incomingSeq}`)
    this.incomingSeq++
    return frame.subarray(8, total - 4)
  }
}
