/**
 * Typed failures of the protocol layer. Each carries a machine-readable `reason` so callers and
 * tests branch on what went wrong rather than on message text.
 */

/** Why an auth key exchange was abandoned. Each value names the check that failed. */
export type KeyExchangeFailure =
  | 'nonce-mismatch'
  | 'server-nonce-mismatch'
  | 'no-matching-rsa-key'
  | 'pq-not-factorizable'
  | 'server-dh-params-fail'
  | 'new-nonce-hash-mismatch'
  | 'answer-hash-mismatch'
  | 'dh-prime-rejected'
  | 'g-out-of-range'
  | 'g_a-out-of-range'
  | 'g_b-out-of-range'
  | 'dh-gen-fail'
  | 'too-many-retries'
  | 'unexpected-answer'

export class KeyExchangeError extends Error {
  override readonly name = 'KeyExchangeError'
  constructor(
    readonly reason: KeyExchangeFailure,
    detail?: string,
  ) {
    super(detail ? `auth key exchange failed: ${reason} (${detail})` : `auth key exchange failed: ${reason}`)
  }
}

/** Why an incoming encrypted message was dropped. */
export type RejectedMessageReason =
  | 'too-short'
  | 'auth-key-id'
  | 'msg-key'
  | 'session-id'
  | 'length'
  | 'padding'
  | 'msg-id-parity'
  | 'msg-id-too-old'
  | 'msg-id-too-new'
  | 'duplicate'
  | 'undecodable'

export class RejectedMessageError extends Error {
  override readonly name = 'RejectedMessageError'
  constructor(
    readonly reason: RejectedMessageReason,
    detail?: string,
  ) {
    super(detail ? `incoming message dropped: ${reason} (${detail})` : `incoming message dropped: ${reason}`)
  }
}

/** A request got no answer within its timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError'
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} got no answer within ${timeoutMs} ms`)
  }
}

/** The session was closed (by `close()` or a fatal error) while a request was still waiting. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError'
  constructor(reason = 'the session was closed') {
    super(reason)
  }
}

/**
 * The server refused a message with a `bad_msg_notification` code the client cannot repair by
 * itself (the ones it can, 16/17/32/33/48, are retried transparently).
 */
export class BadMessageError extends Error {
  override readonly name = 'BadMessageError'
  constructor(
    readonly code: number,
    readonly method: string,
  ) {
    super(`server rejected ${method}: ${BAD_MSG_MEANINGS[code] ?? 'unknown bad_msg_notification code'} (${code})`)
  }
}

/** The meanings of bad_msg_notification.error_code as the MTProto service-message rules define them. */
export const BAD_MSG_MEANINGS: Readonly<Record<number, string>> = {
  16: 'msg_id too low (client clock behind)',
  17: 'msg_id too high (client clock ahead)',
  18: 'msg_id not divisible by 4',
  19: 'container msg_id equals an earlier msg_id',
  20: 'message too old to be checked',
  32: 'msg_seqno too low',
  33: 'msg_seqno too high',
  34: 'even msg_seqno for a content-related message',
  35: 'odd msg_seqno for a message that is not content-related',
  48: 'incorrect server salt',
  64: 'invalid container',
}
