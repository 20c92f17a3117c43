// Recovers p_q_inner_data from req_DH_params.encrypted_data. Clients use one of two RSA encodings, and the
// server tells them apart by which one verifies:
// - RSA_PAD (current): key_aes_encrypted = temp_key_xor(32) + AES-IGE(temp_key, iv 0)(reversed data + SHA256);
// - the older one: SHA1(data) + data + random padding, 255 bytes in all.
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes, igeDecrypt, modPow, sha1, sha256 } from '../crypto'
import type { ServerKeys } from '../keys'
import { decodeObjectPrefix, type TlObject } from '../tl'

export type RsaScheme = 'rsa-pad' | 'sha1-padded'

export function decryptInnerData(
  encrypted: Uint8Array,
  keys: ServerKeys,
): { scheme: RsaScheme; inner: TlObject } | undefined {
  const c = bytesToBigInt(encrypted)
  if (encrypted.length !== 256 || c >= keys.rsaModulus) return undefined
  const m = bigIntToBytes(modPow(c, keys.rsaPrivateExponent, keys.rsaModulus), 256)
  const padded = unwrapRsaPad(m)
  if (padded) {
    const inner = tryDecode(padded)
    if (inner) return { scheme: 'rsa-pad', inner: inner.object }
  }
  if (m[0] === 0) {
    const decoded = tryDecode(m.subarray(21))
    if (decoded && bytesEqual(sha1(m.subarray(21, 21 + decoded.length)), m.subarray(1, 21))) {
      return { scheme: 'sha1-padded', inner: decoded.object }
    }
  }
  return undefined
}

/** Undoes RSA_PAD, returning the 192-byte data_with_padding, or undefined when its SHA256 does not verify. */
function unwrapRsaPad(keyAesEncrypted: Uint8Array): Uint8Array | undefined {
  const aesEncrypted = keyAesEncrypted.subarray(32)
  const mask = sha256(aesEncrypted)
  const tempKey = keyAesEncrypted.slice(0, 32).map((byte, i) => byte ^ mask[i]!)
  const dataWithHash = igeDecrypt(aesEncrypted, tempKey, new Uint8Array(32))
  const dataWithPadding = dataWithHash.slice(0, 192).reverse()
  return bytesEqual(sha256(concatBytes(tempKey, dataWithPadding)), dataWithHash.subarray(192)) ? dataWithPadding : undefined
}

function tryDecode(bytes: Uint8Array): { object: TlObject; length: number } | undefined {
  try {
    return decodeObjectPrefix(bytes)
  } catch {
    return undefined
  }
}
