// AES-256-CTR streams checked against GramJS's pure-JS CTR and mtcute's WebAssembly CTR, and the
// multi-chunk hashes against mtcute's WebAssembly SHA-1/SHA-256 over the concatenated input.

import assert from 'node:assert/strict'
import { randomBytes, randomInt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { CTR as GramJsCtr } from 'telegram/crypto/CTR'
import { createCtr } from '../../extension/mtproto/crypto/ctr'
import { sha1, sha256 } from '../../extension/mtproto/crypto/hash'

let mtcuteWasm: typeof import('@mtcute/wasm')
before(async () => {
  mtcuteWasm = await import('@mtcute/wasm')
  mtcuteWasm.initSync(readFileSync(require.resolve('@mtcute/wasm/mtcute.wasm')))
})

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** Splits `data` at random points, including empty pieces. */
function randomChunks(data: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = []
  for (let at = 0; at < data.length; ) {
    const size = Math.min(randomInt(0, 100), data.length - at)
    chunks.push(data.subarray(at, at + size))
    at += size
  }
  return chunks
}

describe('AES-256-CTR stream', () => {
  it("produces GramJS's keystream across arbitrarily split updates", () => {
    for (let i = 0; i < 20; i++) {
      const [key, iv, data] = [randomBytes(32), randomBytes(16), randomBytes(randomInt(1, 3000))]
      const ours = createCtr(key, iv)
      const out = Buffer.concat(randomChunks(data).map((chunk) => ours.update(chunk)))
      assert.equal(hex(out), hex(new GramJsCtr(key, iv).encrypt(data)))
    }
  })

  it("produces mtcute's keystream for block-aligned updates", () => {
    const [key, iv] = [randomBytes(32), randomBytes(16)]
    const ours = createCtr(key, iv)
    const theirs = mtcuteWasm.createCtr256(key, iv)
    try {
      for (const size of [16, 64, 4096, 16]) {
        const data = randomBytes(size)
        assert.equal(hex(ours.update(data)), hex(mtcuteWasm.ctr256(theirs, data)))
      }
    } finally {
      mtcuteWasm.freeCtr256(theirs)
    }
  })

  it('decrypts with a second stream from the same key and IV', () => {
    const [key, iv, data] = [randomBytes(32), randomBytes(16), randomBytes(1000)]
    const encrypted = createCtr(key, iv).update(data)
    assert.equal(hex(createCtr(key, iv).update(encrypted)), hex(data))
  })

  it('rejects keys and IVs of the wrong size', () => {
    assert.throws(() => createCtr(randomBytes(16), randomBytes(16)), RangeError)
    assert.throws(() => createCtr(randomBytes(32), randomBytes(32)), RangeError)
  })
})

describe('multi-chunk hashes', () => {
  it("equal mtcute's SHA-1 and SHA-256 of the concatenation", () => {
    for (let i = 0; i < 30; i++) {
      const data = randomBytes(randomInt(0, 2000))
      const chunks = randomChunks(data)
      assert.equal(hex(sha1(...chunks)), hex(mtcuteWasm.sha1(data)))
      assert.equal(hex(sha256(...chunks)), hex(mtcuteWasm.sha256(data)))
    }
  })

  it('hash nothing to the digest of the empty string', () => {
    assert.equal(hex(sha1()), hex(mtcuteWasm.sha1(new Uint8Array(0))))
    assert.equal(hex(sha256()), hex(mtcuteWasm.sha256(new Uint8Array(0))))
  })
})
