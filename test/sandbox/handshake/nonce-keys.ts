// Keys derived from the handshake nonces (MTProto "Creating an Authorization Key", steps 5 and 8).
export { handshakeAesKeyIv as tmpAesKeyIv, newNonceHash } from '../../../extension/mtproto/crypto'

/** The first server salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8), read as a little-endian long. */
export function initialServerSalt(newNonce: Uint8Array, serverNonce: Uint8Array): bigint {
  const salt = Buffer.alloc(8)
  for (let i = 0; i < 8; i++) salt[i] = newNonce[i]! ^ serverNonce[i]!
  return salt.readBigInt64LE()
}
