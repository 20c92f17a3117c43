// Recovers p_q_inner_data from req_DH_params.encrypted_data. Clients use one of two RSA encodings, and the
// server tells them apart by which one verifies:
// - RSA_PAD (current): key_aes_encrypted = temp_key_xor(32) + AES-IGE(temp_key, iv 0)(reversed data + SHA256);
// - the older one: SHA1(data) + data + random padding, 255 bytes in all.
import { rsaLegacyDecrypt, rsaPadDecrypt } from '../../../extension/mtproto/crypto'
import type { ServerKeys } from '../keys'
import type { KeyExchangeVariant } from '../session/auth-keys'
import { decodeObjectPrefix, type TlObject } from '../tl'

export function decryptInnerData(
  encrypted: Uint8Array,
  keys: ServerKeys,
): { scheme: KeyExchangeVariant['rsa']; inner: TlObject } | undefined {
  if (encrypted.length !== 256) return undefined
  // RSA_PAD's data is followed by random padding; the older format's data is exactly the hashed bytes.
  const padded = rsaPadDecrypt(encrypted, keys.rsaPrivateKey)
  const fromPad = padded && tryDecode(padded)
  if (fromPad) return { scheme: 'rsa-pad', inner: fromPad.object }
  const legacy = rsaLegacyDecrypt(encrypted, keys.rsaPrivateKey)
  const fromLegacy = legacy && tryDecode(legacy)
  if (fromLegacy && fromLegacy.length === legacy.length) return { scheme: 'sha1-padded', inner: fromLegacy.object }
  return undefined
}

function tryDecode(bytes: Uint8Array): { object: TlObject; length: number } | undefined {
  try {
    return decodeObjectPrefix(bytes)
  } catch {
    return undefined
  }
}
