// The fingerprint clients pick a server RSA key by (the low 64 bits of SHA1 over TL-serialized n and e).
export { rsaFingerprint } from '../../../extension/mtproto/crypto'
