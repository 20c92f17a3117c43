/**
 * Unencrypted messages, used only by the key exchange:
 *   auth_key_id = 0 (8) | msg_id (8) | length (4) | body
 */
import { RejectedMessageError } from '../errors/protocol-errors'

const HEADER_LENGTH = 20

export function wrapPlainMessage(msgId: bigint, body: Uint8Array): Uint8Array {
  const packet = new Uint8Array(HEADER_LENGTH + body.length)
  const view = new DataView(packet.buffer)
  view.setBigUint64(8, msgId, true)
  view.setInt32(16, body.length, true)
  packet.set(body, HEADER_LENGTH)
  return packet
}

/** Returns the body of a server's plain message, refusing anything not shaped like one. */
export function unwrapPlainMessage(packet: Uint8Array): { msgId: bigint; body: Uint8Array } {
  if (packet.length < HEADER_LENGTH) throw new RejectedMessageError('too-short', `${packet.length} bytes`)
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength)
  if (view.getBigUint64(0, true) !== 0n) throw new RejectedMessageError('auth-key-id', 'expected an unencrypted message')
  const msgId = view.getBigUint64(8, true)
  if ((msgId & 1n) !== 1n) throw new RejectedMessageError('msg-id-parity')
  const length = view.getInt32(16, true)
  if (length < 0 || length > packet.length - HEADER_LENGTH) throw new RejectedMessageError('length', `declared ${length}`)
  return { msgId, body: packet.subarray(HEADER_LENGTH, HEADER_LENGTH + length) }
}
