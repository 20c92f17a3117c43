/**
 * MTProto 2.0 encrypted messages: the byte layout inside the encryption and the checks made
 * while opening one.
 *
 *   outer:  auth_key_id (8) | msg_key (16) | AES-256-IGE(inner)
 *   inner:  salt (8) | session_id (8) | msg_id (8) | seq_no (4) | length (4) | body | padding
 *
 * The padding is 12..1024 random bytes making the inner length a multiple of 16. The client
 * derives keys with x = 0 when sending and x = 8 when receiving.
 */
import { randomBytes } from 'node:crypto'
import { RejectedMessageError } from '../errors/protocol-errors'
import { AuthKey } from '../auth/auth-key'

const HEADER_LENGTH = 32
const OUTER_HEADER_LENGTH = 24
const MIN_PADDING = 12
const MAX_PADDING = 1024

export interface PlainEnvelope {
  salt: bigint
  sessionId: bigint
  msgId: bigint
  seqNo: number
  body: Uint8Array
}

/** Encrypts one message (or container) for the server. */
export function sealMessage(authKey: AuthKey, envelope: PlainEnvelope): Uint8Array {
  const { body } = envelope
  const unpadded = HEADER_LENGTH + body.length
  // Minimal padding reaching a multiple of 16, plus 0..3 random extra blocks to vary the length.
  let padding = (16 - ((unpadded + MIN_PADDING) % 16)) % 16 + MIN_PADDING
  padding += 16 * (randomBytes(1)[0] & 3)
  const inner = new Uint8Array(unpadded + padding)
  const view = new DataView(inner.buffer)
  view.setBigUint64(0, BigInt.asUintN(64, envelope.salt), true)
  view.setBigUint64(8, BigInt.asUintN(64, envelope.sessionId), true)
  view.setBigUint64(16, envelope.msgId, true)
  view.setInt32(24, envelope.seqNo, true)
  view.setInt32(28, body.length, true)
  inner.set(body, HEADER_LENGTH)
  inner.set(randomBytes(padding), unpadded)

  // The ciphertext is written straight after the outer header: a file part is not copied once more.
  const packet = new Uint8Array(OUTER_HEADER_LENGTH + inner.length)
  const { msgKey } = authKey.encrypt(inner, packet.subarray(OUTER_HEADER_LENGTH))
  packet.set(authKey.id, 0)
  packet.set(msgKey, 8)
  return packet
}

/**
 * Decrypts a server message and checks what the cipher layer can: the auth_key_id, the msg_key
 * recomputed over the plaintext, the declared length and the padding size. Throws
 * `RejectedMessageError` naming the failed check.
 */
export function openMessage(authKey: AuthKey, packet: Uint8Array): PlainEnvelope {
  if (packet.length < OUTER_HEADER_LENGTH + HEADER_LENGTH) throw new RejectedMessageError('too-short', `${packet.length} bytes`)
  for (let i = 0; i < 8; i++) {
    if (packet[i] !== authKey.id[i]) throw new RejectedMessageError('auth-key-id')
  }
  const msgKey = packet.subarray(8, OUTER_HEADER_LENGTH)
  // The padded intermediate transport may append 0..15 bytes after the ciphertext: cut them off.
  const cipherLength = (packet.length - OUTER_HEADER_LENGTH) & ~15
  const inner = authKey.decrypt(msgKey, packet.subarray(OUTER_HEADER_LENGTH, OUTER_HEADER_LENGTH + cipherLength))
  if (inner === undefined) throw new RejectedMessageError('msg-key')

  const view = new DataView(inner.buffer, inner.byteOffset, inner.byteLength)
  const length = view.getInt32(28, true)
  const padding = inner.length - HEADER_LENGTH - length
  if (length < 0 || length % 4 !== 0 || padding < 0) throw new RejectedMessageError('length', `declared ${length}`)
  if (padding < MIN_PADDING || padding > MAX_PADDING) throw new RejectedMessageError('padding', `${padding} bytes`)
  return {
    salt: view.getBigInt64(0, true),
    sessionId: view.getBigInt64(8, true),
    msgId: view.getBigInt64(16, true),
    seqNo: view.getInt32(24, true),
    body: inner.subarray(HEADER_LENGTH, HEADER_LENGTH + length),
  }
}
