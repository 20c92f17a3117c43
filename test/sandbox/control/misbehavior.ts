// The misbehaving mode, for protocol-security tests: the sandbox breaks one protocol rule, once, at the point where
// a client must catch it. The handshake consults the handshake kinds, the session engine the envelope kinds, the
// query runner the result kind, and the DC connection the framing kind; each takes the switch only when the armed
// kind is one of its own.
import type { ClearFault } from './faults'

/** Lies in the auth key exchange (handshake/handshake.ts): each must make the client abandon the exchange. */
export const HANDSHAKE_MISBEHAVIORS = [
  'resPQ-wrong-nonce',
  'resPQ-unknown-fingerprint',
  'dh-params-wrong-server-nonce',
  'dh-answer-wrong-hash',
  'dh-prime-not-prime',
  'dh-prime-unsafe',
  'g_a-out-of-range',
] as const

/**
 * Forged encrypted messages (session/misbehaving-envelope.ts), sent just before the genuine answer to the next
 * query: a poisoned answer and a poisoned update, each breaking one rule the client must check.
 */
export const ENVELOPE_MISBEHAVIORS = ['wrong-msg-key', 'wrong-session-id', 'replayed-msg-id', 'msg-id-far-past', 'msg-id-far-future'] as const

/** A frame header announcing a packet far larger than any client accepts, in place of the next encrypted packet. */
export const FRAMING_MISBEHAVIORS = ['oversized-length-prefix'] as const

/**
 * The next query's answer holds inputPeerSelf in place of its result (rpc/query.ts): a well-formed rpc_result of a
 * type no method returns, which the client must refuse for that query alone.
 */
export const RESULT_MISBEHAVIORS = ['wrong-result-type'] as const

/** What the wrong-result-type answer holds: an InputPeer, which is never a method's result. */
export const WRONG_RESULT = { _: 'inputPeerSelf' } as const

export type HandshakeMisbehavior = (typeof HANDSHAKE_MISBEHAVIORS)[number]
export type EnvelopeMisbehavior = (typeof ENVELOPE_MISBEHAVIORS)[number]
export type FramingMisbehavior = (typeof FRAMING_MISBEHAVIORS)[number]
export type ResultMisbehavior = (typeof RESULT_MISBEHAVIORS)[number]
export type Misbehavior = HandshakeMisbehavior | EnvelopeMisbehavior | FramingMisbehavior | ResultMisbehavior

export class MisbehaviorSwitch {
  private armed: Misbehavior | undefined

  /** Breaks the rule `kind` names the next time the sandbox reaches it, and only then. */
  arm(kind: Misbehavior): ClearFault {
    this.armed = kind
    return () => {
      if (this.armed === kind) this.armed = undefined
    }
  }

  /** Consumes the armed misbehavior when it is one of `kinds`; undefined otherwise (and it stays armed). */
  take<K extends Misbehavior>(kinds: readonly K[]): K | undefined {
    const armed = this.armed
    if (armed === undefined || !(kinds as readonly Misbehavior[]).includes(armed)) return undefined
    this.armed = undefined
    return armed as K
  }

  /** The kind armed and not used yet, if any. */
  get pending(): Misbehavior | undefined {
    return this.armed
  }

  clear(): void {
    this.armed = undefined
  }
}
