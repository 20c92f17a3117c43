/**
 * AES-256 in IGE mode, as MTProto uses it: a 32-byte key and a 32-byte IV whose first half stands
 * for the ciphertext block before the first one and whose second half for the plaintext block
 * before the first one.
 *
 *   C[i] = E(P[i] ^ C[i-1]) ^ P[i-1]        C[-1] = iv[0..16), P[-1] = iv[16..32)
 *   P[i] = D(C[i] ^ P[i-1]) ^ C[i-1]
 *
 * Encryption runs on Node's native AES-256-CBC. Let Y[i] = E(P[i] ^ C[i-1]), so C[i] = Y[i] ^ P[i-1].
 * Substituting C[i-1] = Y[i-1] ^ P[i-2] gives Y[i] = E((P[i] ^ P[i-2]) ^ Y[i-1]) for i >= 1, and
 * Y[0] = E(P[0] ^ C[-1]): exactly CBC with IV C[-1] over X[0] = P[0], X[i] = P[i] ^ P[i-2] (P[-1]
 * being the IV's second half). One XOR pass before and one after the native call make it IGE.
 *
 * Decryption has no such rewrite (each cipher input needs the previous plaintext), so it runs block
 * by block in a WebAssembly kernel. That kernel and the SIMD XOR passes live in ige-wasm.ts.
 */
import { createCipheriv } from 'node:crypto'
import { expandDecryptionKey } from './aes-inverse'
import { decryptIge, encryptIgeAroundCbc } from './ige-wasm'

const BLOCK = 16

export interface AesIge {
  /** Encrypts whole blocks; the input length must be a multiple of 16. Returns a new buffer. */
  encrypt(plaintext: Uint8Array): Uint8Array
  /** Decrypts whole blocks; the input length must be a multiple of 16. Returns a new buffer. */
  decrypt(ciphertext: Uint8Array): Uint8Array
}

/** An IGE cipher bound to one key and IV; the decryption key schedule is computed once, when first needed. */
export function createIge(key: Uint8Array, iv: Uint8Array): AesIge {
  checkKeyAndIv(key, iv)
  let schedule: Uint32Array | undefined
  return {
    encrypt: (plaintext) => encryptChecked(plaintext, key, iv),
    decrypt: (ciphertext) => {
      checkBlocks(ciphertext)
      schedule ??= expandDecryptionKey(key)
      return decryptIge(schedule, iv, ciphertext)
    },
  }
}

/** Encrypts into `output` (as long as the plaintext) when given, so a caller can place it inside a larger packet. */
export function igeEncrypt(plaintext: Uint8Array, key: Uint8Array, iv: Uint8Array, output?: Uint8Array): Uint8Array {
  checkKeyAndIv(key, iv)
  return encryptChecked(plaintext, key, iv, output)
}

export function igeDecrypt(ciphertext: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  checkKeyAndIv(key, iv)
  checkBlocks(ciphertext)
  return decryptIge(decryptionSchedule(key), iv, ciphertext)
}

function encryptChecked(plaintext: Uint8Array, key: Uint8Array, iv: Uint8Array, output?: Uint8Array): Uint8Array {
  checkBlocks(plaintext)
  if (output !== undefined && output.length !== plaintext.length) {
    throw new RangeError(`the output holds ${output.length} bytes for ${plaintext.length} bytes of plaintext`)
  }
  if (plaintext.length === 0) return output ?? new Uint8Array(0)
  const cbc = createCipheriv('aes-256-cbc', key, iv.subarray(0, BLOCK)).setAutoPadding(false)
  return encryptIgeAroundCbc((x) => cbc.update(x), iv, plaintext, output)
}

/** The last key's schedule, kept because callers often decrypt several buffers with one key. */
let cachedKey: Uint8Array | undefined
let cachedSchedule: Uint32Array | undefined

function decryptionSchedule(key: Uint8Array): Uint32Array {
  if (cachedKey === undefined || cachedSchedule === undefined || !sameBytes(cachedKey, key)) {
    cachedSchedule = expandDecryptionKey(key)
    cachedKey = Uint8Array.from(key)
  }
  return cachedSchedule
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function checkKeyAndIv(key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== 32) throw new RangeError(`AES-256-IGE needs a 32-byte key, got ${key.length}`)
  if (iv.length !== 32) throw new RangeError(`AES-256-IGE needs a 32-byte IV, got ${iv.length}`)
}

function checkBlocks(data: Uint8Array): void {
  if (data.length % BLOCK !== 0) {
    throw new RangeError(`AES-IGE works on whole 16-byte blocks, got ${data.length} bytes`)
  }
}
