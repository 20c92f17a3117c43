/**
 * JSON shapes of what a `StoredSession` writes. Every value carries a format version `v` so a later
 * format can read (or knowingly discard) an older one. bigints travel as decimal strings, bytes as
 * base64, since JSON has neither.
 */
import type { AuthKeyState, DcInfo, EntityRecord, PeerType } from './session'

export const FORMAT_VERSION = 1

export interface KeysJson {
  v: number
  dc?: DcInfo
  keys: Record<string, { key: string; salt: string; timeOffset: number }>
}

export interface EntityJson {
  id: string
  type: PeerType
  hash?: string
  min?: 1
  usernames?: string[]
  phone?: string
  name: string
  self?: 1
  bot?: 1
  megagroup?: 1
}

export function keysToJson(dc: DcInfo | undefined, keys: ReadonlyMap<number, AuthKeyState>): KeysJson {
  const json: KeysJson = { v: FORMAT_VERSION, keys: {} }
  if (dc) json.dc = dc
  for (const [dcId, state] of keys) {
    json.keys[dcId] = {
      key: Buffer.from(state.authKey).toString('base64'),
      salt: state.serverSalt.toString(),
      timeOffset: state.timeOffset,
    }
  }
  return json
}

/** Throws a plain Error naming the bad field; the caller wraps it with the key it read. */
export function keysFromJson(json: KeysJson): { dc: DcInfo | undefined; keys: Map<number, AuthKeyState> } {
  if (json.v !== FORMAT_VERSION) throw new Error(`format version ${json.v} is not ${FORMAT_VERSION}`)
  const keys = new Map<number, AuthKeyState>()
  for (const [dcId, entry] of Object.entries(json.keys ?? {})) {
    const authKey = new Uint8Array(Buffer.from(entry.key, 'base64'))
    if (authKey.length !== 256) throw new Error(`the key of DC ${dcId} is ${authKey.length} bytes, not 256`)
    keys.set(Number(dcId), { authKey, serverSalt: BigInt(entry.salt), timeOffset: entry.timeOffset })
  }
  const dc = json.dc && typeof json.dc.id === 'number' ? json.dc : undefined
  return { dc, keys }
}

export function entityToJson(record: EntityRecord): EntityJson {
  const json: EntityJson = { id: record.id.toString(), type: record.type, name: record.name }
  if (record.accessHash !== undefined) json.hash = record.accessHash.toString()
  if (record.min) json.min = 1
  if (record.usernames.length > 0) json.usernames = record.usernames
  if (record.phone) json.phone = record.phone
  if (record.self) json.self = 1
  if (record.bot) json.bot = 1
  if (record.megagroup) json.megagroup = 1
  return json
}

export function entityFromJson(json: EntityJson): EntityRecord {
  const record: EntityRecord = {
    id: BigInt(json.id),
    type: json.type,
    min: json.min === 1,
    usernames: json.usernames ?? [],
    name: json.name,
  }
  if (json.hash !== undefined) record.accessHash = BigInt(json.hash)
  if (json.phone) record.phone = json.phone
  if (json.self) record.self = true
  if (json.bot) record.bot = true
  if (json.megagroup) record.megagroup = true
  return record
}

/** FNV-1a: spreads usernames and phones over index buckets; not a security boundary. */
export function bucketOfString(value: string, buckets: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % buckets
}

export function bucketOfId(id: bigint, buckets: number): number {
  const n = BigInt(buckets)
  return Number(((id % n) + n) % n)
}
