/**
 * What a client keeps between runs: the main DC, an auth key per DC, the update state and the
 * entity cache's records. Reads of keys and update state are synchronous (they are loaded up front,
 * because the session engine needs them before its first byte); entity records can be many, so
 * their lookups are asynchronous and an implementation may keep them out of memory.
 *
 * Setters only change memory and mark the data dirty; `flush()` persists, batching every change made
 * since the last flush. Implementations: `MemorySession` and `StoredSession` (any key/value store).
 */
import type { SessionKeyState } from '../session/session'

/** An auth key with the salt and clock correction learned for it (the session engine's own type). */
export type AuthKeyState = SessionKeyState

export interface DcInfo {
  id: number
  /** Where the DC was last reached; absent when the client's DC list should be used. */
  host?: string
  port?: number
}

/** The account-wide update sequence (updates.state without unread_count). */
export interface UpdateState {
  pts: number
  qts: number
  date: number
  seq: number
}

export type PeerType = 'user' | 'chat' | 'channel'

/** One user, chat or channel as the entity cache persists it. */
export interface EntityRecord {
  /** The marked id: users as is, chats negated, channels as -(10^12 + id). */
  id: bigint
  type: PeerType
  /** Needed to address users and channels; chats have none. */
  accessHash?: bigint
  /** The object came from a `min` constructor: its access hash, if any, is not valid on its own. */
  min: boolean
  /** Active usernames, lower-cased. */
  usernames: string[]
  /** Digits only, without '+'. */
  phone?: string
  /** The display name, for messages and search. */
  name: string
  /** The signed-in user. */
  self?: boolean
  bot?: boolean
  /** For channels: a supergroup rather than a broadcast channel. */
  megagroup?: boolean
}

export interface Session {
  readonly mainDc: DcInfo | undefined
  setMainDc(dc: DcInfo): void

  authKey(dcId: number): AuthKeyState | undefined
  /** `undefined` forgets the key (after log-out, or when the server no longer knows it). */
  setAuthKey(dcId: number, state: AuthKeyState | undefined): void

  readonly updateState: UpdateState | undefined
  setUpdateState(state: UpdateState | undefined): void
  channelPts(channelId: bigint): number | undefined
  setChannelPts(channelId: bigint, pts: number | undefined): void

  entityById(markedId: bigint): Promise<EntityRecord | undefined>
  /** Case-insensitive, without '@'. */
  entityByUsername(username: string): Promise<EntityRecord | undefined>
  /** Digits only. */
  entityByPhone(phone: string): Promise<EntityRecord | undefined>
  /** Stores (replaces) records by id; the caller decides what to merge. */
  putEntities(records: Iterable<EntityRecord>): void

  /** Persists every change made so far; resolves once they are stored. */
  flush(): Promise<void>
  /** Flushes and releases timers. The session must not be used afterwards. */
  close(): Promise<void>
}
