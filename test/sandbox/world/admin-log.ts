// The recent actions of a channel or supergroup, as channels.getAdminLog shows them to its admins: every
// moderation or settings change, newest first, each with a growing id. Bounded per channel, as Telegram keeps
// only the last 48 hours.
import type { TlTypes } from '../../../schema/codec/generated/types'

export type AdminLogAction = TlTypes['ChannelAdminLogEventAction']

export interface AdminLogRecord {
  readonly id: bigint
  readonly date: number
  /** Who did it. */
  readonly userId: bigint
  readonly action: AdminLogAction
}

export interface AdminLogState {
  byChannel: Map<bigint, AdminLogRecord[]>
  nextId: bigint
}

export function emptyAdminLogState(): AdminLogState {
  return { byChannel: new Map(), nextId: 1n }
}

const KEPT_PER_CHANNEL = 500

export class AdminLog {
  constructor(
    readonly state: AdminLogState,
    private readonly nowSeconds: () => number,
  ) {}

  record(channelId: bigint, userId: bigint, action: AdminLogAction): AdminLogRecord {
    const entry: AdminLogRecord = { id: this.state.nextId++, date: this.nowSeconds(), userId, action }
    let log = this.state.byChannel.get(channelId)
    if (!log) this.state.byChannel.set(channelId, (log = []))
    log.push(entry)
    if (log.length > KEPT_PER_CHANNEL) log.splice(0, log.length - KEPT_PER_CHANNEL)
    return entry
  }

  /** Oldest first; the API method orders and pages it. */
  entries(channelId: bigint): readonly AdminLogRecord[] {
    return this.state.byChannel.get(channelId) ?? []
  }
}
