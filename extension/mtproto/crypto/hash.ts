/**
 * SHA-1 and SHA-256 over several chunks, hashed one after another so that callers never build the
 * concatenations MTProto's formulas are written with (msg_key, the KDF, auth_key_id, nonces).
 */
import { createHash } from 'node:crypto'

export function sha1(...chunks: Uint8Array[]): Uint8Array {
  return digest('sha1', chunks)
}

export function sha256(...chunks: Uint8Array[]): Uint8Array {
  return digest('sha256', chunks)
}

function digest(algorithm: 'sha1' | 'sha256', chunks: Uint8Array[]): Uint8Array {
  const hash = createHash(algorithm)
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest()
}
