/**
 * Every user, chat and channel the client has seen, with the access hash this account was given for
 * it. `ingest()` takes any decoded response and picks out the entities wherever they sit (`users` and
 * `chats` vectors, or a lone `user` field as in auth.authorization).
 *
 * Memory can be bounded: beyond `maxEntries` the least recently used records leave memory, and are
 * found again through the session. Changed records are pushed to the session once per tick; the
 * session batches its own writes.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { EntityRecord, Session } from '../sessions/session'
import { mergeRecords, recordFromEntity, sameRecord, type CachedEntity } from './entity-record'
import { EntityNotFoundError, InvalidPeerError } from './errors'
import { getInputPeer, inputPeerFromRecord } from './input-peers'
import { getPeerId, type PeerSource } from './peer-id'
import { parsePeerReference } from './peer-reference'

export interface EntityCacheOptions {
  /** Where records persist, and where lookups go when memory has no answer. */
  session?: Session
  /** Keep at most this many records in memory. Without a session, evicted records are forgotten. */
  maxEntries?: number
}

/** Anything `resolveInputPeer` accepts. */
export type PeerLike = PeerSource | string | number | bigint

const ENTITY_CONSTRUCTORS = new Set(['user', 'chat', 'chatForbidden', 'channel', 'channelForbidden'])
/** Entities sit at most a few levels down in any answer; a bound keeps hostile nesting cheap. */
const MAX_INGEST_DEPTH = 8

export class EntityCache {
  /** The signed-in user's marked id, once a `user` with the `self` flag has been seen. */
  selfId: bigint | undefined

  private readonly records = new Map<bigint, EntityRecord>()
  private readonly byUsername = new Map<string, bigint>()
  private readonly byPhone = new Map<string, bigint>()
  private readonly dirty = new Set<bigint>()
  private flushQueued = false

  constructor(private readonly options: EntityCacheOptions = {}) {}

  get size(): number {
    return this.records.size
  }

  /** Caches the entities found anywhere in a decoded response; returns how many were seen. */
  ingest(response: unknown): number {
    let seen = 0
    const stack: [unknown, number][] = [[response, 0]]
    while (stack.length > 0) {
      const [value, depth] = stack.pop()!
      if (Array.isArray(value)) {
        if (depth < MAX_INGEST_DEPTH) for (const item of value) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1])
        continue
      }
      const object = value as { _?: unknown }
      if (typeof object._ === 'string' && ENTITY_CONSTRUCTORS.has(object._)) {
        this.add(value as CachedEntity)
        seen++
        continue
      }
      if (depth >= MAX_INGEST_DEPTH) continue
      for (const key in object) {
        const field = (object as Record<string, unknown>)[key]
        if (typeof field === 'object' && field !== null && !ArrayBuffer.isView(field)) stack.push([field, depth + 1])
      }
    }
    return seen
  }

  add(entity: CachedEntity): void {
    const incoming = recordFromEntity(entity)
    if (!incoming) return
    if (incoming.self) this.selfId = incoming.id
    const known = this.records.get(incoming.id)
    const merged = mergeRecords(known, incoming)
    if (known && sameRecord(known, merged)) {
      this.touch(known)
      return
    }
    const session = this.options.session
    if (!known && incoming.min && session) {
      // The full record may have left memory but not the session: read it back before merging, or the
      // min sighting would overwrite its access hash there.
      session.entityById(incoming.id).then(
        (stored) => this.put(mergeRecords(this.records.get(incoming.id) ?? stored, incoming)),
        () => {},
      )
      return
    }
    this.put(merged)
  }

  /** The record in memory, without asking the session. */
  get(markedId: bigint): EntityRecord | undefined {
    const record = this.records.get(markedId)
    if (record) this.touch(record)
    return record
  }

  async find(markedId: bigint): Promise<EntityRecord | undefined> {
    return this.get(markedId) ?? this.remember(await this.options.session?.entityById(markedId))
  }

  async findByUsername(username: string): Promise<EntityRecord | undefined> {
    const name = username.replace(/^@/, '').toLowerCase()
    const id = this.byUsername.get(name)
    return (id !== undefined ? this.get(id) : undefined) ?? this.remember(await this.options.session?.entityByUsername(name))
  }

  async findByPhone(phone: string): Promise<EntityRecord | undefined> {
    const id = this.byPhone.get(phone)
    return (id !== undefined ? this.get(id) : undefined) ?? this.remember(await this.options.session?.entityByPhone(phone))
  }

  /**
   * The input peer for anything that names a peer, from the cache alone. Throws EntityNotFoundError
   * (saying where it looked) when the client would have to ask the server.
   */
  async resolveInputPeer(peer: PeerLike): Promise<TlTypes['InputPeer']> {
    if (typeof peer === 'object') return this.resolveObject(peer)
    const reference = parsePeerReference(peer)
    const shown = typeof peer === 'string' ? JSON.stringify(peer) : String(peer)
    if (!reference) throw new InvalidPeerError(`${shown} is not a username, link, phone number or peer id`)
    const where = this.options.session ? 'the entity cache in memory and in the session' : 'the entity cache in memory'
    switch (reference.kind) {
      case 'self':
        return { _: 'inputPeerSelf' }
      case 'id':
        if (reference.type === 'chat') return { _: 'inputPeerChat', chat_id: reference.id }
        return this.inputPeerOf(await this.find(reference.markedId), shown, [`${where}, by id ${reference.markedId}`])
      case 'username':
        return this.inputPeerOf(await this.findByUsername(reference.username), shown, [`${where}, by username @${reference.username}`])
      case 'phone':
        return this.inputPeerOf(await this.findByPhone(reference.phone), shown, [`${where}, by phone +${reference.phone}`], PHONE_HINT)
      case 'invite':
        throw new EntityNotFoundError(shown, ['nothing: invite links are never cached'], INVITE_HINT)
    }
  }

  /** Pushes changed records to the session now (it persists them with its next flush). */
  flush(): void {
    const session = this.options.session
    if (!session || this.dirty.size === 0) {
      this.dirty.clear()
      return
    }
    const changed: EntityRecord[] = []
    for (const id of this.dirty) {
      const record = this.records.get(id)
      if (record) changed.push(record)
    }
    this.dirty.clear()
    session.putEntities(changed)
  }

  private async resolveObject(peer: PeerSource): Promise<TlTypes['InputPeer']> {
    if (ENTITY_CONSTRUCTORS.has(peer._)) this.add(peer as CachedEntity)
    try {
      return getInputPeer(peer)
    } catch (error) {
      if (!(error instanceof InvalidPeerError)) throw error
      // A Peer, or a min object: the cache may hold the access hash.
      const markedId = getPeerId(peer)
      return this.inputPeerOf(await this.find(markedId), `${peer._} ${markedId}`, [`the entity cache, by id ${markedId}`])
    }
  }

  private inputPeerOf(record: EntityRecord | undefined, shown: string, tried: string[], hint?: string): TlTypes['InputPeer'] {
    if (!record) throw new EntityNotFoundError(shown, tried, hint)
    if (record.min || record.accessHash === undefined) {
      if (record.type === 'chat') return inputPeerFromRecord(record)
      throw new EntityNotFoundError(shown, [...tried, 'found only from a min constructor, without a usable access hash'], hint)
    }
    return inputPeerFromRecord(record)
  }

  private remember(record: EntityRecord | undefined): EntityRecord | undefined {
    if (record && !this.records.has(record.id)) this.store(record)
    return record
  }

  private put(record: EntityRecord): void {
    this.store(record)
    this.dirty.add(record.id)
    if (!this.flushQueued && this.options.session) {
      this.flushQueued = true
      queueMicrotask(() => {
        this.flushQueued = false
        this.flush()
      })
    }
  }

  private store(record: EntityRecord): void {
    const old = this.records.get(record.id)
    if (old) this.unindex(old)
    this.records.delete(record.id)
    this.records.set(record.id, record)
    for (const name of record.usernames) this.byUsername.set(name, record.id)
    if (record.phone) this.byPhone.set(record.phone, record.id)
    this.evict()
  }

  private touch(record: EntityRecord): void {
    if (this.options.maxEntries === undefined) return
    this.records.delete(record.id)
    this.records.set(record.id, record)
  }

  private unindex(record: EntityRecord): void {
    for (const name of record.usernames) if (this.byUsername.get(name) === record.id) this.byUsername.delete(name)
    if (record.phone && this.byPhone.get(record.phone) === record.id) this.byPhone.delete(record.phone)
  }

  private evict(): void {
    const max = this.options.maxEntries
    if (max === undefined || this.records.size <= max) return
    // Changed records reach the session before they leave memory.
    this.flush()
    for (const record of this.records.values()) {
      if (this.records.size <= max) break
      this.records.delete(record.id)
      this.unindex(record)
    }
  }
}

const PHONE_HINT =
  'Phone numbers resolve only for your contacts: import the contact (contacts.importContacts) or load your contacts first.'
const INVITE_HINT = 'Check the invite (messages.checkChatInvite) or join it (messages.importChatInvite) to learn the chat.'
