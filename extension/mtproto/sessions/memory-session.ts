/**
 * A session that lives only as long as the process: the default when nothing is configured, and
 * the base of string sessions. `flush()` has nothing to do.
 */
import type { AuthKeyState, DcInfo, EntityRecord, Session, UpdateState } from './session'

export class MemorySession implements Session {
  private dc: DcInfo | undefined
  private readonly keys = new Map<number, AuthKeyState>()
  private state: UpdateState | undefined
  private readonly channels = new Map<bigint, number>()
  private readonly entities = new Map<bigint, EntityRecord>()
  private readonly byUsername = new Map<string, bigint>()
  private readonly byPhone = new Map<string, bigint>()

  get mainDc(): DcInfo | undefined {
    return this.dc
  }
  setMainDc(dc: DcInfo): void {
    this.dc = { ...dc }
  }

  authKey(dcId: number): AuthKeyState | undefined {
    return this.keys.get(dcId)
  }
  setAuthKey(dcId: number, state: AuthKeyState | undefined): void {
    if (state) this.keys.set(dcId, { ...state })
    else this.keys.delete(dcId)
  }

  get updateState(): UpdateState | undefined {
    return this.state
  }
  setUpdateState(state: UpdateState | undefined): void {
    this.state = state && { ...state }
  }
  channelPts(channelId: bigint): number | undefined {
    return this.channels.get(channelId)
  }
  setChannelPts(channelId: bigint, pts: number | undefined): void {
    if (pts === undefined) this.channels.delete(channelId)
    else this.channels.set(channelId, pts)
  }

  async entityById(markedId: bigint): Promise<EntityRecord | undefined> {
    return this.entities.get(markedId)
  }
  async entityByUsername(username: string): Promise<EntityRecord | undefined> {
    const id = this.byUsername.get(username.toLowerCase())
    return id === undefined ? undefined : this.entities.get(id)
  }
  async entityByPhone(phone: string): Promise<EntityRecord | undefined> {
    const id = this.byPhone.get(phone)
    return id === undefined ? undefined : this.entities.get(id)
  }
  putEntities(records: Iterable<EntityRecord>): void {
    for (const record of records) {
      const old = this.entities.get(record.id)
      if (old) {
        for (const name of old.usernames) if (this.byUsername.get(name) === old.id) this.byUsername.delete(name)
        if (old.phone && this.byPhone.get(old.phone) === old.id) this.byPhone.delete(old.phone)
      }
      this.entities.set(record.id, { ...record, usernames: [...record.usernames] })
      for (const name of record.usernames) this.byUsername.set(name, record.id)
      if (record.phone) this.byPhone.set(record.phone, record.id)
    }
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
