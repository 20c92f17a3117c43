/**
 * The checks every decrypted server message must pass before the session looks at its body:
 * it belongs to our session, its msg_id has the server's parity and a plausible time, and it
 * was not seen before. (auth_key_id, msg_key and padding are checked while decrypting.)
 */
import type { RejectedMessageReason } from '../errors/protocol-errors'
import { RecentMessageIds } from './recent-ids'

export interface IncomingFilterOptions {
  /** How far in the past a server msg_id may be, in seconds. */
  maxAgeSeconds?: number
  /** How far in the future a server msg_id may be, in seconds. */
  maxAheadSeconds?: number
  /** How many recent msg_ids are remembered to refuse replays. */
  duplicateWindow?: number
}

export class IncomingMessageFilter {
  private readonly seen: RecentMessageIds
  private readonly maxAge: number
  private readonly maxAhead: number

  constructor(options: IncomingFilterOptions = {}) {
    this.seen = new RecentMessageIds(options.duplicateWindow ?? 1024)
    this.maxAge = options.maxAgeSeconds ?? 300
    this.maxAhead = options.maxAheadSeconds ?? 30
  }

  /**
   * Returns why the message must be dropped, or undefined when it is acceptable (and records
   * its id). `serverNow` is the server's current unixtime as the session estimates it.
   */
  check(sessionId: bigint, expectedSessionId: bigint, msgId: bigint, serverNow: number): RejectedMessageReason | undefined {
    if (sessionId !== expectedSessionId) return 'session-id'
    // Server message ids are odd multiples of 1 mod 4: 1 for answers, 3 for everything else.
    if ((msgId & 1n) !== 1n) return 'msg-id-parity'
    const sentAt = Number(msgId >> 32n)
    if (sentAt < serverNow - this.maxAge) return 'msg-id-too-old'
    if (sentAt > serverNow + this.maxAhead) return 'msg-id-too-new'
    if (!this.seen.add(msgId)) return 'duplicate'
    return undefined
  }

  /** Records an id seen inside a container, refusing it if it repeats. */
  admitInner(msgId: bigint): boolean {
    return this.seen.add(msgId)
  }

  hasSeen(msgId: bigint): boolean {
    return this.seen.has(msgId)
  }

  /** A new session starts with a clean memory. */
  reset(): void {
    this.seen.clear()
  }
}
