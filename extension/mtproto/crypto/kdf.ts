/**
 * Key derivation of MTProto 2.0: msg_key and the per-message AES key and IV derived from the auth
 * key, the auth key id, and the two derivations used inside the key exchange (the temporary AES
 * key from the nonces, and new_nonce_hash). Message framing itself belongs to the session layer.
 */
import { sha1, sha256 } from './hash'

/**
 * Which way a message travels. MTProto offsets its auth key slices by x = 0 for messages from the
 * client and x = 8 for messages from the server.
 */
export type Direction = 'client-to-server' | 'server-to-client'

export interface AesKeyIv {
  key: Uint8Array
  iv: Uint8Array
}

const AUTH_KEY_LENGTH = 256

function offsetOf(direction: Direction): number {
  return direction === 'client-to-server' ? 0 : 8
}

function checkAuthKey(authKey: Uint8Array): void {
  if (authKey.length !== AUTH_KEY_LENGTH) throw new RangeError(`an auth key is 256 bytes, got ${authKey.length}`)
}

/**
 * msg_key = the middle 128 bits of SHA256(substr(auth_key, 88 + x, 32) + plaintext), where the
 * plaintext includes its random padding.
 */
export function messageKey(authKey: Uint8Array, plaintext: Uint8Array, direction: Direction): Uint8Array {
  checkAuthKey(authKey)
  const x = offsetOf(direction)
  return sha256(authKey.subarray(88 + x, 120 + x), plaintext).subarray(8, 24)
}

/**
 * The AES-256-IGE key and IV of one message:
 *   a = SHA256(msg_key + substr(auth_key, x, 36)),  b = SHA256(substr(auth_key, 40 + x, 36) + msg_key)
 *   key = a[0..8) + b[8..24) + a[24..32),           iv = b[0..8) + a[8..24) + b[24..32)
 */
export function messageAesKeyIv(authKey: Uint8Array, msgKey: Uint8Array, direction: Direction): AesKeyIv {
  checkAuthKey(authKey)
  if (msgKey.length !== 16) throw new RangeError(`msg_key is 16 bytes, got ${msgKey.length}`)
  const x = offsetOf(direction)
  const a = sha256(msgKey, authKey.subarray(x, 36 + x))
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey)
  const key = new Uint8Array(32)
  key.set(a.subarray(0, 8), 0)
  key.set(b.subarray(8, 24), 8)
  key.set(a.subarray(24, 32), 24)
  const iv = new Uint8Array(32)
  iv.set(b.subarray(0, 8), 0)
  iv.set(a.subarray(8, 24), 8)
  iv.set(b.subarray(24, 32), 24)
  return { key, iv }
}

/** auth_key_id: the lower 64 bits of SHA1(auth_key), i.e. its last 8 bytes, as they go on the wire. */
export function authKeyId(authKey: Uint8Array): Uint8Array {
  checkAuthKey(authKey)
  return sha1(authKey).subarray(12, 20)
}

/**
 * The temporary AES-256-IGE key and IV that protect server_DH_inner_data and client_DH_inner_data:
 *   key = SHA1(new_nonce + server_nonce) + SHA1(server_nonce + new_nonce)[0..12)
 *   iv  = SHA1(server_nonce + new_nonce)[12..20) + SHA1(new_nonce + new_nonce) + new_nonce[0..4)
 */
export function handshakeAesKeyIv(serverNonce: Uint8Array, newNonce: Uint8Array): AesKeyIv {
  if (serverNonce.length !== 16) throw new RangeError(`server_nonce is 16 bytes, got ${serverNonce.length}`)
  if (newNonce.length !== 32) throw new RangeError(`new_nonce is 32 bytes, got ${newNonce.length}`)
  const newServer = sha1(newNonce, serverNonce)
  const serverNew = sha1(serverNonce, newNonce)
  const newNew = sha1(newNonce, newNonce)
  const key = new Uint8Array(32)
  key.set(newServer, 0)
  key.set(serverNew.subarray(0, 12), 20)
  const iv = new Uint8Array(32)
  iv.set(serverNew.subarray(12, 20), 0)
  iv.set(newNew, 8)
  iv.set(newNonce.subarray(0, 4), 28)
  return { key, iv }
}

/**
 * new_nonce_hash1/2/3 of dh_gen_ok/retry/fail: the lower 128 bits of
 * SHA1(new_nonce + byte(n) + auth_key_aux_hash), where auth_key_aux_hash is the first 64 bits of
 * SHA1(auth_key).
 */
export function newNonceHash(newNonce: Uint8Array, authKey: Uint8Array, n: 1 | 2 | 3): Uint8Array {
  checkAuthKey(authKey)
  if (newNonce.length !== 32) throw new RangeError(`new_nonce is 32 bytes, got ${newNonce.length}`)
  const auxHash = sha1(authKey).subarray(0, 8)
  return sha1(newNonce, Uint8Array.of(n), auxHash).subarray(4, 20)
}
