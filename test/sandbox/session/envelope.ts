// The MTProto 2.0 encrypted envelope, server side: auth_key_id + msg_key + AES-256-IGE(salt, session_id, msg_id,
// seq_no, length, body, padding). Client-to-server messages use the KDF with x = 0, answers with x = 8.
import { randomBytes } from 'node:crypto'
import { bytesEqual, concatBytes, igeDecrypt, igeEncrypt, messageKey, messageKeyIv } from '../crypto'

/** The plaintext header is salt, session_id, msg_id (8 each), seq_no and length (4 each). */
const HEADER_LENGTH = 32
/** MTProto 2.0 requires 12 to 1024 bytes of random padding. */
const MIN_PADDING = 12
const MAX_PADDING = 1024

export interface PlainMessage {
  readonly salt: bigint
  readonly sessionId: bigint
  readonly msgId: bigint
  readonly seqNo: number
  readonly body: Uint8Array
}

/** Why an encrypted packet was dropped. None of these reach the client: Telegram drops such packets silently. */
export type EnvelopeFault = 'too-short' | 'msg-key-mismatch' | 'bad-length' | 'bad-padding'

/** Reads auth_key_id from an encrypted packet (the first 8 bytes; 0 means an unencrypted message). */
export function readAuthKeyId(packet: Uint8Array): bigint {
  return Buffer.from(packet.buffer, packet.byteOffset, 8).readBigInt64LE()
}

export function decryptClientMessage(authKey: Uint8Array, packet: Uint8Array): PlainMessage | EnvelopeFault {
  if (packet.length < 24 + HEADER_LENGTH + MIN_PADDING) return 'too-short'
  const msgKey = packet.subarray(8, 24)
  // The padded intermediate transport appends 0-15 random bytes the framing cannot tell apart from data; they
  // are whatever follows the last whole AES block.
  const encrypted = packet.subarray(24, 24 + Math.floor((packet.length - 24) / 16) * 16)
  const { key, iv } = messageKeyIv(authKey, msgKey, 0)
  const plain = igeDecrypt(encrypted, key, iv)
  // The key check comes first: nothing in the plaintext is trusted before it.
  if (!bytesEqual(messageKey(authKey, plain, 0), msgKey)) return 'msg-key-mismatch'
  const view = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength)
  const length = view.readUInt32LE(28)
  if (length % 4 !== 0 || length > plain.length - HEADER_LENGTH) return 'bad-length'
  const padding = plain.length - HEADER_LENGTH - length
  if (padding < MIN_PADDING || padding > MAX_PADDING) return 'bad-padding'
  return {
    salt: view.readBigInt64LE(0),
    sessionId: view.readBigInt64LE(8),
    msgId: view.readBigInt64LE(16),
    seqNo: view.readInt32LE(24),
    body: plain.subarray(HEADER_LENGTH, HEADER_LENGTH + length),
  }
}

export function encryptServerMessage(authKey: Uint8Array, authKeyId: Uint8Array, message: PlainMessage): Uint8Array {
  const header = Buffer.alloc(HEADER_LENGTH)
  header.writeBigInt64LE(message.salt, 0)
  header.writeBigInt64LE(message.sessionId, 8)
  header.writeBigInt64LE(message.msgId, 16)
  header.writeInt32LE(message.seqNo, 24)
  header.writeInt32LE(message.body.length, 28)
  const unpadded = HEADER_LENGTH + message.body.length
  // At least MIN_PADDING, up to a whole block more, chosen at random as the spec recommends.
  const padding = MIN_PADDING + ((16 - ((unpadded + MIN_PADDING) % 16)) % 16) + 16 * (randomBytes(1)[0]! % 4)
  const plain = concatBytes(header, message.body, randomBytes(padding))
  const msgKey = messageKey(authKey, plain, 8)
  const { key, iv } = messageKeyIv(authKey, msgKey, 8)
  return concatBytes(authKeyId, msgKey, igeEncrypt(plain, key, iv))
}
