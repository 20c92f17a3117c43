/**
 * RSA as the MTProto key exchange uses it: raw (unpadded) RSA over 256-byte blocks, with MTProto's
 * own paddings. The client side encrypts p_q_inner_data with RSA_PAD or with the older
 * SHA1-prefixed format; the server side (the sandbox) decrypts and undoes either one. Both sides
 * are pure functions over their inputs; no handshake state lives here.
 */
import { constants, createPublicKey, privateDecrypt, randomBytes, type KeyObject } from 'node:crypto'
import { igeDecrypt, igeEncrypt } from './aes-ige'
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint'
import { sha1, sha256 } from './hash'

export interface RsaPublicKey {
  n: bigint
  e: bigint
  /**
   * The lower 64 bits of SHA1(n as TL bytes + e as TL bytes), as a signed 64-bit integer: the
   * value of `public_key_fingerprint` (a TL `long`) that names this key in res_pq.
   */
  fingerprint: bigint
}

type RandomBytes = (size: number) => Uint8Array

const BLOCK = 256
/** p_q_inner_data may take at most this much of RSA_PAD's 192-byte data_with_padding. */
const RSA_PAD_MAX_DATA = 144
const RSA_PAD_DATA = 192
/** The older format fills 255 bytes: SHA1 (20) + data + random padding. */
const LEGACY_PLAINTEXT = 255
const LEGACY_MAX_DATA = LEGACY_PLAINTEXT - 20

/** Reads a public key in PEM form, PKCS#1 ("RSA PUBLIC KEY", as Telegram publishes them) or SPKI ("PUBLIC KEY"). */
export function parseRsaPublicKey(pem: string): RsaPublicKey {
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  if (jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined) throw new Error('not an RSA public key')
  return rsaPublicKey(bytesToBigInt(Buffer.from(jwk.n, 'base64url')), bytesToBigInt(Buffer.from(jwk.e, 'base64url')))
}

export function rsaPublicKey(n: bigint, e: bigint): RsaPublicKey {
  return { n, e, fingerprint: rsaFingerprint(n, e) }
}

export function rsaFingerprint(n: bigint, e: bigint): bigint {
  const digest = sha1(tlBytes(bigIntToBytes(n)), tlBytes(bigIntToBytes(e)))
  const low64 = new DataView(digest.buffer, digest.byteOffset + 12, 8).getBigUint64(0, true)
  return BigInt.asIntN(64, low64)
}

/** TL `bytes`: a 1-byte length (or 0xfe and a 3-byte length), the data, zero padding to 4 bytes. */
function tlBytes(data: Uint8Array): Uint8Array {
  const header = data.length < 254 ? 1 : 4
  const out = new Uint8Array(Math.ceil((header + data.length) / 4) * 4)
  if (header === 1) out[0] = data.length
  else out.set([0xfe, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff])
  out.set(data, header)
  return out
}

/** Raw RSA: block^e mod n, as 256 big-endian bytes. */
function rsaPublicOperation(block: Uint8Array, key: RsaPublicKey): Uint8Array {
  return bigIntToBytes(modPow(bytesToBigInt(block), key.e, key.n), BLOCK)
}

/**
 * RSA_PAD, the encryption of p_q_inner_data that current servers expect:
 *   data_with_padding = data + random bytes, 192 in all
 *   data_with_hash    = reversed(data_with_padding) + SHA256(temp_key + data_with_padding)
 *   aes_encrypted     = AES256_IGE(data_with_hash, temp_key, zero IV)
 *   key_aes_encrypted = (temp_key xor SHA256(aes_encrypted)) + aes_encrypted
 * then raw RSA of key_aes_encrypted, with a fresh temp_key while that number is not below n.
 */
export function rsaPadEncrypt(data: Uint8Array, key: RsaPublicKey, random: RandomBytes = randomBytes): Uint8Array {
  if (data.length > RSA_PAD_MAX_DATA) throw new RangeError(`RSA_PAD takes at most ${RSA_PAD_MAX_DATA} bytes, got ${data.length}`)
  const dataWithPadding = new Uint8Array(RSA_PAD_DATA)
  dataWithPadding.set(data)
  dataWithPadding.set(random(RSA_PAD_DATA - data.length), data.length)
  const dataWithHash = new Uint8Array(RSA_PAD_DATA + 32)
  dataWithHash.set(dataWithPadding.slice().reverse())

  for (;;) {
    const tempKey = random(32)
    dataWithHash.set(sha256(tempKey, dataWithPadding), RSA_PAD_DATA)
    const aesEncrypted = igeEncrypt(dataWithHash, tempKey, new Uint8Array(32))
    const keyAesEncrypted = new Uint8Array(BLOCK)
    keyAesEncrypted.set(xorBytes(tempKey, sha256(aesEncrypted)))
    keyAesEncrypted.set(aesEncrypted, 32)
    if (bytesToBigInt(keyAesEncrypted) < key.n) return rsaPublicOperation(keyAesEncrypted, key)
  }
}

/**
 * The older format, still accepted by servers: raw RSA of SHA1(data) + data + random padding
 * to 255 bytes.
 */
export function rsaLegacyEncrypt(data: Uint8Array, key: RsaPublicKey, random: RandomBytes = randomBytes): Uint8Array {
  if (data.length > LEGACY_MAX_DATA) throw new RangeError(`the old RSA format takes at most ${LEGACY_MAX_DATA} bytes, got ${data.length}`)
  const plaintext = new Uint8Array(LEGACY_PLAINTEXT)
  plaintext.set(sha1(data))
  plaintext.set(data, 20)
  plaintext.set(random(LEGACY_MAX_DATA - data.length), 20 + data.length)
  return rsaPublicOperation(plaintext, key)
}

/** Raw RSA decryption with the server's private key; undefined when the block is malformed. */
function rsaPrivateOperation(encrypted: Uint8Array, privateKey: KeyObject): Uint8Array | undefined {
  if (encrypted.length !== BLOCK) return undefined
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, encrypted)
  } catch {
    // OpenSSL rejects a block that is not below the modulus.
    return undefined
  }
}

/**
 * Server side of RSA_PAD: returns data_with_padding (p_q_inner_data followed by its random
 * padding, 192 bytes; the caller reads the TL object from the front), or undefined when the block
 * does not decrypt to a consistent RSA_PAD structure.
 */
export function rsaPadDecrypt(encrypted: Uint8Array, privateKey: KeyObject): Uint8Array | undefined {
  const keyAesEncrypted = rsaPrivateOperation(encrypted, privateKey)
  if (keyAesEncrypted === undefined) return undefined
  const aesEncrypted = keyAesEncrypted.subarray(32)
  const tempKey = xorBytes(keyAesEncrypted.subarray(0, 32), sha256(aesEncrypted))
  const dataWithHash = igeDecrypt(aesEncrypted, tempKey, new Uint8Array(32))
  const dataWithPadding = dataWithHash.slice(0, RSA_PAD_DATA).reverse()
  const hash = sha256(tempKey, dataWithPadding)
  return equalBytes(hash, dataWithHash.subarray(RSA_PAD_DATA)) ? dataWithPadding : undefined
}

/**
 * Server side of the older format: returns the data whose SHA1 prefixes it, or undefined. The data
 * length is not transmitted, so every length is tried; a 160-bit hash cannot match by accident.
 */
export function rsaLegacyDecrypt(encrypted: Uint8Array, privateKey: KeyObject): Uint8Array | undefined {
  const block = rsaPrivateOperation(encrypted, privateKey)
  if (block === undefined || block[0] !== 0) return undefined
  const hash = block.subarray(1, 21)
  const rest = block.subarray(21)
  for (let length = 1; length <= rest.length; length++) {
    const data = rest.subarray(0, length)
    if (equalBytes(sha1(data), hash)) return Uint8Array.from(data)
  }
  return undefined
}

function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i]
  return out
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}
