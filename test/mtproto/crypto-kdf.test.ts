// The MTProto 2.0 key derivation checked against mtcute's and GramJS's own derivations, used as
// oracles through their message encryption code and key helpers.

import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { Long } from '@mtcute/core'
import { __tlReaderMap, createAesIgeForMessage, generateKeyAndIvFromNonce } from '@mtcute/core/utils.js'
import { AuthKey as GramJsAuthKey } from 'telegram/crypto/AuthKey'
import { generateKeyDataFromNonce, readBigIntFromBuffer } from 'telegram/Helpers'
import { MTProtoState } from 'telegram/network/MTProtoState'
import { AuthKey as MtcuteAuthKey } from '../../node_modules/@mtcute/core/network/auth-key.js'
import {
  authKeyId,
  handshakeAesKeyIv,
  messageAesKeyIv,
  messageKey,
  newNonceHash,
  type Direction,
} from '../../extension/mtproto/crypto/kdf'

interface Captured {
  key?: Uint8Array
  iv?: Uint8Array
  plaintext?: Uint8Array
}

/**
 * The parts of mtcute's crypto provider its key derivation and AuthKey use, backed by Node. The IGE
 * it hands out records its key and IV and passes data through (or returns `decrypted`), so the test
 * sees exactly what mtcute derived and what it hashed.
 */
function mtcuteCrypto(captured: Captured, decrypted?: Uint8Array) {
  return {
    sha1: (data: Uint8Array) => createHash('sha1').update(data).digest(),
    sha256: (data: Uint8Array) => createHash('sha256').update(data).digest(),
    randomFill: (buf: Uint8Array) => buf.set(randomBytes(buf.length)),
    createAesIge(key: Uint8Array, iv: Uint8Array) {
      captured.key = Uint8Array.from(key)
      captured.iv = Uint8Array.from(iv)
      return {
        encrypt: (data: Uint8Array) => ((captured.plaintext = Uint8Array.from(data)), data),
        decrypt: (data: Uint8Array) => decrypted ?? data,
      }
    },
  }
}

const silentLog = { verbose() {}, debug() {}, warn() {}, info() {}, error() {}, create: () => silentLog }
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex')
const DIRECTIONS: [Direction, boolean][] = [
  ['client-to-server', true],
  ['server-to-client', false],
]

describe('MTProto 2.0 message key derivation', () => {
  it("derives the AES key and IV that mtcute's createAesIgeForMessage derives, both ways", () => {
    for (let i = 0; i < 50; i++) {
      const [authKey, msgKey] = [randomBytes(256), randomBytes(16)]
      for (const [direction, fromClient] of DIRECTIONS) {
        const captured: Captured = {}
        createAesIgeForMessage(mtcuteCrypto(captured) as never, authKey, msgKey, fromClient)
        const ours = messageAesKeyIv(authKey, msgKey, direction)
        assert.equal(hex(ours.key), hex(captured.key), direction)
        assert.equal(hex(ours.iv), hex(captured.iv), direction)
      }
    }
  })

  it("derives the AES key and IV that GramJS's MTProtoState derives, both ways", async () => {
    const state = new MTProtoState(undefined, silentLog as never)
    for (let i = 0; i < 20; i++) {
      const [authKey, msgKey] = [randomBytes(256), randomBytes(16)]
      for (const [direction, fromClient] of DIRECTIONS) {
        const theirs = await state._calcKey(authKey, msgKey, fromClient)
        const ours = messageAesKeyIv(authKey, msgKey, direction)
        assert.equal(hex(ours.key), hex(theirs.key))
        assert.equal(hex(ours.iv), hex(theirs.iv))
      }
    }
  })

  it("computes the msg_key and auth_key_id that mtcute's AuthKey puts on an outgoing message", () => {
    for (const length of [4, 36, 1000]) {
      const authKey = randomBytes(256)
      const captured: Captured = {}
      const mtcute = new MtcuteAuthKey(mtcuteCrypto(captured) as never, silentLog as never, __tlReaderMap)
      mtcute.setup(authKey)
      const wire = mtcute.encryptMessage(randomBytes(length), Long.fromNumber(1234567), Long.fromNumber(-42))
      assert.ok(captured.plaintext)
      assert.equal(hex(authKeyId(authKey)), hex(wire.subarray(0, 8)))
      assert.equal(hex(messageKey(authKey, captured.plaintext, 'client-to-server')), hex(wire.subarray(8, 24)))
    }
  })

  it("computes a server msg_key that mtcute's AuthKey accepts, and mtcute refuses one that is off by a bit", () => {
    const authKey = randomBytes(256)
    const sessionId = Long.fromBits(0x11223344, 0x55667788)
    // salt, session_id, msg_id, seq_no, length, body, then 12..1024 bytes of padding.
    const plaintext = new Uint8Array(32 + 16 + 16)
    const view = new DataView(plaintext.buffer)
    view.setInt32(8, sessionId.low, true)
    view.setInt32(12, sessionId.high, true)
    view.setUint32(16, 0x00000001, true)
    view.setUint32(20, 0x6000_0000, true)
    view.setUint32(28, 16, true)
    plaintext.set(randomBytes(16), 48)

    const accepts = (msgKey: Uint8Array) => {
      const mtcute = new MtcuteAuthKey(mtcuteCrypto({}, plaintext) as never, silentLog as never, __tlReaderMap)
      mtcute.setup(authKey)
      let delivered = false
      mtcute.decryptMessage(Buffer.concat([authKeyId(authKey), msgKey, randomBytes(plaintext.length)]), sessionId, () => {
        delivered = true
      })
      return delivered
    }

    const msgKey = messageKey(authKey, plaintext, 'server-to-client')
    assert.equal(accepts(msgKey), true)
    const flipped = Uint8Array.from(msgKey)
    flipped[5] ^= 0x10
    assert.equal(accepts(flipped), false)
    assert.equal(accepts(messageKey(authKey, plaintext, 'client-to-server')), false)
  })

  it("computes the auth_key_id GramJS's AuthKey reads from the same key", async () => {
    for (let i = 0; i < 10; i++) {
      const authKey = randomBytes(256)
      const gramjs = new GramJsAuthKey()
      await gramjs.setKey(authKey)
      const ours = Buffer.from(authKeyId(authKey)).readBigUInt64LE()
      assert.equal(ours.toString(), gramjs.keyId!.toString())
    }
  })

  it('rejects auth keys and msg_keys of the wrong length', () => {
    assert.throws(() => messageKey(randomBytes(255), randomBytes(32), 'client-to-server'), RangeError)
    assert.throws(() => messageAesKeyIv(randomBytes(256), randomBytes(15), 'server-to-client'), RangeError)
    assert.throws(() => authKeyId(randomBytes(128)), RangeError)
  })
})

describe('key exchange derivations', () => {
  it("derives the temporary AES key and IV from the nonces like mtcute and GramJS", async () => {
    for (let i = 0; i < 20; i++) {
      const [serverNonce, newNonce] = [randomBytes(16), randomBytes(32)]
      const ours = handshakeAesKeyIv(serverNonce, newNonce)
      const [mtcuteKey, mtcuteIv] = generateKeyAndIvFromNonce(mtcuteCrypto({}) as never, serverNonce, newNonce)
      assert.equal(hex(ours.key), hex(mtcuteKey))
      assert.equal(hex(ours.iv), hex(mtcuteIv))
      // GramJS keeps nonces as little-endian signed integers.
      const gramjs = await generateKeyDataFromNonce(
        readBigIntFromBuffer(serverNonce, true, true),
        readBigIntFromBuffer(newNonce, true, true),
      )
      assert.equal(hex(ours.key), hex(gramjs.key))
      assert.equal(hex(ours.iv), hex(gramjs.iv))
    }
  })

  it("computes new_nonce_hash 1, 2 and 3 like GramJS's AuthKey", async () => {
    for (let i = 0; i < 10; i++) {
      const [authKey, newNonce] = [randomBytes(256), randomBytes(32)]
      const gramjs = new GramJsAuthKey()
      await gramjs.setKey(authKey)
      for (const n of [1, 2, 3] as const) {
        const theirs = await gramjs.calcNewNonceHash(readBigIntFromBuffer(newNonce, true, true), n)
        const ours = readBigIntFromBuffer(Buffer.from(newNonceHash(newNonce, authKey, n)), true, true)
        assert.equal(ours.toString(), theirs.toString(), `new_nonce_hash${n}`)
      }
    }
  })
})
