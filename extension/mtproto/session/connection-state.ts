/**
 * Where a connection to Telegram stands, as the session engine sees it, for UIs that show it (a status bar)
 * and for applications that pause work while offline. The client reports its home DC's connection.
 */
export type ConnectionState =
  /** Opening the first connection (and creating the auth key, the first time). */
  | { kind: 'connecting' }
  /** The server answers on an open connection. */
  | { kind: 'connected' }
  /**
   * The connection was lost or an attempt failed; the next attempt starts after `delayMs` (0: at once), at
   * `retryAt` (ms since the epoch). `attempt` counts the failed attempts since the last good connection.
   */
  | { kind: 'reconnecting'; delayMs: number; retryAt: number; attempt: number; reason: string }
  /** Attempts keep failing (the network or the server is down); still retrying, after `delayMs`. */
  | { kind: 'offline'; delayMs: number; retryAt: number; attempt: number; reason: string }
  /** Closed by the application, or lost while idle with nothing to send: the next request connects again. */
  | { kind: 'disconnected' }

export type ConnectionStateListener = (state: ConnectionState) => void

/** After this many failed attempts in a row, reconnecting is reported as offline. */
export const OFFLINE_AFTER_FAILED_ATTEMPTS = 3
