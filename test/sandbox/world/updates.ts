// Update state and the event log. Each account has pts/qts/seq/date (its common message box), each channel its
// own pts. Every change that moves pts is logged (bounded), so updates.getDifference / getChannelDifference can
// be answered from any recent state; every published update also goes to the listeners (session pushing).
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { PeerRef } from './peers'

export type Update = TlTypes['Update']

export interface AccountUpdateState {
  pts: number
  qts: number
  seq: number
  date: number
}

/** The session whose call caused an update: it gets the update in its answer, so pushing skips it. */
export interface UpdateOrigin {
  readonly dcId: number
  readonly authKeyId: bigint
  readonly sessionId?: bigint
}

export interface LoggedUpdate {
  /** pts after this update (for ptsCount 0: the pts it was published at). */
  readonly pts: number
  readonly ptsCount: number
  readonly date: number
  readonly update: Update
  /** Peers the update refers to, for the users/chats lists that accompany it. */
  readonly peers: readonly PeerRef[]
}

export type UpdateTarget =
  | { readonly kind: 'account'; readonly accountId: bigint }
  | { readonly kind: 'channel'; readonly channelId: bigint }
  /** One auth key that is not signed in yet (updateLoginToken for a QR login waiting on it). */
  | { readonly kind: 'authKey'; readonly dcId: number; readonly authKeyId: bigint }

export interface PublishedUpdate extends LoggedUpdate {
  readonly target: UpdateTarget
  readonly origin: UpdateOrigin | undefined
  /** The account's seq after this update, or 0 when it does not take part in the seq sequence. */
  readonly seq: number
}

export type UpdateListener = (event: PublishedUpdate) => void

export interface PublishOptions {
  /** How many pts the update takes (1 for a new message, N for N deleted ids); 0 for updates outside pts. */
  readonly ptsCount?: number
  readonly peers?: readonly PeerRef[]
  readonly origin?: UpdateOrigin
  /** Advance the account's seq (updates whose container form carries seq != 0). */
  readonly bumpSeq?: boolean
}

export type Difference =
  | { readonly kind: 'empty'; readonly pts: number }
  | { readonly kind: 'entries'; readonly entries: readonly LoggedUpdate[]; readonly pts: number }
  /** The log no longer reaches back to the asked pts: the client must refetch (differenceTooLong / channelDifferenceTooLong). */
  | { readonly kind: 'tooLong'; readonly pts: number }

/** How many pts-moving updates each account and channel keeps for getDifference. */
export const UPDATE_LOG_LIMIT = 1000

export interface UpdateHubState {
  accounts: Map<bigint, AccountUpdateState>
  channelPts: Map<bigint, number>
  accountLogs: Map<bigint, LoggedUpdate[]>
  channelLogs: Map<bigint, LoggedUpdate[]>
}

export function emptyUpdateHubState(): UpdateHubState {
  return { accounts: new Map(), channelPts: new Map(), accountLogs: new Map(), channelLogs: new Map() }
}

export class UpdateHub {
  private readonly listeners = new Set<UpdateListener>()

  constructor(
    readonly state: UpdateHubState,
    private readonly nowSeconds: () => number,
  ) {}

  /** Registers a listener for every published update; returns the unsubscribe function. */
  subscribe(listener: UpdateListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The account's current state (updates.getState), created at pts 1 on first use, like a fresh account. */
  accountState(accountId: bigint): AccountUpdateState {
    let state = this.state.accounts.get(accountId)
    if (!state) {
      state = { pts: 1, qts: 0, seq: 0, date: this.nowSeconds() }
      this.state.accounts.set(accountId, state)
    }
    return state
  }

  channelPts(channelId: bigint): number {
    return this.state.channelPts.get(channelId) ?? 1
  }

  /**
   * Publishes an update to one account. With ptsCount > 0 the account's pts advances and the update's own
   * `pts`/`pts_count` fields are filled in here; the caller leaves them 0.
   */
  publishForAccount(accountId: bigint, update: Update, options: PublishOptions = {}): PublishedUpdate {
    const state = this.accountState(accountId)
    const ptsCount = options.ptsCount ?? 0
    const date = this.nowSeconds()
    state.date = date
    if (ptsCount > 0) state.pts += ptsCount
    if (options.bumpSeq) state.seq++
    const stamped = ptsCount > 0 ? withPts(update, state.pts, ptsCount) : update
    const entry: LoggedUpdate = { pts: state.pts, ptsCount, date, update: stamped, peers: options.peers ?? [] }
    if (ptsCount > 0) append(this.state.accountLogs, accountId, entry)
    return this.emit({ ...entry, target: { kind: 'account', accountId }, origin: options.origin, seq: options.bumpSeq ? state.seq : 0 })
  }

  /** Publishes an update of a channel's box (new/edited/deleted channel messages...), advancing its pts. */
  publishForChannel(channelId: bigint, update: Update, options: PublishOptions = {}): PublishedUpdate {
    const ptsCount = options.ptsCount ?? 0
    const pts = this.channelPts(channelId) + ptsCount
    if (ptsCount > 0) this.state.channelPts.set(channelId, pts)
    const stamped = ptsCount > 0 ? withPts(update, pts, ptsCount) : update
    const entry: LoggedUpdate = { pts, ptsCount, date: this.nowSeconds(), update: stamped, peers: options.peers ?? [] }
    if (ptsCount > 0) append(this.state.channelLogs, channelId, entry)
    return this.emit({ ...entry, target: { kind: 'channel', channelId }, origin: options.origin, seq: 0 })
  }

  /** Publishes an update to the sessions of one auth key, outside any pts sequence (e.g. updateLoginToken). */
  publishForAuthKey(dcId: number, authKeyId: bigint, update: Update): PublishedUpdate {
    const date = this.nowSeconds()
    return this.emit({ pts: 0, ptsCount: 0, date, update, peers: [], target: { kind: 'authKey', dcId, authKeyId }, origin: undefined, seq: 0 })
  }

  accountDifference(accountId: bigint, fromPts: number): Difference {
    return difference(this.state.accountLogs.get(accountId) ?? [], fromPts, this.accountState(accountId).pts)
  }

  channelDifference(channelId: bigint, fromPts: number): Difference {
    return difference(this.state.channelLogs.get(channelId) ?? [], fromPts, this.channelPts(channelId))
  }

  private emit(event: PublishedUpdate): PublishedUpdate {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        console.error('[sandbox] update listener failed:', error)
      }
    }
    return event
  }
}

function withPts(update: Update, pts: number, ptsCount: number): Update {
  if (!('pts' in update)) throw new Error(`${update._} does not carry pts`)
  return 'pts_count' in update ? { ...update, pts, pts_count: ptsCount } : { ...update, pts }
}

function append(logs: Map<bigint, LoggedUpdate[]>, id: bigint, entry: LoggedUpdate): void {
  let log = logs.get(id)
  if (!log) logs.set(id, (log = []))
  log.push(entry)
  if (log.length > UPDATE_LOG_LIMIT) log.splice(0, log.length - UPDATE_LOG_LIMIT)
}

function difference(log: readonly LoggedUpdate[], fromPts: number, currentPts: number): Difference {
  if (fromPts >= currentPts) return { kind: 'empty', pts: currentPts }
  const first = log.findIndex((entry) => entry.pts > fromPts)
  // The first entry still logged must start at or before the asked pts, or updates in between are lost.
  if (first < 0 || log[first]!.pts - log[first]!.ptsCount > fromPts) return { kind: 'tooLong', pts: currentPts }
  return { kind: 'entries', entries: log.slice(first), pts: currentPts }
}
