// The fingerprint clients pick a server RSA key by: the low 64 bits of SHA1 over the key's modulus and exponent,
// each serialized as TL `bytes` (big-endian, no leading zeros).
import { bigIntToBytes, sha1 } from '../crypto'
import { TlWriter } from '../tl'

export function rsaFingerprint(modulus: bigint, exponent: bigint): bigint {
  const writer = new TlWriter()
  writer.bytes(bigIntToBytes(modulus))
  writer.bytes(bigIntToBytes(exponent))
  return Buffer.from(sha1(writer.finish()).subarray(12, 20)).readBigInt64LE()
}
