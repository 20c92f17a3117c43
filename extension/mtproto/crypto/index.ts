/**
 * The crypto primitives of MTProto 2.0, shared by the client (extension/mtproto) and the sandbox
 * server (test/sandbox). Pure functions and small stateful ciphers: no I/O and no protocol state.
 */
export { createIge, igeDecrypt, igeEncrypt, type AesIge } from './aes-ige'
export { createCtr, type AesCtr } from './ctr'
export { sha1, sha256 } from './hash'
export { bigIntToBytes, bitLength, bytesToBigInt, gcd, modPow, randomBigIntBelow } from './bigint'
export { checkDhParams, isProbablePrime, isSafeDhValue, isSafePrime, isValidDhGenerator, TELEGRAM_DH_PRIME } from './dh'
export { factorizePq } from './factorize'
export {
  authKeyId,
  handshakeAesKeyIv,
  messageAesKeyIv,
  messageKey,
  newNonceHash,
  type AesKeyIv,
  type Direction,
} from './kdf'
export {
  parseRsaPublicKey,
  rsaFingerprint,
  rsaLegacyDecrypt,
  rsaLegacyEncrypt,
  rsaPadDecrypt,
  rsaPadEncrypt,
  rsaPublicKey,
  type RsaPublicKey,
} from './rsa'
export {
  srpClientProof,
  srpPasswordHash,
  srpServerChallenge,
  srpVerifier,
  type SrpAlgorithm,
  type SrpClientProof,
  type SrpServerChallenge,
} from './srp'
