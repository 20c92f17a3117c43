/** The default call policies, each one middleware with one job. */
import { RpcError } from '../errors/rpc-error'
import { abortableSleep, backoffDelay } from './abortable-sleep'
import type { CallMiddleware } from './call-pipeline'

const FLOOD_WAIT_NAMES = new Set(['FLOOD_WAIT', 'FLOOD_PREMIUM_WAIT', 'FLOOD_TEST_PHONE_WAIT'])

export interface FloodWaitOptions {
  /** Waits up to this many seconds are slept through; longer ones reach the caller. */
  maxWaitSeconds: number
  /** How many times one call may be retried after a flood wait. */
  maxRetries?: number
  /** Replaceable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Sleeps through `FLOOD_WAIT_X` errors shorter than the threshold, then retries the call. */
export function floodWaitMiddleware({ maxWaitSeconds, maxRetries = 5, sleep = abortableSleep }: FloodWaitOptions): CallMiddleware {
  return async (ctx, next) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(ctx)
      } catch (error) {
        if (!(error instanceof RpcError) || !FLOOD_WAIT_NAMES.has(error.name)) throw error
        const seconds = error.value ?? 0
        if (seconds > maxWaitSeconds || attempt >= maxRetries) throw error
        await sleep(seconds * 1000, ctx.signal)
      }
    }
  }
}

/** `*_MIGRATE_X` errors (303): the account, phone or file lives on DC X. */
const MIGRATE_NAME = /^([A-Z]+)_MIGRATE$/

export interface MigrateOptions {
  /**
   * Called when the account itself moved (PHONE/NETWORK/USER_MIGRATE), so that later calls go
   * to the new DC too; FILE_MIGRATE and STATS_MIGRATE reroute only the failing call.
   */
  onHomeDcChanged: (dcId: number) => void
  maxHops?: number
}

/** Re-sends a call to the DC a `*_MIGRATE_X` error names. */
export function migrateMiddleware({ onHomeDcChanged, maxHops = 3 }: MigrateOptions): CallMiddleware {
  return async (ctx, next) => {
    for (let hop = 0; ; hop++) {
      try {
        return await next(ctx)
      } catch (error) {
        if (!(error instanceof RpcError) || error.code !== 303 || error.value === undefined || hop >= maxHops) throw error
        const kind = MIGRATE_NAME.exec(error.name)?.[1]
        if (!kind || error.value === ctx.dcId) throw error
        if (kind === 'PHONE' || kind === 'NETWORK' || kind === 'USER') onHomeDcChanged(error.value)
        ctx.dcId = error.value
      }
    }
  }
}

export interface ServerErrorRetryOptions {
  maxRetries?: number
  baseDelayMs?: number
  maxDelayMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** Retries calls that failed with a 500-class error (the server's fault), with bounded backoff. */
export function serverErrorRetryMiddleware({
  maxRetries = 3,
  baseDelayMs = 250,
  maxDelayMs = 4000,
  sleep = abortableSleep,
}: ServerErrorRetryOptions = {}): CallMiddleware {
  return async (ctx, next) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(ctx)
      } catch (error) {
        if (!(error instanceof RpcError) || error.code < 500 || attempt >= maxRetries) throw error
        await sleep(Math.max(baseDelayMs, backoffDelay(attempt + 1, baseDelayMs, maxDelayMs)), ctx.signal)
      }
    }
  }
}
