/**
 * Big-endian byte strings as bigints, and the modular arithmetic the key exchange, RSA and SRP need.
 * MTProto writes every big number (pq, p, q, dh_prime, g_a, g_b, RSA blocks) big-endian.
 */
import { randomBytes } from 'node:crypto'

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i]]
  return hex === '' ? 0n : BigInt('0x' + hex)
}

/**
 * Big-endian bytes of a non-negative bigint: the shortest form, or exactly `length` bytes
 * (left-padded with zeros) when given. Throws when the value does not fit.
 */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError('cannot encode a negative bigint as unsigned bytes')
  let hex = value === 0n ? '' : value.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  const size = length ?? hex.length / 2
  if (hex.length / 2 > size) throw new RangeError(`${hex.length / 2}-byte value does not fit in ${size} bytes`)
  const out = new Uint8Array(size)
  for (let i = 0, at = size - hex.length / 2; i < hex.length; i += 2, at++) {
    out[at] = parseInt(hex.slice(i, i + 2), 16)
  }
  return out
}

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length
}

/**
 * base^exponent mod modulus, by left-to-right sliding windows of up to 5 bits: 16 odd powers are
 * precomputed, and a 2048-bit exponent then costs about 2048 squarings and 350 multiplications.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new RangeError('modulus must be positive')
  if (exponent < 0n) throw new RangeError('negative exponents are not supported')
  if (modulus === 1n) return 0n
  base %= modulus
  if (base < 0n) base += modulus
  const bits = exponent.toString(2)
  const window = bits.length > 256 ? 5 : bits.length > 32 ? 4 : 1

  // odd[i] = base^(2i+1)
  const odd: bigint[] = [base]
  const square = (base * base) % modulus
  for (let i = 1; i < 1 << (window - 1); i++) odd.push((odd[i - 1] * square) % modulus)

  let result = 1n
  let i = 0
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % modulus
      i++
      continue
    }
    // The longest window starting here that ends in a 1 bit.
    let end = Math.min(i + window, bits.length)
    while (bits[end - 1] === '0') end--
    for (let j = i; j < end; j++) result = (result * result) % modulus
    result = (result * odd[(parseInt(bits.slice(i, end), 2) - 1) >> 1]) % modulus
    i = end
  }
  return result
}

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a
  if (b < 0n) b = -b
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

/** A uniformly random bigint in [0, bound), by rejection sampling over whole bytes. */
export function randomBigIntBelow(bound: bigint, random: (size: number) => Uint8Array = randomBytes): bigint {
  if (bound <= 0n) throw new RangeError('bound must be positive')
  const bits = bitLength(bound - 1n)
  const size = Math.ceil(bits / 8)
  const excess = BigInt(size * 8 - bits)
  for (;;) {
    const candidate = bytesToBigInt(random(size)) >> excess
    if (candidate < bound) return candidate
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
