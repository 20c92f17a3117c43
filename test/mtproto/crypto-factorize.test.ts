// pq factorization on semiprimes built from Node's prime generator, checked against GramJS's
// Factorizator on the same numbers.

import assert from 'node:assert/strict'
import { generatePrimeSync } from 'node:crypto'
import { describe, it } from 'node:test'
import bigInt from 'big-integer'
import { Factorizator } from 'telegram/crypto/Factorizator'
import { factorizePq } from '../../extension/mtproto/crypto/factorize'

function semiprime(bitsP: number, bitsQ: number): [bigint, bigint] {
  const p = generatePrimeSync(bitsP, { bigint: true })
  let q = generatePrimeSync(bitsQ, { bigint: true })
  while (q === p) q = generatePrimeSync(bitsQ, { bigint: true })
  return p < q ? [p, q] : [q, p]
}

describe('pq factorization', () => {
  it('splits 200 products of two ~31-bit primes into p < q, agreeing with GramJS', () => {
    for (let i = 0; i < 200; i++) {
      const [p, q] = semiprime(31, 31)
      assert.deepEqual(factorizePq(p * q), [p, q])
      if (i % 10 === 0) {
        const theirs = Factorizator.factorize(bigInt((p * q).toString()))
        assert.deepEqual([BigInt(theirs.p.toString()), BigInt(theirs.q.toString())], [p, q])
      }
    }
  })

  it('splits 63-bit and 64-bit products of two primes', () => {
    for (let i = 0; i < 8; i++) {
      const [p, q] = semiprime(31, 32)
      assert.deepEqual(factorizePq(p * q), [p, q])
      const [r, s] = semiprime(32, 32)
      assert.deepEqual(factorizePq(r * s), [r, s])
    }
  })

  it('splits unbalanced products, even ones and squares', () => {
    const big = generatePrimeSync(50, { bigint: true })
    assert.deepEqual(factorizePq(3n * big), [3n, big])
    assert.deepEqual(factorizePq(2n * big), [2n, big])
    const [p] = semiprime(31, 31)
    assert.deepEqual(factorizePq(p * p), [p, p])
  })

  it('refuses a prime and numbers too small to have factors', () => {
    assert.throws(() => factorizePq(generatePrimeSync(62, { bigint: true })), RangeError)
    assert.throws(() => factorizePq(3n), RangeError)
  })
})
