// Server salts of one auth key. Each salt owns a window of SALT_PERIOD seconds and is still accepted for
// SALT_GRACE seconds after it, so a client that fetched future_salts can switch on its own schedule.
import { randomBytes } from 'node:crypto'

export const SALT_PERIOD_SECONDS = 3600
export const SALT_GRACE_SECONDS = 1800
/** get_future_salts answers at most this many, as Telegram does. */
export const MAX_FUTURE_SALTS = 64

export interface FutureSalt {
  readonly validSince: number
  readonly validUntil: number
  readonly salt: bigint
}

export class ServerSalts {
  private salts: FutureSalt[] = []

  /** `initialSalt` is the one both sides derive from the handshake nonces. */
  constructor(initialSalt: bigint, nowSeconds: number) {
    this.salts.push({ validSince: nowSeconds, validUntil: nowSeconds + SALT_PERIOD_SECONDS, salt: initialSalt })
  }

  isAccepted(salt: bigint, nowSeconds: number): boolean {
    this.forget(nowSeconds)
    return this.salts.some((s) => s.salt === salt && s.validSince <= nowSeconds)
  }

  current(nowSeconds: number): bigint {
    return this.upcoming(1, nowSeconds)[0]!.salt
  }

  /** The salt valid now followed by the next ones, generating them as needed. */
  upcoming(count: number, nowSeconds: number): FutureSalt[] {
    this.forget(nowSeconds)
    count = Math.min(Math.max(count, 1), MAX_FUTURE_SALTS)
    let start = this.salts.findIndex((s) => s.validUntil > nowSeconds)
    if (start < 0) {
      this.salts.push(newSalt(nowSeconds))
      start = this.salts.length - 1
    }
    while (this.salts.length - start < count) this.salts.push(newSalt(this.salts.at(-1)!.validUntil))
    return this.salts.slice(start, start + count)
  }

  /** Replaces every salt by a fresh one at once, the way a server-side rotation looks to a client. */
  rotate(nowSeconds: number): bigint {
    this.salts = [newSalt(nowSeconds)]
    return this.salts[0]!.salt
  }

  private forget(nowSeconds: number): void {
    this.salts = this.salts.filter((s) => s.validUntil + SALT_GRACE_SECONDS > nowSeconds)
  }
}

function newSalt(validSince: number): FutureSalt {
  return { validSince, validUntil: validSince + SALT_PERIOD_SECONDS, salt: randomBytes(8).readBigInt64LE() }
}
