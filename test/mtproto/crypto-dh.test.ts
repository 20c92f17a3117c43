// Diffie–Hellman parameter checks, with Node's prime generator and tester as the oracle for
// primality, Euler's criterion (computed with big-integer) for the generator rule, and GramJS's
// built-in copy of Telegram's prime for the constant.

import assert from 'node:assert/strict'
import { checkPrimeSync, generatePrimeSync, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import bigInt from 'big-integer'
import { computeDigest } from 'telegram/Password'
import { Api } from 'telegram/tl'
import { bigIntToBytes, bytesToBigInt } from '../../extension/mtproto/crypto/bigint'
import {
  checkDhParams,
  isProbablePrime,
  isSafeDhValue,
  isSafePrime,
  isValidDhGenerator,
  TELEGRAM_DH_PRIME,
} from '../../extension/mtproto/crypto/dh'

/** Euler's criterion: g is a quadratic residue mod the odd prime p iff g^((p-1)/2) = 1. */
const isQuadraticResidue = (g: number, p: bigint) =>
  bigInt(g).modPow(bigInt(((p - 1n) / 2n).toString()), bigInt(p.toString())).equals(1)

const safePrimes = Array.from({ length: 12 }, () => generatePrimeSync(160, { safe: true, bigint: true }))

describe('primality', () => {
  it("says prime exactly when Node's checkPrime does, on primes, odd composites and small numbers", () => {
    for (let i = 0; i < 40; i++) {
      const prime = generatePrimeSync(128, { bigint: true })
      assert.equal(isProbablePrime(prime), true)
      const odd = bytesToBigInt(randomBytes(16)) | 1n
      assert.equal(isProbablePrime(odd), checkPrimeSync(odd))
      assert.equal(isProbablePrime(prime * generatePrimeSync(64, { bigint: true })), false)
    }
    for (let n = 0n; n < 200n; n++) assert.equal(isProbablePrime(n), checkPrimeSync(n), `n = ${n}`)
  })

  it('recognises safe primes from Node and rejects primes whose half is composite', () => {
    for (const p of safePrimes) assert.equal(isSafePrime(p), true)
    let rejected = 0
    for (let i = 0; i < 30; i++) {
      const p = generatePrimeSync(160, { bigint: true })
      const expected = checkPrimeSync((p - 1n) / 2n)
      assert.equal(isSafePrime(p), expected)
      if (!expected) rejected++
    }
    assert.ok(rejected > 0)
  })

  it("holds Telegram's prime, as GramJS knows it, and the prime really is safe", async () => {
    const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: randomBytes(8),
      salt2: randomBytes(8),
      g: 3,
      p: Buffer.from(bigIntToBytes(TELEGRAM_DH_PRIME, 256)),
    })
    // GramJS refuses any prime but the one it has built in.
    await computeDigest(algo, 'password')
    assert.equal(checkPrimeSync(TELEGRAM_DH_PRIME), true)
    assert.equal(checkPrimeSync((TELEGRAM_DH_PRIME - 1n) / 2n), true)
  })
})

describe('dh_prime and g checks', () => {
  it('accepts g of 2..7 exactly when it is a quadratic residue of the safe prime', () => {
    for (const p of [...safePrimes, TELEGRAM_DH_PRIME]) {
      for (let g = 2; g <= 7; g++) assert.equal(isValidDhGenerator(g, p), isQuadraticResidue(g, p), `g = ${g}, p = ${p}`)
    }
  })

  it('rejects g outside 2..7 even when it is a residue', () => {
    const p = TELEGRAM_DH_PRIME
    for (const g of [0, 1, 8, 9, 16]) assert.equal(isValidDhGenerator(g, p), false)
  })

  it("accepts Telegram's prime with each generator that is a residue, and no other", () => {
    for (let g = 2; g <= 7; g++) {
      if (isQuadraticResidue(g, TELEGRAM_DH_PRIME)) checkDhParams(g, TELEGRAM_DH_PRIME)
      else assert.throws(() => checkDhParams(g, TELEGRAM_DH_PRIME), /does not generate/)
    }
  })

  it('rejects a 2048-bit number that is not a safe prime, and primes of the wrong size', () => {
    assert.throws(() => checkDhParams(4, TELEGRAM_DH_PRIME + 2n), /not a safe prime/)
    assert.throws(() => checkDhParams(4, safePrimes[0]), /bits/)
    assert.throws(() => checkDhParams(4, TELEGRAM_DH_PRIME << 1n), /bits/)
  })

  it('keeps g_a and g_b inside [2^1984, p - 2^1984]', () => {
    const p = TELEGRAM_DH_PRIME
    const margin = 1n << 1984n
    for (const value of [margin, p - margin, p / 2n, bytesToBigInt(randomBytes(255)) + margin]) {
      assert.equal(isSafeDhValue(value, p), true, value.toString(16))
    }
    for (const value of [0n, 1n, 2n, margin - 1n, p - margin + 1n, p - 1n, p, p + margin]) {
      assert.equal(isSafeDhValue(value, p), false, value.toString(16))
    }
  })
})
