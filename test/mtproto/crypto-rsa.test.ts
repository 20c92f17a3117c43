// RSA for the key exchange. Oracles: the fingerprints GramJS ships with Telegram's keys, mtcute's
// own PEM parser, GramJS's old-format encryption and its RSA_PAD code (driven through its key
// exchange with a scripted random source), and Node's raw RSA with keys it generates.

import assert from 'node:assert/strict'
import { constants, createHash, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { parsePublicKey as mtcuteParsePublicKey } from '@mtcute/core/utils.js'
import bigInt from 'big-integer'
import { _serverKeys as gramJsServerKeys, encrypt as gramJsLegacyEncrypt } from 'telegram/crypto/RSA'
import { doAuthentication } from 'telegram/network/Authenticator'
import { Api } from 'telegram/tl'
import { bigIntToBytes, bytesToBigInt } from '../../extension/mtproto/crypto/bigint'
// The CommonJS module object itself, whose exports GramJS looks up at each call, so they can be patched.
import GramJsHelpers = require('telegram/Helpers')
import {
  parseRsaPublicKey,
  rsaFingerprint,
  rsaLegacyDecrypt,
  rsaLegacyEncrypt,
  rsaPadDecrypt,
  rsaPadEncrypt,
  type RsaPublicKey,
} from '../../extension/mtproto/crypto/rsa'

const keyPairs = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 }))
const pkcs1 = (publicKey: KeyObject) => publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const spki = (publicKey: KeyObject) => publicKey.export({ type: 'spki', format: 'pem' }).toString()
const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex')

/** Records every random block handed out, to replay the same bytes to a second implementation. */
function recordingRandom() {
  const blocks: Buffer[] = []
  return {
    blocks,
    random: (size: number) => {
      const block = randomBytes(size)
      blocks.push(block)
      return Buffer.from(block)
    },
  }
}

function replay(blocks: Uint8Array[]): (size: number) => Uint8Array {
  let next = 0
  return (size) => {
    const block = blocks[next++]
    assert.ok(block, 'asked for more random blocks than were recorded')
    assert.equal(block.length, size)
    return Uint8Array.from(block)
  }
}

/** Makes GramJS take its random bytes from `random` until the returned function is called. */
function patchGramJsRandom(random: (size: number) => Uint8Array): () => void {
  const helpers = GramJsHelpers as { generateRandomBytes: (size: number) => Buffer }
  const original = helpers.generateRandomBytes
  helpers.generateRandomBytes = (size) => Buffer.from(random(size))
  return () => {
    helpers.generateRandomBytes = original
  }
}

function registerWithGramJs(key: RsaPublicKey): void {
  gramJsServerKeys.set(key.fingerprint.toString(), { n: bigInt(key.n.toString()), e: Number(key.e) })
}

after(() => {
  for (const { publicKey } of keyPairs) gramJsServerKeys.delete(parseRsaPublicKey(pkcs1(publicKey)).fingerprint.toString())
})

describe('RSA public keys', () => {
  it("computes the fingerprints GramJS lists for Telegram's own keys", () => {
    assert.ok(gramJsServerKeys.size >= 2)
    for (const [fingerprint, { n, e }] of gramJsServerKeys) {
      assert.equal(rsaFingerprint(BigInt(n.toString()), BigInt(e)).toString(), fingerprint)
    }
  })

  it("parses PKCS#1 keys into the modulus, exponent and fingerprint mtcute's parser finds", () => {
    const nodeCrypto = { sha1: (data: Uint8Array) => createHash('sha1').update(data).digest() }
    for (const { publicKey } of keyPairs) {
      const ours = parseRsaPublicKey(pkcs1(publicKey))
      const theirs = mtcuteParsePublicKey(nodeCrypto as never, pkcs1(publicKey))
      assert.equal(ours.n, BigInt('0x' + theirs.modulus))
      assert.equal(ours.e, BigInt('0x' + theirs.exponent))
      assert.equal(BigInt.asUintN(64, ours.fingerprint), BigInt('0x' + theirs.fingerprint))
    }
  })

  it('reads an SPKI key as the same key as its PKCS#1 form', () => {
    for (const { publicKey } of keyPairs) assert.deepEqual(parseRsaPublicKey(spki(publicKey)), parseRsaPublicKey(pkcs1(publicKey)))
  })

  it('rejects a key that is not RSA', () => {
    const { publicKey } = generateKeyPairSync('ed25519')
    assert.throws(() => parseRsaPublicKey(spki(publicKey)))
  })
})

describe('the older RSA format (SHA1 + data + padding)', () => {
  it('produces what GramJS produces from the same random padding', async () => {
    for (const { publicKey } of keyPairs) {
      const key = parseRsaPublicKey(pkcs1(publicKey))
      registerWithGramJs(key)
      for (const length of [1, 96, 235]) {
        const data = randomBytes(length)
        const recorder = recordingRandom()
        const restore = patchGramJsRandom(recorder.random)
        let theirs: Buffer | undefined
        try {
          theirs = await gramJsLegacyEncrypt(bigInt(key.fingerprint.toString()), data)
        } finally {
          restore()
        }
        assert.equal(hex(rsaLegacyEncrypt(data, key, replay(recorder.blocks))), hex(theirs))
      }
    }
  })

  it("is raw RSA: Node's unpadded decryption shows SHA1(data) + data + padding", () => {
    const { publicKey, privateKey } = keyPairs[0]
    const data = randomBytes(100)
    const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, rsaLegacyEncrypt(data, parseRsaPublicKey(pkcs1(publicKey))))
    assert.equal(block[0], 0)
    assert.equal(hex(block.subarray(1, 21)), createHash('sha1').update(data).digest('hex'))
    assert.equal(hex(block.subarray(21, 121)), hex(data))
  })

  it("recovers data that GramJS encrypted, and data we encrypted, on the server side", async () => {
    const { publicKey, privateKey } = keyPairs[1]
    const key = parseRsaPublicKey(pkcs1(publicKey))
    registerWithGramJs(key)
    for (const length of [4, 80, 235]) {
      const data = randomBytes(length)
      const theirs = await gramJsLegacyEncrypt(bigInt(key.fingerprint.toString()), data)
      assert.equal(hex(rsaLegacyDecrypt(theirs!, privateKey)), hex(data))
      assert.equal(hex(rsaLegacyDecrypt(rsaLegacyEncrypt(data, key), privateKey)), hex(data))
    }
  })

  it('refuses a block whose hash does not match, or that is not below the modulus', () => {
    const { publicKey, privateKey } = keyPairs[0]
    const key = parseRsaPublicKey(pkcs1(publicKey))
    const tampered = Uint8Array.from(rsaLegacyEncrypt(randomBytes(64), key))
    tampered[200] ^= 1
    assert.equal(rsaLegacyDecrypt(tampered, privateKey), undefined)
    assert.equal(rsaLegacyDecrypt(bigIntToBytes(key.n, 256), privateKey), undefined)
    assert.throws(() => rsaLegacyEncrypt(randomBytes(236), key), RangeError)
  })
})

describe('RSA_PAD', () => {
  /**
   * Runs GramJS's key exchange against a scripted server up to req_DH_params, with GramJS's random
   * bytes recorded; returns its p_q_inner_data, the encrypted_data it sent and the random blocks.
   */
  async function gramJsRsaPad(key: RsaPublicKey) {
    registerWithGramJs(key)
    const recorder = recordingRandom()
    const p = 1_000_000_007n
    const q = 2_147_483_647n
    const serverNonce = bigInt(bytesToBigInt(randomBytes(15)).toString())
    let request: Api.ReqDHParams | undefined
    const sender = {
      async send(message: unknown) {
        if (message instanceof Api.ReqPqMulti) {
          return new Api.ResPQ({
            nonce: message.nonce,
            serverNonce,
            pq: Buffer.from(bigIntToBytes(p * q)),
            serverPublicKeyFingerprints: [bigInt(key.fingerprint.toString())],
          })
        }
        if (message instanceof Api.ReqDHParams) request = message
        throw new Error('scripted server stops here')
      },
    }
    const restore = patchGramJsRandom(recorder.random)
    try {
      await assert.rejects(doAuthentication(sender as never, { debug() {}, warn() {}, info() {} } as never), /stops here/)
    } finally {
      restore()
    }
    assert.ok(request)
    // GramJS drew: nonce (16), new_nonce (32), the padding, then one temp_key (32) per attempt.
    const [nonce, newNonce, ...rest] = recorder.blocks
    const innerData = new Api.PQInnerData({
      pq: Buffer.from(bigIntToBytes(p * q)),
      p: Buffer.from(bigIntToBytes(p)),
      q: Buffer.from(bigIntToBytes(q)),
      nonce: GramJsHelpers.readBigIntFromBuffer(nonce, false, true),
      serverNonce,
      newNonce: GramJsHelpers.readBigIntFromBuffer(newNonce, true, true),
    }).getBytes()
    return { innerData, encrypted: request.encryptedData, random: rest }
  }

  it('encrypts p_q_inner_data exactly as GramJS does given the same padding and temp_key', async () => {
    for (const { publicKey } of keyPairs) {
      const key = parseRsaPublicKey(pkcs1(publicKey))
      for (let i = 0; i < 4; i++) {
        const { innerData, encrypted, random } = await gramJsRsaPad(key)
        assert.equal(hex(rsaPadEncrypt(innerData, key, replay(random))), hex(encrypted))
      }
    }
  })

  it("recovers GramJS's p_q_inner_data on the server side, followed by its padding", async () => {
    const { publicKey, privateKey } = keyPairs[0]
    const { innerData, encrypted } = await gramJsRsaPad(parseRsaPublicKey(pkcs1(publicKey)))
    const recovered = rsaPadDecrypt(encrypted, privateKey)
    assert.equal(recovered?.length, 192)
    assert.equal(hex(recovered?.subarray(0, innerData.length)), hex(innerData))
  })

  it('round-trips every data length through our client and server sides', () => {
    const { publicKey, privateKey } = keyPairs[1]
    const key = parseRsaPublicKey(pkcs1(publicKey))
    for (const length of [0, 1, 96, 143, 144]) {
      const data = randomBytes(length)
      const recovered = rsaPadDecrypt(rsaPadEncrypt(data, key), privateKey)
      assert.equal(hex(recovered?.subarray(0, length)), hex(data))
    }
    assert.throws(() => rsaPadEncrypt(randomBytes(145), key), RangeError)
  })

  it("draws a new temp_key while key_aes_encrypted is not below the modulus", () => {
    const { publicKey } = keyPairs[0]
    const key = parseRsaPublicKey(pkcs1(publicKey))
    // A smaller modulus makes retries common, so the loop is exercised on every run.
    const small: RsaPublicKey = { ...key, n: key.n >> 1n }
    let draws = 0
    for (let i = 0; i < 20; i++) {
      const counted = (size: number) => (draws++, randomBytes(size))
      const encrypted = rsaPadEncrypt(randomBytes(100), small, counted)
      assert.ok(bytesToBigInt(encrypted) < small.n)
    }
    // One padding block per call, plus at least one temp_key; some calls must have retried.
    assert.ok(draws > 40)
  })

  it('refuses ciphertext that was tampered with', () => {
    const { publicKey, privateKey } = keyPairs[0]
    const encrypted = Uint8Array.from(rsaPadEncrypt(randomBytes(100), parseRsaPublicKey(pkcs1(publicKey))))
    encrypted[128] ^= 0x40
    assert.equal(rsaPadDecrypt(encrypted, privateKey), undefined)
    assert.equal(rsaPadDecrypt(encrypted.subarray(1), privateKey), undefined)
  })

  it("encrypts with raw RSA, as Node's unpadded public encryption does", () => {
    const { publicKey, privateKey } = keyPairs[1]
    const encrypted = rsaPadEncrypt(randomBytes(50), parseRsaPublicKey(pkcs1(publicKey)))
    const keyAesEncrypted = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encrypted)
    assert.equal(hex(publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, keyAesEncrypted)), hex(encrypted))
  })
})
