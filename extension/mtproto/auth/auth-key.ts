/**
 * A 2048-bit auth key and what is derived from it: its 64-bit id and the MTProto 2.0 message
 * cipher (x = 0 for client-to-server messages, x = 8 for server-to-client).
 */
import { igeDecrypt, igeEncrypt } from '../crypto/aes-ige'
import { authKeyId, messageAesKeyIv, messageKey } from '../crypto/kdf'

export class AuthKey {
  /** The low 64 bits of SHA-1(key), as sent in front of every encrypted message. */
  readonly id: Uint8Array

  constructor(readonly key: Uint8Array) {
    if (key.length !== 256) throw new RangeError(`an auth key is 256 bytes, got ${key.length}`)
    this.id = authKeyId(key)
  }

  /** The id as the signed 64-bit integer the TL layer uses. */
  get idAsLong(): bigint {
    return new DataView(this.id.buffer, this.id.byteOffset, 8).getBigInt64(0, true)
  }

  /** With `output` (as long as the plaintext), the ciphertext is written there instead of a new buffer. */
  encrypt(plaintext: Uint8Array, output?: Uint8Array): { msgKey: Uint8Array; encrypted: Uint8Array } {
    const msgKey = messageKey(this.key, plaintext, 'client-to-server')
    const { key, iv } = messageAesKeyIv(this.key, msgKey, 'client-to-server')
    return { msgKey, encrypted: igeEncrypt(plaintext, key, iv, output) }
  }

  /** Decrypts a server message; undefined when the msg_key recomputed over the plaintext differs. */
  decrypt(msgKey: Uint8Array, encrypted: Uint8Array): Uint8Array | undefined {
    const { key, iv } = messageAesKeyIv(this.key, msgKey, 'server-to-client')
    const plaintext = igeDecrypt(encrypted, key, iv)
    const expected = messageKey(this.key, plaintext, 'server-to-client')
    let diff = 0
    for (let i = 0; i < 16; i++) diff |= expected[i] ^ msgKey[i]
    return diff === 0 ? plaintext : undefined
  }
}
