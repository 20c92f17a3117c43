// The sandbox's notion of "now". One clock is shared by every DC so that a test can skew server time for all of
// them at once (clients must then resynchronise from bad_msg_notification 16/17 and server msg_ids).
export class SandboxClock {
  /** Added to the wall clock; positive means the server runs ahead of the clients. */
  skewMs = 0

  nowMs(): number {
    return Date.now() + this.skewMs
  }

  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000)
  }
}
