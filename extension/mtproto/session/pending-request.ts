/**
 * One request waiting for its answer: its promise, its timeout and cancellation, and where it
 * currently is in the protocol (queued, or sent as msg_id N).
 */
import { RequestTimeoutError } from '../errors/protocol-errors'

import type { TlObject } from './tl'

/** A method call as a plain TL object, e.g. `{ _: 'help.getConfig' }`. */
export type TlRequest = TlObject

export class PendingRequest {
  /** The msg_id of the current attempt; changes on every resend. */
  msgId: bigint | undefined
  /** The container the current attempt travelled in, if any. */
  containerId: bigint | undefined
  settled = false
  readonly promise: Promise<unknown>
  private resolvePromise!: (value: unknown) => void
  private rejectPromise!: (error: unknown) => void
  private timer: ReturnType<typeof setTimeout> | undefined
  private removeAbortListener: (() => void) | undefined

  /** This attempt went out wrapped in invokeWithLayer(initConnection). */
  carriesInit = false
  /** Service-layer messages (ping, acks...) are never wrapped in initConnection. */
  readonly isServiceMethod: boolean
  /** False for messages nobody answers (msg_resend_req): they settle once sent. */
  readonly expectsAnswer: boolean

  constructor(
    readonly request: TlRequest,
    kind: { isServiceMethod: boolean; expectsAnswer: boolean },
    /** For ordered batches: this request runs after that one (invokeAfterMsg). */
    readonly after: PendingRequest | undefined,
    onGiveUp: (request: PendingRequest) => void,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.isServiceMethod = kind.isServiceMethod
    this.expectsAnswer = kind.expectsAnswer
    this.promise = new Promise((resolve, reject) => {
      this.resolvePromise = resolve
      this.rejectPromise = reject
    })
    if (signal?.aborted) {
      this.settled = true
      this.rejectPromise(signal.reason)
      return
    }
    if (signal) {
      const onAbort = (): void => {
        this.reject(signal.reason)
        onGiveUp(this)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.removeAbortListener = () => signal.removeEventListener('abort', onAbort)
    }
    if (Number.isFinite(timeoutMs)) {
      this.timer = setTimeout(() => {
        this.reject(new RequestTimeoutError(innermostMethod(request), timeoutMs))
        onGiveUp(this)
      }, timeoutMs)
    }
  }

  /**
   * The method the server runs, under any wrappers (invokeWithoutUpdates, invokeAfterMsg, ...): what
   * errors name, and what decides how the body is sent.
   */
  get method(): string {
    return innermostMethod(this.request)
  }

  resolve(value: unknown): void {
    if (this.settled) return
    this.cleanUp()
    this.resolvePromise(value)
  }

  reject(error: unknown): void {
    if (this.settled) return
    this.cleanUp()
    this.rejectPromise(error)
  }

  private cleanUp(): void {
    this.settled = true
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.removeAbortListener?.()
  }
}

/** The wrapper methods (invokeWithLayer, initConnection, invokeWithoutUpdates, ...) carry the real call in `query`. */
function innermostMethod(request: TlRequest): string {
  let call = request
  while (typeof call.query === 'object' && call.query !== null && typeof (call.query as TlObject)._ === 'string') call = call.query as TlObject
  return call._
}
