// What an admin set on single members of a channel or supergroup: restrictions (chatBannedRights, with
// view_messages meaning banned) and an admin's own rights and title. Members without an entry have the
// defaults: no restriction, and for admins every right but add_admins (see view.ts).
import type { TlConstructors } from '../../../schema/codec/generated/types'

export type BannedRights = TlConstructors['chatBannedRights']
export type AdminRights = TlConstructors['chatAdminRights']

export interface RestrictionRecord {
  readonly rights: BannedRights
  readonly kickedBy: bigint
  readonly date: number
}

export interface AdminRecord {
  readonly rights: AdminRights
  readonly promotedBy: bigint
  readonly rank: string | undefined
  readonly date: number
}

export interface ChannelRightsState {
  /** By `${channelId}:${userId}`. */
  restrictions: Map<string, RestrictionRecord>
  admins: Map<string, AdminRecord>
}

export function emptyChannelRightsState(): ChannelRightsState {
  return { restrictions: new Map(), admins: new Map() }
}

const key = (channelId: bigint, userId: bigint) => `${channelId}:${userId}`

/** Whether the rights take nothing away (chatBannedRights with no flag set). */
export function restrictsNothing(rights: BannedRights): boolean {
  return !Object.entries(rights).some(([name, value]) => name !== '_' && name !== 'until_date' && value === true)
}

export class ChannelRights {
  constructor(readonly state: ChannelRightsState) {}

  restriction(channelId: bigint, userId: bigint): RestrictionRecord | undefined {
    return this.state.restrictions.get(key(channelId, userId))
  }

  /** Sets a member's restrictions; rights that take nothing away lift them. */
  restrict(channelId: bigint, userId: bigint, record: RestrictionRecord): void {
    if (restrictsNothing(record.rights)) this.state.restrictions.delete(key(channelId, userId))
    else this.state.restrictions.set(key(channelId, userId), record)
  }

  admin(channelId: bigint, userId: bigint): AdminRecord | undefined {
    return this.state.admins.get(key(channelId, userId))
  }

  setAdmin(channelId: bigint, userId: bigint, record: AdminRecord | undefined): void {
    if (record) this.state.admins.set(key(channelId, userId), record)
    else this.state.admins.delete(key(channelId, userId))
  }

  /** Restricted or banned members of a channel, by user id. */
  restrictedIn(channelId: bigint): Map<bigint, RestrictionRecord> {
    const prefix = `${channelId}:`
    const found = new Map<bigint, RestrictionRecord>()
    for (const [k, record] of this.state.restrictions) if (k.startsWith(prefix)) found.set(BigInt(k.slice(prefix.length)), record)
    return found
  }
}
