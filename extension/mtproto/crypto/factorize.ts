/**
 * Factorization of the key exchange's pq (a product of two primes of about 31 bits each, though
 * the protocol only promises it fits in 64 bits), by Pollard's rho with Brent's cycle detection.
 */
import { gcd, randomBigIntBelow } from './bigint'
import { isProbablePrime } from './dh'

/** Splits a semiprime into its two factors, the smaller first. Throws when pq has no proper factor. */
export function factorizePq(pq: bigint): [p: bigint, q: bigint] {
  // A prime would send the search round its cycles forever.
  if (pq < 4n || isProbablePrime(pq)) throw new RangeError(`pq = ${pq} has no proper factor`)
  const divisor = findDivisor(pq)
  const other = pq / divisor
  return divisor < other ? [divisor, other] : [other, divisor]
}

/** How many steps are multiplied together before one gcd: gcds are the expensive part. */
const BATCH = 128

function findDivisor(n: bigint): bigint {
  if (n % 2n === 0n) return 2n
  for (let attempt = 0; attempt < 64; attempt++) {
    // Iterate f(y) = y^2 + c; a cycle modulo an unknown factor shows up as gcd(|x - y|, n) > 1.
    const c = 1n + randomBigIntBelow(n - 1n)
    const f = (v: bigint) => (v * v + c) % n
    let y = randomBigIntBelow(n)
    let x = y
    let saved = y
    let product = 1n
    let divisor = 1n
    // Brent: x stays at the start of each power-of-two stretch while y walks `range` steps.
    for (let range = 1; divisor === 1n; range *= 2) {
      x = y
      for (let i = 0; i < range; i++) y = f(y)
      for (let done = 0; done < range && divisor === 1n; done += BATCH) {
        saved = y
        for (let i = 0; i < Math.min(BATCH, range - done); i++) {
          y = f(y)
          product = (product * (x > y ? x - y : y - x)) % n
        }
        divisor = gcd(product, n)
      }
    }
    if (divisor === n) {
      // The batch overshot (the product hit 0 mod n): replay it one step at a time.
      do {
        saved = f(saved)
        divisor = gcd(x > saved ? x - saved : saved - x, n)
      } while (divisor === 1n)
    }
    if (divisor !== n) return divisor
    // Both factors cycled together: try another polynomial.
  }
  throw new Error(`could not factor ${n}`)
}
