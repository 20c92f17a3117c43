/**
 * A session over key/value stores: the auth keys in one store (SecretStorage in the extension), the
 * update state and entity records in another (an encrypted file store), or both in the same one.
 *
 * Layout, under `prefix` (several accounts can share a store):
 *   secrets: `keys`                      main DC and every DC's auth key, salt and time offset
 *   data:    `updates`                   pts/qts/date/seq
 *            `channels/<n>`              per-channel pts, spread over buckets by channel id
 *            `entities/<n>`              entity records, spread over buckets by marked id
 *            `usernames/<n>`, `phones/<n>`  indexes from username / phone to marked id
 *
 * Atomicity: each value is one logical unit, always rewritten whole, and the store replaces a value
 * atomically (see KeyValueStore). A crash mid-flush therefore leaves every unit either old or new and
 * loses nothing written by an earlier flush. Records are written before the indexes that point at
 * them; an index entry read back is checked against its record, so a stale or early entry is a
 * cache miss, never a wrong answer.
 *
 * Batching: setters only touch memory. A flush runs after `flushDelayMs` (at once for auth keys, which
 * are costly to lose), on `flush()`, and on `close()`. Only the units that changed are written.
 */
import { CorruptSessionError } from './errors'
import type { KeyValueStore } from './key-value-store'
import {
  FORMAT_VERSION,
  bucketOfId,
  bucketOfString,
  entityFromJson,
  entityToJson,
  keysFromJson,
  keysToJson,
  type EntityJson,
  type KeysJson,
} from './record-json'
import type { AuthKeyState, DcInfo, EntityRecord, Session, UpdateState } from './session'

export interface StoredSessionOptions {
  /** Where the auth keys go. */
  secrets: KeyValueStore
  /** Where the update state and entity cache go; defaults to `secrets`. */
  data?: KeyValueStore
  /** Prepended to every key, e.g. `account/42/`. */
  prefix?: string
  /** How long changes to the update state and entities wait to be batched (default 1000 ms). */
  flushDelayMs?: number
  /** Buckets for entity records and for each index (default 64). Fixed once data is written. */
  entityBuckets?: number
  /** Buckets for channel pts (default 16). Fixed once data is written. */
  channelBuckets?: number
  /** A background flush failed; the changes stay dirty and the next flush retries them. */
  onFlushError?: (error: unknown) => void
}

type IndexKind = 'usernames' | 'phones'

export class StoredSession implements Session {
  private readonly secrets: KeyValueStore
  private readonly data: KeyValueStore
  private readonly prefix: string
  private readonly flushDelayMs: number
  private readonly entityBuckets: number
  private readonly channelBuckets: number

  private dc: DcInfo | undefined
  private keys = new Map<number, AuthKeyState>()
  private state: UpdateState | undefined
  private readonly channels = new Map<bigint, number>()

  /** Entity buckets and index buckets read so far, by unit name. */
  private readonly entityUnits = new Map<number, Map<bigint, EntityRecord>>()
  private readonly indexUnits = new Map<string, Map<string, bigint>>()
  /** Records put since the last flush; merged into their buckets when it runs. */
  private pending = new Map<bigint, EntityRecord>()

  private readonly dirty = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private flushing: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(private readonly options: StoredSessionOptions) {
    this.secrets = options.secrets
    this.data = options.data ?? options.secrets
    this.prefix = options.prefix ?? ''
    this.flushDelayMs = options.flushDelayMs ?? 1000
    this.entityBuckets = options.entityBuckets ?? 64
    this.channelBuckets = options.channelBuckets ?? 16
  }

  /** Reads the keys, the update state and the channel pts; entity records are read when looked up. */
  static async open(options: StoredSessionOptions): Promise<StoredSession> {
    const session = new StoredSession(options)
    await session.load()
    return session
  }

  private async load(): Promise<void> {
    const keysText = await this.secrets.get(this.prefix + 'keys')
    if (keysText !== undefined) {
      try {
        const { dc, keys } = keysFromJson(JSON.parse(keysText) as KeysJson)
        this.dc = dc
        this.keys = keys
      } catch (error) {
        throw new CorruptSessionError(this.prefix + 'keys', (error as Error).message)
      }
    }
    const updates = await this.readData<{ state?: UpdateState }>('updates')
    this.state = updates?.state
    const buckets = await Promise.all(
      Array.from({ length: this.channelBuckets }, (_, n) => this.readData<{ pts: Record<string, number> }>(`channels/${n}`)),
    )
    for (const bucket of buckets) {
      for (const [id, pts] of Object.entries(bucket?.pts ?? {})) this.channels.set(BigInt(id), pts)
    }
  }

  get mainDc(): DcInfo | undefined {
    return this.dc
  }
  setMainDc(dc: DcInfo): void {
    this.dc = { ...dc }
    this.markDirty('keys', 0)
  }

  authKey(dcId: number): AuthKeyState | undefined {
    return this.keys.get(dcId)
  }
  setAuthKey(dcId: number, state: AuthKeyState | undefined): void {
    if (state) this.keys.set(dcId, { ...state })
    else this.keys.delete(dcId)
    this.markDirty('keys', 0)
  }

  get updateState(): UpdateState | undefined {
    return this.state
  }
  setUpdateState(state: UpdateState | undefined): void {
    this.state = state && { ...state }
    this.markDirty('updates')
  }
  channelPts(channelId: bigint): number | undefined {
    return this.channels.get(channelId)
  }
  setChannelPts(channelId: bigint, pts: number | undefined): void {
    if (pts === undefined) this.channels.delete(channelId)
    else this.channels.set(channelId, pts)
    this.markDirty(`channels/${bucketOfId(channelId, this.channelBuckets)}`)
  }

  async entityById(markedId: bigint): Promise<EntityRecord | undefined> {
    return this.pending.get(markedId) ?? (await this.entityBucket(bucketOfId(markedId, this.entityBuckets))).get(markedId)
  }
  async entityByUsername(username: string): Promise<EntityRecord | undefined> {
    const name = username.toLowerCase()
    return this.entityByIndex('usernames', name, (record) => record.usernames.includes(name))
  }
  async entityByPhone(phone: string): Promise<EntityRecord | undefined> {
    return this.entityByIndex('phones', phone, (record) => record.phone === phone)
  }
  putEntities(records: Iterable<EntityRecord>): void {
    let any = false
    for (const record of records) {
      this.pending.set(record.id, { ...record, usernames: [...record.usernames] })
      any = true
    }
    if (any) this.schedule(this.flushDelayMs)
  }

  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writeDirty())
    // A failed flush must not poison the ones queued after it.
    this.flushing = run.catch(() => {})
    return run
  }

  async close(): Promise<void> {
    this.closed = true
    await this.flush()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private async entityByIndex(
    kind: IndexKind,
    value: string,
    matches: (record: EntityRecord) => boolean,
  ): Promise<EntityRecord | undefined> {
    for (const record of this.pending.values()) if (matches(record)) return record
    const id = (await this.indexBucket(kind, bucketOfString(value, this.entityBuckets))).get(value)
    if (id === undefined) return undefined
    const record = await this.entityById(id)
    // The index may be stale (the username moved) or ahead of its record after a crash.
    return record && matches(record) ? record : undefined
  }

  private markDirty(unit: string, delayMs = this.flushDelayMs): void {
    this.dirty.add(unit)
    this.schedule(delayMs)
  }

  private schedule(delayMs: number): void {
    if (this.closed) return
    if (this.timer !== undefined) {
      if (delayMs > 0) return
      clearTimeout(this.timer)
    }
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.flush().catch((error) => this.options.onFlushError?.(error))
    }, delayMs)
    // Persistence alone must not keep the process alive.
    this.timer.unref?.()
  }

  private async writeDirty(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    await this.applyPending()
    const units = [...this.dirty]
    this.dirty.clear()
    // Records before the indexes that point at them (see the header).
    const first = units.filter((unit) => !unit.startsWith('usernames/') && !unit.startsWith('phones/'))
    const second = units.filter((unit) => !first.includes(unit))
    try {
      await Promise.all(first.map((unit) => this.writeUnit(unit)))
      await Promise.all(second.map((unit) => this.writeUnit(unit)))
    } catch (error) {
      for (const unit of units) this.dirty.add(unit)
      throw error
    }
  }

  private async applyPending(): Promise<void> {
    const records = this.pending
    if (records.size === 0) return
    // Keep answering lookups from `records` until they are merged into their buckets.
    for (const record of records.values()) {
      const n = bucketOfId(record.id, this.entityBuckets)
      const bucket = await this.entityBucket(n)
      const old = bucket.get(record.id)
      if (old) {
        for (const name of old.usernames) await this.unindex('usernames', name, old.id)
        if (old.phone) await this.unindex('phones', old.phone, old.id)
      }
      bucket.set(record.id, record)
      this.dirty.add(`entities/${n}`)
      for (const name of record.usernames) await this.index('usernames', name, record.id)
      if (record.phone) await this.index('phones', record.phone, record.id)
      if (this.pending.get(record.id) === record) this.pending.delete(record.id)
    }
  }

  private async index(kind: IndexKind, value: string, id: bigint): Promise<void> {
    const n = bucketOfString(value, this.entityBuckets)
    const bucket = await this.indexBucket(kind, n)
    if (bucket.get(value) === id) return
    bucket.set(value, id)
    this.dirty.add(`${kind}/${n}`)
  }

  private async unindex(kind: IndexKind, value: string, id: bigint): Promise<void> {
    const n = bucketOfString(value, this.entityBuckets)
    const bucket = await this.indexBucket(kind, n)
    if (bucket.get(value) !== id) return
    bucket.delete(value)
    this.dirty.add(`${kind}/${n}`)
  }

  private async entityBucket(n: number): Promise<Map<bigint, EntityRecord>> {
    let bucket = this.entityUnits.get(n)
    if (!bucket) {
      const json = await this.readData<{ records: EntityJson[] }>(`entities/${n}`)
      // Another lookup may have filled it while this one waited.
      bucket = this.entityUnits.get(n) ?? new Map((json?.records ?? []).map((r) => [BigInt(r.id), entityFromJson(r)]))
      this.entityUnits.set(n, bucket)
    }
    return bucket
  }

  private async indexBucket(kind: IndexKind, n: number): Promise<Map<string, bigint>> {
    const unit = `${kind}/${n}`
    let bucket = this.indexUnits.get(unit)
    if (!bucket) {
      const json = await this.readData<{ ids: Record<string, string> }>(unit)
      bucket = this.indexUnits.get(unit) ?? new Map(Object.entries(json?.ids ?? {}).map(([k, id]) => [k, BigInt(id)]))
      this.indexUnits.set(unit, bucket)
    }
    return bucket
  }

  /** A cache unit that cannot be parsed is treated as empty: it only costs a network lookup later. */
  private async readData<T>(unit: string): Promise<T | undefined> {
    const text = await this.data.get(this.prefix + unit)
    if (text === undefined) return undefined
    try {
      const json = JSON.parse(text) as T & { v?: number }
      return json.v === FORMAT_VERSION ? json : undefined
    } catch {
      return undefined
    }
  }

  private async writeUnit(unit: string): Promise<void> {
    if (unit === 'keys') {
      await this.secrets.set(this.prefix + 'keys', JSON.stringify(keysToJson(this.dc, this.keys)))
      return
    }
    await this.data.set(this.prefix + unit, JSON.stringify({ v: FORMAT_VERSION, ...this.unitContent(unit) }))
  }

  private unitContent(unit: string): object {
    if (unit === 'updates') return { state: this.state }
    const [kind, index] = unit.split('/')
    const n = Number(index)
    switch (kind) {
      case 'channels': {
        const pts: Record<string, number> = {}
        for (const [id, value] of this.channels) if (bucketOfId(id, this.channelBuckets) === n) pts[id.toString()] = value
        return { pts }
      }
      case 'entities':
        return { records: [...(this.entityUnits.get(n)?.values() ?? [])].map(entityToJson) }
      default: {
        const ids: Record<string, string> = {}
        for (const [key, id] of this.indexUnits.get(unit) ?? []) ids[key] = id.toString()
        return { ids }
      }
    }
  }
}
