// Client framings: round trips at arbitrary chunk boundaries, agreement with GramJS and mtcute, transport
// error codes, and hostile input.

import 'telegram' // GramJS's connection modules only load after its package entry (circular imports)
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Bytes } from '@fuman/io'
import { IntermediatePacketCodec, PaddedIntermediatePacketCodec, TransportError as MtcuteTransportError } from '@mtcute/core'
import { AbridgedPacketCodec } from 'telegram/network/connection/TCPAbridged'
import { FullPacketCodec } from 'telegram/network/connection/TCPFull'
import { createCodec, FramingError, TransportError, type TransportKind } from '../../extension/mtproto/transport'

const KINDS: TransportKind[] = ['abridged', 'intermediate', 'paddedIntermediate', 'full']

/**
 * Word-aligned payloads, as MTProto produces, from the smallest MTProto message (24 bytes: shorter packets are
 * transport error codes) to sizes that need abridged's long length form.
 */
const payloadArb = fc.integer({ min: 6, max: 700 }).map((words) => new Uint8Array(randomBytes(words * 4)))

/** Splits bytes at the given cut points (each taken modulo the length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const pieces: Uint8Array[] = []
  let previous = 0
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(previous, point))
    previous = point
  }
  return pieces
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts))
}

/** Padded intermediate hands back its padding; the original payload is a prefix of at most 15 extra bytes. */
function assertSamePayload(kind: TransportKind, received: Uint8Array, sent: Uint8Array): void {
  if (kind === 'paddedIntermediate') {
    assert.ok(received.length - sent.length >= 0 && received.length - sent.length <= 15)
    assert.deepEqual(Buffer.from(received.subarray(0, sent.length)), Buffer.from(sent))
  } else {
    assert.deepEqual(Buffer.from(received), Buffer.from(sent))
  }
}

/** A GramJS reader over fixed bytes. */
function gramjsReader(bytes: Uint8Array) {
  let offset = 0
  const read = async (count: number): Promise<Buffer> => {
    const out = Buffer.from(bytes.subarray(offset, offset + count))
    offset += count
    return out
  }
  return { read, readExactly: read }
}

describe('transport framings', () => {
  for (const kind of KINDS) {
    it(`${kind}: decodes a stream of packets split at arbitrary chunk boundaries`, () => {
      fc.assert(
        fc.property(fc.array(payloadArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 40 }), (payloads, cuts) => {
          const sender = createCodec(kind)
          const receiver = createCodec(kind)
          const stream = concat(payloads.map((payload) => sender.encode(payload)))
          const received = split(stream, cuts).flatMap((piece) => receiver.decode(piece))
          assert.equal(received.length, payloads.length)
          received.forEach((packet, i) => assertSamePayload(kind, packet, payloads[i]!))
          assert.equal(receiver.pending, 0)
        }),
        { numRuns: 60 },
      )
    })

    it(`${kind}: reports a packet cut short by keeping its bytes pending`, () => {
      const frame = createCodec(kind).encode(new Uint8Array(64))
      const receiver = createCodec(kind)
      assert.deepEqual(receiver.decode(frame.subarray(0, frame.length - 1)), [])
      assert.equal(receiver.pending, frame.length - 1)
    })
  }

  it('abridged: matches GramJS byte for byte, in both directions', async () => {
    for (const words of [6, 126, 127, 128, 5000]) {
      const payload = randomBytes(words * 4)
      const ours = createCodec('abridged').encode(payload)
      const theirs = new AbridgedPacketCodec({} as never).encodePacket(payload)
      assert.deepEqual(Buffer.from(ours), theirs)
      assert.deepEqual(Buffer.from(await new AbridgedPacketCodec({} as never).readPacket(gramjsReader(ours) as never)), payload)
    }
  })

  it('full: matches GramJS byte for byte including seq numbers and CRC32, and GramJS reads ours', async () => {
    const ours = createCodec('full')
    const gramjs = new FullPacketCodec({} as never)
    const reader = new FullPacketCodec({} as never)
    for (const words of [6, 7, 300]) {
      const payload = randomBytes(words * 4)
      const frame = ours.encode(payload)
      assert.deepEqual(Buffer.from(frame), gramjs.encodePacket(payload))
      assert.deepEqual(Buffer.from(await reader.readPacket(gramjsReader(frame) as never)), payload)
    }
  })

  it('full: decodes frames produced by GramJS', () => {
    const gramjs = new FullPacketCodec({} as never)
    const ours = createCodec('full')
    const payloads = [randomBytes(40), randomBytes(1024), randomBytes(24)]
    const decoded = ours.decode(concat(payloads.map((payload) => gramjs.encodePacket(payload))))
    assert.deepEqual(decoded.map((packet) => Buffer.from(packet)), payloads)
  })

  it('intermediate: matches mtcute byte for byte, and each side decodes the other', () => {
    const mtcute = new IntermediatePacketCodec()
    for (const size of [24, 64, 4096]) {
      const payload = randomBytes(size)
      const written = Bytes.alloc()
      mtcute.encode(payload, written)
      const theirs = written.result()
      const ours = createCodec('intermediate').encode(payload)
      assert.deepEqual(ours, new Uint8Array(theirs))
      assert.deepEqual(Buffer.from(mtcute.decode(Bytes.from(ours), false)!), payload)
    }
  })

  it('padded intermediate: mtcute decodes ours, and we decode mtcute’s', () => {
    const mtcute = new PaddedIntermediatePacketCodec()
    mtcute.setup!({ randomFill: (buf: Uint8Array) => buf.set(randomBytes(buf.length)) } as never)
    for (let i = 0; i < 30; i++) {
      const payload = randomBytes(24 + 4 * i * 7)
      const ours = createCodec('paddedIntermediate').encode(payload)
      const decodedByMtcute = mtcute.decode(Bytes.from(ours), false)!
      assert.deepEqual(Buffer.from(decodedByMtcute.subarray(0, payload.length)), payload)
      assert.ok(decodedByMtcute.length - payload.length <= 15)

      const written = Bytes.alloc()
      mtcute.encode(payload, written)
      const [decoded] = createCodec('paddedIntermediate').decode(written.result())
      assertSamePayload('paddedIntermediate', decoded!, payload)
    }
  })

  it('padded intermediate: adds every padding size from 0 to 15 and never more', () => {
    const sizes = new Set<number>()
    const codec = createCodec('paddedIntermediate')
    for (let i = 0; i < 2000; i++) sizes.add(codec.encode(new Uint8Array(8)).length - 12)
    assert.deepEqual([...sizes].sort((a, b) => a - b), Array.from({ length: 16 }, (_, i) => i))
  })
})

describe('transport error codes', () => {
  for (const kind of KINDS) {
    it(`${kind}: a packet holding -404 becomes TransportError 404`, () => {
      const packet = Buffer.alloc(4)
      packet.writeInt32LE(-404)
      const frame = createCodec(kind).encode(packet)
      assert.throws(() => createCodec(kind).decode(frame), (error) => error instanceof TransportError && error.code === 404)
    })
  }

  for (const kind of ['intermediate', 'paddedIntermediate', 'full'] as const) {
    it(`${kind}: a bare -429 in place of the length becomes TransportError 429, as mtcute reads it`, () => {
      const raw = Buffer.alloc(4)
      raw.writeInt32LE(-429)
      assert.throws(() => createCodec(kind).decode(raw), (error) => error instanceof TransportError && error.code === 429)
    })
  }

  it('intermediate: mtcute agrees on the code of a framed transport error', () => {
    const frame = Buffer.from('04000000' + '6cfeffff', 'hex') // length 4, then int32 -404
    assert.throws(() => new IntermediatePacketCodec().decode(Bytes.from(frame), false), (error) => error instanceof MtcuteTransportError && error.code === 404)
    assert.throws(() => createCodec('intermediate').decode(frame), (error) => error instanceof TransportError && error.code === 404)
  })
})

describe('hostile framing', () => {
  const maxPacketSize = 1024 * 1024

  it('abridged: rejects a length prefix larger than the limit as soon as the header arrives', () => {
    assert.throws(() => createCodec('abridged', { maxPacketSize }).decode(Uint8Array.of(0x7f, 0xff, 0xff, 0xff)), FramingError)
  })

  it('intermediate: rejects a length prefix larger than the limit as soon as the header arrives', () => {
    assert.throws(() => createCodec('intermediate', { maxPacketSize }).decode(Uint8Array.of(0xff, 0xff, 0xff, 0x7f)), FramingError)
  })

  it('full: rejects a length prefix larger than the limit as soon as the header arrives', () => {
    assert.throws(() => createCodec('full', { maxPacketSize }).decode(Uint8Array.of(0x00, 0x00, 0x00, 0x7f)), FramingError)
  })

  it('full: rejects lengths no frame can have', () => {
    assert.throws(() => createCodec('full').decode(Uint8Array.of(8, 0, 0, 0)), FramingError)
    assert.throws(() => createCodec('full').decode(Uint8Array.of(13, 0, 0, 0)), FramingError)
  })

  it('full: rejects a frame whose CRC32 does not match', () => {
    const frame = createCodec('full').encode(randomBytes(32))
    frame[10]! ^= 0x01
    assert.throws(() => createCodec('full').decode(frame), /CRC32/)
  })

  it('full: rejects a frame whose seq_no skips ahead', () => {
    const sender = createCodec('full')
    sender.encode(randomBytes(16)) // seq 0 is never delivered
    assert.throws(() => createCodec('full').decode(sender.encode(randomBytes(16))), /seq 1, expected 0/)
  })

  it('abridged: rejects a quick-ack length byte we never asked for', () => {
    assert.throws(() => createCodec('abridged').decode(Uint8Array.of(0x81, 0, 0, 0, 0)), FramingError)
  })

  it('never throws anything but a typed error on random bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.uint8Array({ maxLength: 300 }), (kind, garbage) => {
        try {
          createCodec(kind, { maxPacketSize }).decode(garbage)
        } catch (error) {
          assert.ok(error instanceof FramingError || error instanceof TransportError, String(error))
        }
      }),
      { numRuns: 500 },
    )
  })
})
