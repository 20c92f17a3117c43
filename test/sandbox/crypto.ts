// The crypto primitives the sandbox uses, gathered in one place. They come from the client's pure crypto module
// (extension/mtproto/crypto), which is shared math and holds no protocol state.
import { createHash } from 'node:crypto'
export { igeDecrypt, igeEncrypt } from '../../extension/mtproto/crypto/aes-ige'

export function sha1(...chunks: Uint8Array[]): Uint8Array {
  const hash = createHash('sha1')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest()
}

export function sha256(...chunks: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest()
}

export function concatBytes(...chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks)
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')}`)
}

/** Big-endian, left-padded to `length` bytes when given. */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  const bytes = Buffer.from(hex, 'hex')
  return length === undefined || bytes.length >= length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes])
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  base %= modulus
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus
    base = (base * base) % modulus
    exponent >>= 1n
  }
  return result
}

/** auth_key_id: the low 64 bits of SHA1(auth_key), as a little-endian long. */
export function authKeyId(authKey: Uint8Array): bigint {
  return Buffer.from(sha1(authKey).subarray(12, 20)).readBigInt64LE()
}

/** MTProto 2.0 msg_key: the middle 128 bits of SHA256(substr(auth_key, 88+x, 32) + plaintext). */
export function messageKey(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  return sha256(authKey.subarray(88 + x, 120 + x), plaintext).subarray(8, 24)
}

/** MTProto 2.0 aes_key and aes_iv for a msg_key. */
export function messageKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36))
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey)
  return {
    key: concatBytes(a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)),
    iv: concatBytes(b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)),
  }
}
