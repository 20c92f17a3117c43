// Forged server messages for the misbehaving mode: a poisoned answer to a query and a poisoned update, each
// encrypted well except for the one rule the misbehavior breaks. A client that let either through would fail the
// query with POISONED_BY_MISBEHAVING_SANDBOX or hand updatesTooLong to the application.
import { randomBytes } from 'node:crypto'
import type { EnvelopeMisbehavior } from '../control/misbehavior'
import { encodeObject } from '../tl'
import type { AuthKeyRecord } from './auth-keys'
import { encryptServerMessage } from './envelope'
import type { ServerSession } from './server-session'

/** The error message of the poisoned answer, for tests to look for. */
export const POISONED_ERROR_MESSAGE = 'POISONED_BY_MISBEHAVING_SANDBOX'

/** How far the past and future msg_ids are from now: well beyond the 300 s / 30 s windows clients allow. */
const FAR_SECONDS = 3600

export interface ForgeryTarget {
  readonly authKey: AuthKeyRecord
  readonly session: ServerSession
  readonly salt: bigint
  /** The query whose answer is poisoned. */
  readonly reqMsgId: bigint
  readonly nowSeconds: number
}

/** The packets to send before the genuine answer: a poisoned rpc_result, then a poisoned update. */
export function forgeMisbehavingMessages(kind: EnvelopeMisbehavior, target: ForgeryTarget): Uint8Array[] {
  const poisonedAnswer = encodeObject({
    _: 'rpc_result',
    req_msg_id: target.reqMsgId,
    result: { _: 'rpc_error', error_code: 400, error_message: POISONED_ERROR_MESSAGE },
  })
  const poisonedUpdate = encodeObject({ _: 'updatesTooLong' })
  return [
    forge(kind, target, poisonedAnswer, 'response'),
    forge(kind, target, poisonedUpdate, 'unsolicited'),
  ]
}

function forge(kind: EnvelopeMisbehavior, target: ForgeryTarget, body: Uint8Array, role: 'response' | 'unsolicited'): Uint8Array {
  const { authKey, session } = target
  const keyId = Buffer.alloc(8)
  keyId.writeBigInt64LE(authKey.id)
  const packet = encryptServerMessage(authKey.key, keyId, {
    salt: target.salt,
    sessionId: kind === 'wrong-session-id' ? session.id ^ 1n : session.id,
    msgId: forgedMsgId(kind, target, role),
    seqNo: session.nextSeqNo(true),
    body,
  })
  // msg_key sits right after auth_key_id; a flipped bit there leaves the ciphertext intact but unverifiable.
  if (kind === 'wrong-msg-key') packet[8]! ^= 1
  return packet
}

function forgedMsgId(kind: EnvelopeMisbehavior, target: ForgeryTarget, role: 'response' | 'unsolicited'): bigint {
  const parity = role === 'response' ? 1n : 3n
  const at = (seconds: number) => (BigInt(seconds) << 32n) | (BigInt(randomBytes(4).readUInt32LE()) & ~3n) | parity
  switch (kind) {
    case 'replayed-msg-id':
      // The id of a message this session already delivered; a fresh one only if it never sent anything.
      return target.session.lastSentMsgId ?? target.session.msgIds.next(role)
    case 'msg-id-far-past':
      return at(target.nowSeconds - FAR_SECONDS)
    case 'msg-id-far-future':
      return at(target.nowSeconds + FAR_SECONDS)
    default:
      return target.session.msgIds.next(role)
  }
}
