// Keys derived from the handshake nonces (MTProto "Creating an Authorization Key", steps 5 and 8).
import { concatBytes, sha1 } from '../crypto'

/** The AES-256-IGE key and iv that protect server_DH_inner_data and client_DH_inner_data. */
export function tmpAesKeyIv(newNonce: Uint8Array, serverNonce: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const newServer = sha1(newNonce, serverNonce)
  const serverNew = sha1(serverNonce, newNonce)
  const newNew = sha1(newNonce, newNonce)
  return {
    key: concatBytes(newServer, serverNew.subarray(0, 12)),
    iv: concatBytes(serverNew.subarray(12, 20), newNew, newNonce.subarray(0, 4)),
  }
}

/** new_nonce_hash1/2/3: the low 128 bits of SHA1(new_nonce + [n] + auth_key_aux_hash). */
export function newNonceHash(newNonce: Uint8Array, which: 1 | 2 | 3, authKeyAuxHash: Uint8Array): Uint8Array {
  return sha1(newNonce, Uint8Array.of(which), authKeyAuxHash).subarray(4, 20)
}

/** The first server salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), read as a little-endian long. */
export function initialServerSalt(newNonce: Uint8Array, serverNonce: Uint8Array): bigint {
  const salt = new Uint8Array(8)
  for (let i = 0; i < 8; i++) salt[i] = newNonce[i]! ^ serverNonce[i]!
  return Buffer.from(salt.buffer, salt.byteOffset, 8).readBigInt64LE()
}
