/**
 * The call pipeline: every `invoke` runs through a chain of middlewares that may retry, wait,
 * or reroute the call, then reaches the handler that sends it on a DC's session. Policies such
 * as flood waiting live here as separate middlewares, never as branches inside the session.
 */

export interface CallOptions {
  /** Cancels the call; the promise rejects with the signal's reason. */
  signal?: AbortSignal
  /** Milliseconds to wait for the answer of each attempt; the client's default when omitted. */
  timeout?: number
  /** Send to this DC instead of the client's main one. */
  dcId?: number
}

export interface CallContext {
  /** The request as a TL object, e.g. `{ _: 'help.getConfig' }`. */
  readonly request: { readonly _: string }
  /** The DC the call goes to; middlewares may change it (e.g. on `*_MIGRATE_X`). */
  dcId: number
  readonly signal: AbortSignal | undefined
  readonly timeout: number | undefined
}

export type CallHandler = (ctx: CallContext) => Promise<unknown>
export type CallMiddleware = (ctx: CallContext, next: CallHandler) => Promise<unknown>

/** Wraps `handler` in `middlewares`, the first one outermost. */
export function composeMiddlewares(middlewares: readonly CallMiddleware[], handler: CallHandler): CallHandler {
  return middlewares.reduceRight<CallHandler>((next, middleware) => (ctx) => middleware(ctx, next), handler)
}
