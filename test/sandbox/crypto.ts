// The crypto primitives the sandbox uses, from the client's pure crypto module (extension/mtproto/crypto):
// shared math with no protocol state, adapted here to the few shapes the server side wants.
import * as primitives from '../../extension/mtproto/crypto'

export { bigIntToBytes, bytesToBigInt, igeDecrypt, igeEncrypt, isSafeDhValue, modPow, sha1, sha256 } from '../../extension/mtproto/crypto'

/** MTProto 2.0 KDF parameter x: 0 for client-to-server messages, 8 for the server's answers. */
export type KdfX = 0 | 8

const direction = (x: KdfX): primitives.Direction => (x === 0 ? 'client-to-server' : 'server-to-client')

export function messageKey(authKey: Uint8Array, plaintext: Uint8Array, x: KdfX): Uint8Array {
  return primitives.messageKey(authKey, plaintext, direction(x))
}

export function messageKeyIv(authKey: Uint8Array, msgKey: Uint8Array, x: KdfX): primitives.AesKeyIv {
  return primitives.messageAesKeyIv(authKey, msgKey, direction(x))
}

/** auth_key_id as the little-endian long the sandbox keys its maps by. */
export function authKeyId(authKey: Uint8Array): bigint {
  return Buffer.from(primitives.authKeyId(authKey)).readBigInt64LE()
}

export function concatBytes(...chunks: Uint8Array[]): Uint8Array {
  return Buffer.concat(chunks)
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)
}
