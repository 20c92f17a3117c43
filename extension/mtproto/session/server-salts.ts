/**
 * The server salt to put in outgoing messages. The server hands out salts with validity windows
 * (future_salts); the session switches to the next one when it becomes valid, and otherwise
 * keeps the last salt it was told about (bad_server_salt, new_session_created, key exchange).
 */
export interface FutureSalt {
  valid_since: number
  valid_until: number
  salt: bigint
}

export class ServerSalts {
  current = 0n
  private future: FutureSalt[] = []

  addFuture(salts: readonly FutureSalt[]): void {
    this.future = [...this.future, ...salts].sort((a, b) => a.valid_since - b.valid_since)
  }

  /** Moves to the newest announced salt that is valid at `serverNow` (server unixtime). */
  advance(serverNow: number): void {
    while (this.future.length > 0 && this.future[0].valid_since <= serverNow) {
      const next = this.future.shift()!
      if (next.valid_until > serverNow) this.current = next.salt
    }
  }
}
