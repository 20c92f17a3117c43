// Byte/bigint conversions checked against Buffer's own hex and integer codecs, and modPow against
// big-integer (GramJS's arbitrary-precision library) and Node's Diffie-Hellman.

import assert from 'node:assert/strict'
import { createDiffieHellman, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import bigInt from 'big-integer'
import fc from 'fast-check'
import { bigIntToBytes, bitLength, bytesToBigInt, gcd, modPow, randomBigIntBelow } from '../../extension/mtproto/crypto/bigint'
import { TELEGRAM_DH_PRIME } from '../../extension/mtproto/crypto/dh'

const viaBigInteger = (base: bigint, exponent: bigint, modulus: bigint) =>
  BigInt(bigInt(base.toString()).modPow(bigInt(exponent.toString()), bigInt(modulus.toString())).toString())

describe('big-endian bytes and bigints', () => {
  it("reads bytes as the big-endian number Buffer's hex spells", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex')
        assert.equal(bytesToBigInt(bytes), hex === '' ? 0n : BigInt('0x' + hex))
      }),
    )
  })

  it('writes 64-bit values as Buffer.writeBigUInt64BE does, and pads to a requested length', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (value) => {
        const expected = Buffer.alloc(8)
        expected.writeBigUInt64BE(value)
        assert.deepEqual(Buffer.from(bigIntToBytes(value, 8)), expected)
        assert.equal(bytesToBigInt(bigIntToBytes(value)), value)
      }),
    )
  })

  it('round-trips through the shortest encoding and refuses values that do not fit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 2048n }), (value) => {
        const bytes = bigIntToBytes(value)
        assert.notEqual(bytes[0], 0)
        assert.equal(bytesToBigInt(bytes), value)
        assert.equal(bitLength(value), value.toString(2).length)
        assert.throws(() => bigIntToBytes(value, bytes.length - 1), RangeError)
      }),
    )
    assert.equal(bigIntToBytes(0n).length, 0)
    assert.throws(() => bigIntToBytes(-1n), RangeError)
  })
})

describe('modular arithmetic', () => {
  it('computes modPow like big-integer for random 2048-bit operands', () => {
    for (let i = 0; i < 10; i++) {
      const [base, exponent] = [bytesToBigInt(randomBytes(256)), bytesToBigInt(randomBytes(256))]
      assert.equal(modPow(base, exponent, TELEGRAM_DH_PRIME), viaBigInteger(base, exponent, TELEGRAM_DH_PRIME))
    }
  })

  it('computes modPow like big-integer for small and edge-case operands', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 200n }), fc.bigInt({ min: 0n, max: 1n << 80n }), fc.bigInt({ min: 1n, max: 1n << 128n }), (b, e, m) => {
        assert.equal(modPow(b, e, m), viaBigInteger(b, e, m))
      }),
    )
  })

  it("agrees with Node's Diffie-Hellman on g^x mod p for Telegram's prime", () => {
    const dh = createDiffieHellman(Buffer.from(bigIntToBytes(TELEGRAM_DH_PRIME)), Buffer.from([3]))
    dh.generateKeys()
    const publicKey = bytesToBigInt(dh.getPublicKey())
    assert.equal(modPow(3n, bytesToBigInt(dh.getPrivateKey()), TELEGRAM_DH_PRIME), publicKey)
  })

  it('finds greatest common divisors like big-integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }), fc.bigInt({ min: 0n, max: 1n << 100n }), (a, b) => {
        assert.equal(gcd(a, b), BigInt(bigInt.gcd(bigInt(a.toString()), bigInt(b.toString())).toString()))
      }),
    )
  })

  it('draws random values below the bound, reaching both ends of small ranges', () => {
    const seen = new Set<bigint>()
    for (let i = 0; i < 400; i++) {
      const value = randomBigIntBelow(5n)
      assert.ok(value >= 0n && value < 5n)
      seen.add(value)
    }
    assert.equal(seen.size, 5)
    assert.throws(() => randomBigIntBelow(0n), RangeError)
  })
})
