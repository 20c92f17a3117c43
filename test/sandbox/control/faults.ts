// Fault switches a test (or the bench, over HTTP) turns on: per-method answers (delays, FLOOD_WAIT_X,
// *_MIGRATE_X), connection drops after a number of messages, and swallowed updates. The sandbox's hooks consult
// them: rpc/query.ts per call, dc-server.ts per packet, updates/ per push. Salt rotation, clock skew and
// restarts act at once and need no state here (see control/control.ts).
import { RpcError } from '../rpc/rpc-error'

/** A method name in our layer, or '*' for every method. */
export type MethodPattern = string

/** The *_MIGRATE_X families Telegram answers with (error code 303). */
export const MIGRATE_KINDS = ['PHONE', 'USER', 'NETWORK', 'FILE', 'STATS'] as const
export type MigrateKind = (typeof MIGRATE_KINDS)[number]

/** What a call fault does to the call it matches. */
export type CallFaultAction =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }

export interface CallFaultRule {
  readonly method: MethodPattern
  readonly action: CallFaultAction
  /** How many more calls it applies to; Infinity until cleared. */
  remaining: number
}

/** Switches one fault off again; calling it twice is harmless. */
export type ClearFault = () => void

/** What the query runner must do with one call before (or instead of) running its handler. */
export interface CallVerdict {
  /** Wait this long before answering (the sum of every matching delay). */
  readonly delayMs: number
  /** Answer this error instead of running the handler. */
  readonly error: RpcError | undefined
}

export class FaultSwitches {
  private readonly callRules: CallFaultRule[] = []
  private dropCountdown: { remaining: number; dcId: number | undefined } | undefined
  /** Pushes swallowed per account id ('*': every account), each until a time. */
  private readonly swallowed = new Map<string, { until: number }>()

  constructor(private readonly nowMs: () => number) {}

  /** Delays the answers to `method` (or all) by `ms`, for the next `calls` calls (all of them by default). */
  delay(method: MethodPattern, ms: number, calls = Infinity): ClearFault {
    return this.addRule({ method, action: { kind: 'delay', ms: Math.max(0, ms) }, remaining: calls })
  }

  /** Answers 420 FLOOD_WAIT_<seconds> to the next `calls` calls of `method`. */
  floodWait(method: MethodPattern, seconds: number, calls = 1): ClearFault {
    return this.fail(method, 420, `FLOOD_WAIT_${Math.max(0, Math.floor(seconds))}`, calls)
  }

  /** Answers 303 <kind>_MIGRATE_<dcId> to the next `calls` calls of `method`. */
  migrate(method: MethodPattern, kind: MigrateKind, dcId: number, calls = 1): ClearFault {
    return this.fail(method, 303, `${kind}_MIGRATE_${dcId}`, calls)
  }

  /** Answers any error (code and Telegram's name) to the next `calls` calls of `method`. */
  fail(method: MethodPattern, code: number, message: string, calls = 1): ClearFault {
    return this.addRule({ method, action: { kind: 'error', code, message }, remaining: calls })
  }

  /** Consumes the rules matching one call of `method` and says what to do with it. */
  onCall(method: string): CallVerdict {
    let delayMs = 0
    let error: RpcError | undefined
    for (const rule of this.callRules) {
      if (rule.remaining <= 0 || (rule.method !== '*' && rule.method !== method)) continue
      // One error per call: a later error rule waits for a later call.
      if (rule.action.kind === 'error' && error) continue
      rule.remaining--
      if (rule.action.kind === 'delay') delayMs += rule.action.ms
      else error = new RpcError(rule.action.code, rule.action.message)
    }
    this.forgetSpentRules()
    return { delayMs, error }
  }

  /** Closes the connection that carries the `count`-th client packet from now (on `dcId`, or any DC). */
  dropAfterPackets(count: number, dcId?: number): ClearFault {
    const countdown = { remaining: Math.max(1, Math.floor(count)), dcId }
    this.dropCountdown = countdown
    return () => {
      if (this.dropCountdown === countdown) this.dropCountdown = undefined
    }
  }

  /** Called for every packet a DC receives; true when that packet's connection must be dropped now. */
  onPacket(dcId: number): boolean {
    const countdown = this.dropCountdown
    if (!countdown || (countdown.dcId !== undefined && countdown.dcId !== dcId)) return false
    if (--countdown.remaining > 0) return false
    this.dropCountdown = undefined
    return true
  }

  /**
   * Stops pushing updates to the sessions of `accountId` (every account when omitted) for `forMs`
   * milliseconds, or until cleared. The updates still happen: clients must find them through getDifference.
   */
  swallowUpdates(accountId?: bigint, forMs = Infinity): ClearFault {
    const key = accountId === undefined ? '*' : accountId.toString()
    const entry = { until: this.nowMs() + forMs }
    this.swallowed.set(key, entry)
    return () => {
      if (this.swallowed.get(key) === entry) this.swallowed.delete(key)
    }
  }

  /** Whether a push to `accountId` must be dropped right now. */
  isSwallowing(accountId: bigint): boolean {
    const now = this.nowMs()
    for (const key of ['*', accountId.toString()]) {
      const entry = this.swallowed.get(key)
      if (!entry) continue
      if (entry.until > now) return true
      this.swallowed.delete(key)
    }
    return false
  }

  /** Switches every fault off. */
  clear(): void {
    this.callRules.length = 0
    this.dropCountdown = undefined
    this.swallowed.clear()
  }

  /** The faults still armed, for the HTTP endpoint and for debugging a test. */
  describe(): object {
    return {
      calls: this.callRules.map((rule) => ({ method: rule.method, ...rule.action, remaining: rule.remaining })),
      dropAfterPackets: this.dropCountdown && { ...this.dropCountdown },
      swallowedUpdates: [...this.swallowed.keys()],
    }
  }

  private addRule(rule: CallFaultRule): ClearFault {
    this.callRules.push(rule)
    return () => {
      rule.remaining = 0
      this.forgetSpentRules()
    }
  }

  private forgetSpentRules(): void {
    for (let i = this.callRules.length - 1; i >= 0; i--) if (this.callRules[i]!.remaining <= 0) this.callRules.splice(i, 1)
  }
}
