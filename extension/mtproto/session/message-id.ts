/**
 * Client message identifiers and sequence numbers.
 *
 * A msg_id approximates the send time as `unixtime * 2^32` (seconds in the high half, the
 * fraction of a second in the low half), corrected by the offset between our clock and the
 * server's. Client ids are divisible by 4 and strictly increase within a session.
 */

export type Clock = () => number

export class MessageIdGenerator {
  private last = 0n
  /** Seconds to add to the local clock to get the server's time. */
  timeOffset = 0

  constructor(private readonly now: Clock = Date.now) {}

  next(): bigint {
    let id = this.clockId()
    if (id <= this.last) id = this.last + 4n
    this.last = id
    return id
  }

  /**
   * Re-derives the clock offset from a server msg_id (whose high half is the server's unixtime).
   * Returns true when the corrected clock is behind the last id issued (see syncWithServerTime).
   */
  syncWithServerMessageId(serverMsgId: bigint): boolean {
    return this.syncWithServerTime(Number(serverMsgId >> 32n))
  }

  /**
   * Returns true when the corrected clock is behind the last id issued. Ids never go back within a
   * session, so until reset() they would stay ahead of the server's clock (bad_msg 17 forever):
   * the caller must start a new session and reset() the generator.
   */
  syncWithServerTime(serverUnixTime: number): boolean {
    this.timeOffset = serverUnixTime - Math.floor(this.now() / 1000)
    return this.clockId() <= this.last
  }

  /** The server's current unixtime as we estimate it. */
  serverNow(): number {
    return Math.floor(this.now() / 1000) + this.timeOffset
  }

  /** Forgets the last id, for a fresh session (ids must still never repeat within one session). */
  reset(): void {
    this.last = 0n
  }

  /** The id the corrected clock gives now, before the never-go-back rule. */
  private clockId(): bigint {
    const ms = this.now() + this.timeOffset * 1000
    const seconds = Math.floor(ms / 1000)
    // The fraction of the second, scaled to 32 bits, with the two low bits cleared for "client, mod 4 == 0".
    const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 0x1_0000_0000) & ~3
    return (BigInt(seconds) << 32n) | BigInt(fraction >>> 0)
  }
}

/**
 * msg_seqno: twice the number of content-related messages sent before this one, plus one if
 * this message is itself content-related (requests and answers are; acks, containers and
 * pings-without-answers are not).
 */
export class SeqNoCounter {
  private contentRelatedSent = 0

  next(contentRelated: boolean): number {
    if (!contentRelated) return this.contentRelatedSent * 2
    return this.contentRelatedSent++ * 2 + 1
  }

  /**
   * Repairs the counter after bad_msg_notification 32 (too low) or 33 (too high). The server
   * does not tell us the value it expects, so jump well ahead or step back, and resend.
   */
  correct(errorCode: 32 | 33): void {
    if (errorCode === 32) this.contentRelatedSent += 64
    else this.contentRelatedSent = Math.max(0, this.contentRelatedSent - 16)
  }

  reset(): void {
    this.contentRelatedSent = 0
  }
}
