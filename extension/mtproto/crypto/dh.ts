/**
 * Diffie–Hellman checks of the MTProto key exchange and of SRP: the server-chosen (g, dh_prime)
 * must describe a 2048-bit safe prime with g generating its subgroup of order (p - 1) / 2, and
 * every exchanged g^x must stay away from the ends of the group.
 */
import { randomBytes } from 'node:crypto'
import { bitLength, modPow, randomBigIntBelow } from './bigint'

/** The 2048-bit safe prime Telegram's servers send as dh_prime (and as the SRP modulus). */
export const TELEGRAM_DH_PRIME = BigInt(
  '0x' +
    'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f' +
    '48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37' +
    '20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
    '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4' +
    'a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754' +
    'fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
    'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f' +
    '0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
)

const PRIME_BITS = 2048
/** g_a and g_b must lie in [2^(2048-64), dh_prime - 2^(2048-64)]. */
const SAFETY_MARGIN = 1n << BigInt(PRIME_BITS - 64)

const SMALL_PRIMES = [3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n, 59n, 61n, 67n, 71n]

/**
 * Miller–Rabin with `rounds` random bases: false means certainly composite, true means prime
 * with error below 4^-rounds.
 */
export function isProbablePrime(n: bigint, rounds = 32, random: (size: number) => Uint8Array = randomBytes): boolean {
  if (n < 2n) return false
  if (n === 2n) return true
  if (n % 2n === 0n) return false
  for (const small of SMALL_PRIMES) {
    if (n === small) return true
    if (n % small === 0n) return false
  }
  // n - 1 = d * 2^s with d odd
  let d = n - 1n
  let s = 0
  while (d % 2n === 0n) {
    d /= 2n
    s++
  }
  witnesses: for (let round = 0; round < rounds; round++) {
    const a = 2n + randomBigIntBelow(n - 3n, random)
    let x = modPow(a, d, n)
    if (x === 1n || x === n - 1n) continue
    for (let i = 1; i < s; i++) {
      x = (x * x) % n
      if (x === n - 1n) continue witnesses
      if (x === 1n) return false
    }
    return false
  }
  return true
}

/** Whether p and (p - 1) / 2 are both prime. Telegram's well-known prime is accepted without the test. */
export function isSafePrime(p: bigint, rounds = 32): boolean {
  if (p === TELEGRAM_DH_PRIME) return true
  if (p < 5n || p % 2n === 0n) return false
  return isProbablePrime(p, rounds) && isProbablePrime((p - 1n) / 2n, rounds)
}

/**
 * Throws unless p is a 2048-bit safe prime and g (2..7) generates the cyclic subgroup of prime
 * order (p - 1) / 2, i.e. is a quadratic residue mod p.
 */
export function checkDhParams(g: number, p: bigint): void {
  if (bitLength(p) !== PRIME_BITS) throw new Error(`dh_prime has ${bitLength(p)} bits, not ${PRIME_BITS}`)
  if (!isValidDhGenerator(g, p)) throw new Error(`g = ${g} does not generate the subgroup of order (p - 1) / 2`)
  if (!isSafePrime(p)) throw new Error('dh_prime is not a safe prime')
}

/**
 * MTProto's rule for g: one of 2..7, and a quadratic residue modulo the safe prime p, which by
 * quadratic reciprocity comes down to p modulo 8, 3, 5, 24 or 7.
 */
export function isValidDhGenerator(g: number, p: bigint): boolean {
  switch (g) {
    case 2:
      return p % 8n === 7n
    case 3:
      return p % 3n === 2n
    case 4:
      // A square: always a residue.
      return true
    case 5:
      return p % 5n === 1n || p % 5n === 4n
    case 6:
      return p % 24n === 19n || p % 24n === 23n
    case 7:
      return p % 7n === 3n || p % 7n === 5n || p % 7n === 6n
    default:
      return false
  }
}

/**
 * Whether a public value (g_a, g_b, or SRP's A and B) is safe to use: 1 < value < p - 1 and, so
 * that neither side can force a small subgroup, 2^(2048-64) <= value <= p - 2^(2048-64).
 */
export function isSafeDhValue(value: bigint, p: bigint): boolean {
  return value > 1n && value < p - 1n && value >= SAFETY_MARGIN && value <= p - SAFETY_MARGIN
}
