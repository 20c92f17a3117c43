/**
 * AES-256-CTR as a stateful stream, for the obfuscated transports: each direction keeps one
 * counter running over the whole connection, so a cipher is created once and fed every chunk.
 */
import { createCipheriv } from 'node:crypto'

export interface AesCtr {
  /** Encrypts or decrypts (the same operation) the next bytes of the stream; returns a new buffer. */
  update(data: Uint8Array): Uint8Array
}

export function createCtr(key: Uint8Array, iv: Uint8Array): AesCtr {
  if (key.length !== 32) throw new RangeError(`AES-256-CTR needs a 32-byte key, got ${key.length}`)
  if (iv.length !== 16) throw new RangeError(`AES-256-CTR needs a 16-byte IV, got ${iv.length}`)
  const cipher = createCipheriv('aes-256-ctr', key, iv)
  return { update: (data) => cipher.update(data) }
}
