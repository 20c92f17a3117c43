// AES-256-IGE checked against a straightforward per-block IGE built on Node's AES-256-ECB, and
// against the IGE implementations of GramJS and mtcute (WebAssembly).

import assert from 'node:assert/strict'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { before, describe, it } from 'node:test'
import { IGE as GramJsIge } from 'telegram/crypto/IGE'
import { createIge, igeDecrypt, igeEncrypt } from '../../extension/mtproto/crypto/aes-ige'

/** IGE exactly as defined, one native ECB block at a time: C[i] = E(P[i] ^ C[i-1]) ^ P[i-1]. */
function referenceIge(mode: 'encrypt' | 'decrypt', input: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  const cipher =
    mode === 'encrypt'
      ? createCipheriv('aes-256-ecb', key, null).setAutoPadding(false)
      : createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false)
  const out = new Uint8Array(input.length)
  // Encrypting, the chain holds (previous output, previous input); decrypting, the same roles swap.
  let prevOut = Uint8Array.from(mode === 'encrypt' ? iv.subarray(0, 16) : iv.subarray(16, 32))
  let prevIn = Uint8Array.from(mode === 'encrypt' ? iv.subarray(16, 32) : iv.subarray(0, 16))
  for (let at = 0; at < input.length; at += 16) {
    const block = input.subarray(at, at + 16)
    const mixed = block.map((byte, i) => byte ^ prevOut[i])
    const result = Uint8Array.from(cipher.update(mixed)).map((byte, i) => byte ^ prevIn[i])
    out.set(result, at)
    prevOut = result
    prevIn = Uint8Array.from(block)
  }
  return out
}

const SIZES = [0, 16, 32, 48, 64, 272, 1024, 4096 + 16, 70_000 - (70_000 % 16), 1 << 20]

// The ESM build of @mtcute/wasm (its CommonJS build is deprecated), initialised from its plain .wasm.
let mtcuteWasm: typeof import('@mtcute/wasm')
before(async () => {
  mtcuteWasm = await import('@mtcute/wasm')
  mtcuteWasm.initSync(readFileSync(require.resolve('@mtcute/wasm/mtcute.wasm')))
})

describe('AES-256-IGE', () => {
  it('encrypts like the per-block reference at every size, including the empty input', () => {
    for (const size of SIZES) {
      const [data, key, iv] = [randomBytes(size), randomBytes(32), randomBytes(32)]
      assert.deepEqual(Buffer.from(igeEncrypt(data, key, iv)), Buffer.from(referenceIge('encrypt', data, key, iv)), `size ${size}`)
    }
  })

  it('decrypts like the per-block reference at every size', () => {
    for (const size of SIZES) {
      const [data, key, iv] = [randomBytes(size), randomBytes(32), randomBytes(32)]
      assert.deepEqual(Buffer.from(igeDecrypt(data, key, iv)), Buffer.from(referenceIge('decrypt', data, key, iv)), `size ${size}`)
    }
  })

  it("matches GramJS's IGE in both directions", () => {
    for (const size of [16, 48, 1024, 65_536]) {
      const [data, key, iv] = [randomBytes(size), randomBytes(32), randomBytes(32)]
      const theirs = new GramJsIge(key, iv)
      assert.deepEqual(Buffer.from(igeEncrypt(data, key, iv)), Buffer.from(theirs.encryptIge(data)))
      assert.deepEqual(Buffer.from(igeDecrypt(data, key, iv)), Buffer.from(new GramJsIge(key, iv).decryptIge(data)))
    }
  })

  it("matches mtcute's WebAssembly IGE in both directions", () => {
    for (const size of [16, 48, 1024, 65_536, 1 << 20]) {
      const [data, key, iv] = [randomBytes(size), randomBytes(32), randomBytes(32)]
      assert.deepEqual(Buffer.from(igeEncrypt(data, key, iv)), Buffer.from(mtcuteWasm.ige256Encrypt(data, key, iv)))
      assert.deepEqual(Buffer.from(igeDecrypt(data, key, iv)), Buffer.from(mtcuteWasm.ige256Decrypt(data, key, iv)))
    }
  })

  it('round-trips through a cipher object reused for many buffers', () => {
    const [key, iv] = [randomBytes(32), randomBytes(32)]
    const ige = createIge(key, iv)
    for (const size of [16, 32, 4096, 16, 100_000 - (100_000 % 16)]) {
      const data = randomBytes(size)
      const encrypted = ige.encrypt(data)
      assert.deepEqual(Buffer.from(ige.decrypt(encrypted)), data)
      assert.deepEqual(Buffer.from(encrypted), Buffer.from(referenceIge('encrypt', data, key, iv)))
    }
  })

  it('encrypts into a given slice of a larger buffer, leaving the bytes around it alone', () => {
    const [key, iv, data] = [randomBytes(32), randomBytes(32), randomBytes(4096)]
    const packet = Buffer.alloc(24 + data.length + 8, 0xaa)
    const written = igeEncrypt(data, key, iv, packet.subarray(24, 24 + data.length))
    assert.equal(written.buffer, packet.buffer)
    assert.deepEqual(packet.subarray(24, 24 + data.length), Buffer.from(referenceIge('encrypt', data, key, iv)))
    assert.deepEqual([...packet.subarray(0, 24), ...packet.subarray(24 + data.length)], new Array(32).fill(0xaa))
    assert.throws(() => igeEncrypt(data, key, iv, packet.subarray(0, 16)), RangeError)
  })

  it('alternates keys without mixing up cached key schedules', () => {
    const keys = [randomBytes(32), randomBytes(32), randomBytes(32)]
    const iv = randomBytes(32)
    const data = randomBytes(256)
    for (let round = 0; round < 3; round++) {
      for (const key of keys) {
        assert.deepEqual(Buffer.from(igeDecrypt(data, key, iv)), Buffer.from(referenceIge('decrypt', data, key, iv)))
      }
    }
  })

  it('reads inputs that sit at unaligned offsets of a larger buffer', () => {
    const [key, iv] = [randomBytes(32), randomBytes(32)]
    const backing = randomBytes(1027)
    const data = backing.subarray(3, 3 + 1024)
    assert.equal(data.byteOffset % 4 === 0, false)
    assert.deepEqual(Buffer.from(igeEncrypt(data, key, iv)), Buffer.from(referenceIge('encrypt', data, key, iv)))
    assert.deepEqual(Buffer.from(igeDecrypt(data, key, iv)), Buffer.from(referenceIge('decrypt', data, key, iv)))
  })

  it('leaves its inputs untouched', () => {
    const [data, key, iv] = [randomBytes(4096), randomBytes(32), randomBytes(32)]
    const copies = [Buffer.from(data), Buffer.from(key), Buffer.from(iv)]
    igeEncrypt(data, key, iv)
    igeDecrypt(data, key, iv)
    assert.deepEqual([data, key, iv], copies)
  })

  it('rejects partial blocks, and keys or IVs of the wrong size', () => {
    const [key, iv] = [randomBytes(32), randomBytes(32)]
    assert.throws(() => igeEncrypt(randomBytes(15), key, iv), RangeError)
    assert.throws(() => igeDecrypt(randomBytes(17), key, iv), RangeError)
    assert.throws(() => igeEncrypt(randomBytes(16), randomBytes(16), iv), RangeError)
    assert.throws(() => igeDecrypt(randomBytes(16), key, randomBytes(16)), RangeError)
    assert.throws(() => createIge(key, iv).decrypt(randomBytes(33)), RangeError)
  })
})
