/** The record the cache keeps for a User, Chat or Channel object, and how a newer sighting merges in. */
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { EntityRecord } from '../sessions/session'
import { getDisplayName } from './display-name'
import { markPeerId } from './peer-id'

export type CachedEntity = TlTypes['User'] | TlTypes['Chat']

/** Undefined for the *Empty constructors, which say nothing worth keeping. */
export function recordFromEntity(entity: CachedEntity): EntityRecord | undefined {
  switch (entity._) {
    case 'user':
      return withOptional(
        { id: entity.id, type: 'user', min: entity.min ?? false, usernames: usernamesOf(entity), name: getDisplayName(entity) },
        { accessHash: entity.access_hash, phone: entity.phone || undefined, self: entity.self, bot: entity.bot },
      )
    case 'chat':
    case 'chatForbidden':
      return { id: markPeerId('chat', entity.id), type: 'chat', min: false, usernames: [], name: entity.title }
    case 'channel':
      return withOptional(
        { id: markPeerId('channel', entity.id), type: 'channel', min: entity.min ?? false, usernames: usernamesOf(entity), name: entity.title },
        { accessHash: entity.access_hash, megagroup: entity.megagroup },
      )
    case 'channelForbidden':
      return withOptional(
        { id: markPeerId('channel', entity.id), type: 'channel', min: false, usernames: [], name: entity.title, accessHash: entity.access_hash },
        { megagroup: entity.megagroup },
      )
    default:
      return undefined
  }
}

/**
 * What to keep when `incoming` is seen for an entity already cached as `known`. A min constructor
 * never replaces a full access hash (Telegram sends min objects where the full one is not needed),
 * and fills in only the fields it carries.
 */
export function mergeRecords(known: EntityRecord | undefined, incoming: EntityRecord): EntityRecord {
  if (!known || !incoming.min) return incoming
  const merged: EntityRecord = {
    ...known,
    name: incoming.name || known.name,
    usernames: incoming.usernames.length > 0 ? incoming.usernames : known.usernames,
  }
  if (incoming.phone) merged.phone = incoming.phone
  if (known.min && incoming.accessHash !== undefined) merged.accessHash = incoming.accessHash
  return merged
}

export function sameRecord(a: EntityRecord, b: EntityRecord): boolean {
  return (
    a.id === b.id &&
    a.accessHash === b.accessHash &&
    a.min === b.min &&
    a.name === b.name &&
    a.phone === b.phone &&
    !!a.self === !!b.self &&
    !!a.bot === !!b.bot &&
    !!a.megagroup === !!b.megagroup &&
    a.usernames.length === b.usernames.length &&
    a.usernames.every((name, i) => name === b.usernames[i])
  )
}

function usernamesOf(entity: { username?: string; usernames?: TlTypes['Username'][] }): string[] {
  const names = new Set<string>()
  if (entity.username) names.add(entity.username.toLowerCase())
  for (const u of entity.usernames ?? []) if (u.active) names.add(u.username.toLowerCase())
  return [...names]
}

/** Sets only the optional fields that have a value, so records compare and serialize cleanly. */
function withOptional(record: EntityRecord, optional: Partial<EntityRecord>): EntityRecord {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined && value !== false) (record as unknown as Record<string, unknown>)[key] = value
  }
  return record
}
