/**
 * The transport framings (extension/mtproto/transport) decoding what a server sends: every framing, plain and
 * obfuscated, and the fake-TLS records of an MTProxy, fed the stream split into random chunks, intact or
 * corrupted. Allowed errors: FramingError and TransportError. Always: no packet holds more bytes than were fed,
 * and the decoder never holds more than one largest frame (a huge length prefix fails before it is buffered).
 * Intact streams give back exactly the packets sent. The server side is the sandbox's obfuscation.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { tlsRecordLayer } from '../../../extension/mtproto/transport/fake-tls'
import { createCodec, createObfuscation, FramingError, obfuscatedTag, TransportError, type TransportKind } from '../../../extension/mtproto/transport'
import { acceptObfuscatedInit } from '../../sandbox/transport/obfuscation'
import type { FuzzTarget } from '../fuzz-target'
import { chunks, concat, cutsArb, mutate, mutationsArb, type Mutation } from '../mutations'

/** Small, so that length prefixes between this and 2^32 meet the limit check. */
const MAX_PACKET_SIZE = 4096
/** The longest frame header of any framing (full: length, seq and CRC32). */
const LARGEST_OVERHEAD = 12
/** Padded intermediate appends up to 15 bytes of padding to each payload. */
const MAX_PADDING = 15

type Wrapping = 'plain' | 'obfuscated' | 'fake-tls'

interface StreamCase {
  payloads: Uint8Array[]
  mutations: Mutation[]
  cuts: number[]
}

/**
 * Word-aligned payloads no shorter than an MTProto message (shorter ones are transport error codes), long enough
 * to need abridged's long length form. Their bytes come from a seeded generator: framing never looks at them, and
 * drawing each byte through fast-check would cost most of the run.
 */
const payloadArb = fc.tuple(fc.integer({ min: 6, max: 600 }), fc.integer()).map(([words, seed]) => pseudoRandomBytes(words * 4, seed))

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed | 1
  for (let i = 0; i < length; i++) {
    // xorshift32
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    bytes[i] = state
  }
  return bytes
}

const streamCaseArb: fc.Arbitrary<StreamCase> = fc.record({
  payloads: fc.array(payloadArb, { minLength: 1, maxLength: 5 }),
  // One case in three is left intact, so the round trip is checked as often as the corruption.
  mutations: fc.oneof({ arbitrary: fc.constant<Mutation[]>([]), weight: 1 }, { arbitrary: mutationsArb, weight: 2 }),
  cuts: cutsArb,
})

/** The server's half of a connection: frames packets and wraps them the way the client expects to unwrap them. */
function serverStream(kind: TransportKind, wrapping: Wrapping): { send(payloads: Uint8Array[]): Uint8Array; receive(chunk: Uint8Array): Uint8Array[]; pending(): number } {
  const sender = createCodec(kind)
  const receiver = createCodec(kind, { maxPacketSize: MAX_PACKET_SIZE })
  if (wrapping === 'plain') {
    return { send: (payloads) => concat(...payloads.map((p) => sender.encode(p))), receive: (chunk) => receiver.decode(chunk), pending: () => receiver.pending }
  }
  const client = createObfuscation(obfuscatedTag(kind))
  const server = acceptObfuscatedInit(Buffer.from(client.init))
  const records = wrapping === 'fake-tls' ? tlsRecordLayer() : undefined
  return {
    send(payloads) {
      const encrypted = new Uint8Array(server.toClient.update(concat(...payloads.map((p) => sender.encode(p)))))
      return records ? records.wrap(encrypted) : encrypted
    },
    receive: (chunk) => receiver.decode(client.decrypt(records ? records.unwrap(chunk) : chunk)),
    pending: () => receiver.pending,
  }
}

function framingTarget(kind: TransportKind, wrapping: Wrapping, seed: number): FuzzTarget<StreamCase> {
  const label = wrapping === 'plain' ? kind : wrapping === 'obfuscated' ? `obfuscated ${kind}` : `fake-TLS obfuscated ${kind}`
  return {
    name: `transport framing: ${label} decoding split and corrupted streams`,
    seed,
    allowedErrors: [FramingError, TransportError],
    input: streamCaseArb,
    run({ payloads, mutations, cuts }) {
      const stream = serverStream(kind, wrapping)
      const sent = stream.send(payloads)
      const wire = mutations.length === 0 ? sent : mutate(sent, mutations)
      const received: Uint8Array[] = []
      let fed = 0
      let delivered = 0
      for (const piece of chunks(wire, cuts)) {
        fed += piece.length
        for (const packet of stream.receive(piece)) {
          received.push(packet)
          delivered += packet.length
          assert.ok(packet.length <= MAX_PACKET_SIZE + MAX_PADDING, `a packet of ${packet.length} bytes passed the ${MAX_PACKET_SIZE} limit`)
        }
        assert.ok(delivered <= fed, `${delivered} bytes delivered from ${fed} fed`)
        assert.ok(stream.pending() < LARGEST_OVERHEAD + MAX_PACKET_SIZE + MAX_PADDING, `${stream.pending()} bytes held for one frame`)
      }
      if (mutations.length > 0) return
      assert.equal(received.length, payloads.length)
      received.forEach((packet, i) => {
        const payload = payloads[i]!
        // Padded intermediate hands its padding back with the payload.
        const extra = kind === 'paddedIntermediate' ? MAX_PADDING : 0
        assert.ok(packet.length >= payload.length && packet.length <= payload.length + extra)
        assert.deepEqual(Buffer.from(packet.subarray(0, payload.length)), Buffer.from(payload))
      })
      assert.equal(stream.pending(), 0)
    },
  }
}

const KINDS: TransportKind[] = ['abridged', 'intermediate', 'paddedIntermediate', 'full']
/** The full framing has no obfuscation tag (see obfuscatedTag), so only the other three are obfuscated. */
const OBFUSCATABLE: TransportKind[] = ['abridged', 'intermediate', 'paddedIntermediate']

export const transportTargets: FuzzTarget<StreamCase>[] = [
  ...KINDS.map((kind, i) => framingTarget(kind, 'plain', 0x7a5f0 + i)),
  ...OBFUSCATABLE.map((kind, i) => framingTarget(kind, 'obfuscated', 0x7a5f8 + i)),
  // MTProxy's fake-TLS mode carries obfuscated padded intermediate.
  framingTarget('paddedIntermediate', 'fake-tls', 0x7a5ff),
]
