/**
 * The MTProto 2.0 encrypted-message layer (extension/mtproto/session) opening what a server sends, and the session's
 * readers of the decrypted body (msg_container, rpc_result, service objects).
 *
 * Packets are sealed by the sandbox's server code with a real auth key, then opened with the right key, a wrong
 * key, a wrong key wearing the right key's id, or after truncation, bit flips and other corruption. Allowed
 * error: RejectedMessageError. A packet that opens must give back exactly the envelope that was sealed: no
 * corruption may pass the msg_key check. A key holder's plaintext with any declared length opens only when that
 * length and the padding are valid, and the body never reaches past the plaintext.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { TlDecodeError } from '../../../schema/codec'
import { AuthKey } from '../../../extension/mtproto/auth/auth-key'
import { RejectedMessageError } from '../../../extension/mtproto/errors/protocol-errors'
import { constructorIdOf, decodeContainer, decodeRpcResult, encodeContainer, MAX_CONTAINER_MESSAGES, MSG_CONTAINER_ID, RPC_RESULT_ID } from '../../../extension/mtproto/session/containers'
import { openMessage, type PlainEnvelope } from '../../../extension/mtproto/session/encrypted-message'
import { decodeTl } from '../../../extension/mtproto/session/tl'
import { igeEncrypt, messageKey, messageKeyIv } from '../../sandbox/crypto'
import { encryptServerMessage } from '../../sandbox/session/envelope'
import type { FuzzTarget } from '../fuzz-target'
import { concat, mutate, mutationsArb, type Mutation } from '../mutations'

// Keys are fixed per process: generating 256-byte keys per case would only measure the KDF.
const rightKey = new AuthKey(randomBytes(256))
const wrongKey = new AuthKey(randomBytes(256))

const wordsArb = (maxWords: number) => fc.integer({ min: 1, max: maxWords }).chain((n) => fc.uint8Array({ minLength: n * 4, maxLength: n * 4 }))

const envelopeArb: fc.Arbitrary<PlainEnvelope> = fc.record({
  salt: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  sessionId: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  msgId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  seqNo: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  body: wordsArb(64),
})

type Tampering = { kind: 'none' } | { kind: 'wrong-key' } | { kind: 'wrong-key-right-id' } | { kind: 'corrupt'; mutations: Mutation[] }

const tamperingArb: fc.Arbitrary<Tampering> = fc.oneof(
  { arbitrary: fc.constant<Tampering>({ kind: 'none' }), weight: 1 },
  { arbitrary: fc.constant<Tampering>({ kind: 'wrong-key' }), weight: 1 },
  { arbitrary: fc.constant<Tampering>({ kind: 'wrong-key-right-id' }), weight: 1 },
  { arbitrary: mutationsArb.map((mutations): Tampering => ({ kind: 'corrupt', mutations })), weight: 5 },
)

function sealed(envelope: PlainEnvelope): Uint8Array {
  return encryptServerMessage(rightKey.key, rightKey.id, envelope)
}

export const encryptedMessageTampering: FuzzTarget<{ envelope: PlainEnvelope; tampering: Tampering }> = {
  name: 'encrypted messages opened with wrong keys or after truncation and bit flips',
  seed: 0xe2c0001,
  allowedErrors: [RejectedMessageError],
  input: fc.record({ envelope: envelopeArb, tampering: tamperingArb }),
  run({ envelope, tampering }) {
    let packet = sealed(envelope)
    let key = rightKey
    switch (tampering.kind) {
      case 'wrong-key':
        key = wrongKey
        break
      case 'wrong-key-right-id':
        key = wrongKey
        packet = concat(wrongKey.id, packet.subarray(8))
        break
      case 'corrupt':
        packet = mutate(packet, tampering.mutations)
        break
    }
    const opened = openMessage(key, packet)
    // Whatever was done to the packet, opening it may only ever give back what the server sealed.
    assert.notEqual(key, wrongKey, 'a packet opened under the wrong key')
    assert.equal(opened.salt, BigInt.asIntN(64, envelope.salt))
    assert.equal(opened.sessionId, BigInt.asIntN(64, envelope.sessionId))
    assert.equal(opened.msgId, envelope.msgId)
    assert.equal(opened.seqNo, envelope.seqNo)
    assert.deepEqual(Buffer.from(opened.body), Buffer.from(envelope.body))
  },
}

/** A plaintext as a key holder could write it: the declared length and the padding are anything. */
interface ForgedPlaintext {
  declaredLength: number
  bodyWords: number
  paddingBlocks: number
}

/** Seals any plaintext the way the server does (KDF with x = 8), whatever its header says. */
function sealPlaintext(plain: Uint8Array): Uint8Array {
  const msgKey = messageKey(rightKey.key, plain, 8)
  const { key, iv } = messageKeyIv(rightKey.key, msgKey, 8)
  return concat(rightKey.id, msgKey, igeEncrypt(plain, key, iv))
}

export const encryptedMessageDeclaredLength: FuzzTarget<ForgedPlaintext> = {
  name: 'encrypted messages whose authentic plaintext declares any length',
  seed: 0xe2c0002,
  allowedErrors: [RejectedMessageError],
  input: fc.record({
    declaredLength: fc.oneof(fc.integer({ min: -8, max: 2200 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
    bodyWords: fc.integer({ min: 0, max: 256 }),
    paddingBlocks: fc.integer({ min: 0, max: 70 }),
  }),
  run({ declaredLength, bodyWords, paddingBlocks }) {
    // Header (32) + body, rounded up to whole blocks, plus extra blocks of padding.
    const unpadded = 32 + bodyWords * 4
    const plain = new Uint8Array(Math.ceil(unpadded / 16) * 16 + paddingBlocks * 16)
    new DataView(plain.buffer).setInt32(28, declaredLength, true)
    const opened = openMessage(rightKey, sealPlaintext(plain))
    const padding = plain.length - 32 - declaredLength
    assert.equal(opened.body.length, declaredLength, 'the body is not the declared length')
    assert.ok(declaredLength >= 0 && declaredLength % 4 === 0, `accepted a declared length of ${declaredLength}`)
    assert.ok(padding >= 12 && padding <= 1024, `accepted ${padding} bytes of padding`)
  },
}

/** Reads a decrypted body the way the session does: containers recursively, rpc_result headers, service objects. */
function readBody(body: Uint8Array, depth: number): void {
  const id = constructorIdOf(body)
  if (id === MSG_CONTAINER_ID) {
    const inner = decodeContainer(body)
    assert.ok(inner.length <= MAX_CONTAINER_MESSAGES)
    const total = inner.reduce((n, m) => n + 16 + m.body.length, 8)
    assert.ok(total <= body.length, `a container of ${body.length} bytes gave ${total} bytes of messages`)
    // A container inside a container is against the protocol; the session reads it anyway, so the bound must hold.
    if (depth < 2) for (const message of inner) readBody(message.body, depth + 1)
    return
  }
  if (id === RPC_RESULT_ID) {
    const { result } = decodeRpcResult(body)
    assert.ok(result.length <= body.length - 12)
    return
  }
  decodeTl(body)
}

const serviceBodies: Uint8Array[] = [
  encodeContainer([
    { msgId: 7n, seqNo: 1, body: new Uint8Array([0x01, 0x6d, 0x5c, 0xf3, 1, 0, 0, 0, 0, 0, 0, 0, 0x15, 0xc4, 0xb5, 0x1c, 0, 0, 0, 0]) },
    // msgs_ack { msg_ids: [5] }
    { msgId: 11n, seqNo: 2, body: new Uint8Array([0x59, 0xb4, 0xd6, 0x62, 0x15, 0xc4, 0xb5, 0x1c, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0]) },
  ]),
  // new_session_created first_msg_id unique_id server_salt
  new Uint8Array([0x0b, 0xb4, 0x70, 0x9e, ...new Array(24).fill(1)]),
]

export const sessionBodyReaders: FuzzTarget<Uint8Array> = {
  name: 'decrypted message bodies read as containers, rpc_results and service objects',
  seed: 0xe2c0003,
  allowedErrors: [RejectedMessageError, TlDecodeError],
  input: fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    fc.tuple(fc.constantFrom(...serviceBodies), mutationsArb).map(([body, mutations]) => mutate(body, mutations)),
    fc
      .array(fc.record({ msgId: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), seqNo: fc.integer(), body: wordsArb(16) }), { maxLength: 8 })
      .chain((messages) => mutationsArb.map((mutations) => mutate(encodeContainer(messages), mutations))),
  ),
  run(body) {
    readBody(body, 0)
  },
}
