// The entity cache: picks entities out of any response, keeps full access hashes over min sightings,
// indexes usernames and phones, bounds its memory, persists through the session, and explains misses.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import { EntityCache, EntityNotFoundError, markPeerId } from '../../extension/mtproto/entities'
import { MemoryKeyValueStore, MemorySession, StoredSession } from '../../extension/mtproto/sessions'

const user = (id: bigint, extra: Partial<Extract<TlTypes['User'], { _: 'user' }>> = {}): TlTypes['User'] => ({
  _: 'user',
  id,
  access_hash: id * 1000n,
  first_name: `User${id}`,
  ...extra,
})
const channel = (id: bigint, extra: Partial<Extract<TlTypes['Chat'], { _: 'channel' }>> = {}): TlTypes['Chat'] => ({
  _: 'channel',
  id,
  access_hash: id * 7n,
  title: `Channel ${id}`,
  photo: { _: 'chatPhotoEmpty' },
  date: 0,
  ...extra,
})
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('EntityCache', () => {
  it('caches the users and chats of a response wherever they sit', async () => {
    const cache = new EntityCache()
    const response = {
      _: 'messages.messages',
      messages: [],
      chats: [channel(10n, { username: 'news' }), { _: 'chat', id: 3n, title: 'Group', photo: { _: 'chatPhotoEmpty' }, participants_count: 2, date: 0, version: 0 }],
      users: [user(1n, { username: 'Alice', phone: '34600111222' })],
    }
    const authorization = { _: 'auth.authorization', user: user(2n, { self: true }) }
    assert.equal(cache.ingest(response), 3)
    assert.equal(cache.ingest(authorization), 1)
    assert.equal(cache.selfId, 2n)
    assert.deepEqual(await cache.resolveInputPeer('@alice'), { _: 'inputPeerUser', user_id: 1n, access_hash: 1000n })
    assert.deepEqual(await cache.resolveInputPeer('+34 600 111 222'), { _: 'inputPeerUser', user_id: 1n, access_hash: 1000n })
    assert.deepEqual(await cache.resolveInputPeer('https://t.me/news'), { _: 'inputPeerChannel', channel_id: 10n, access_hash: 70n })
    assert.deepEqual(await cache.resolveInputPeer(markPeerId('channel', 10n)), { _: 'inputPeerChannel', channel_id: 10n, access_hash: 70n })
    assert.deepEqual(await cache.resolveInputPeer({ _: 'peerChannel', channel_id: 10n }), { _: 'inputPeerChannel', channel_id: 10n, access_hash: 70n })
    assert.deepEqual(await cache.resolveInputPeer('-3'), { _: 'inputPeerChat', chat_id: 3n })
    assert.deepEqual(await cache.resolveInputPeer('me'), { _: 'inputPeerSelf' })
  })

  it('keeps a full access hash when the same user later arrives as a min constructor', async () => {
    const cache = new EntityCache()
    cache.add(user(1n, { username: 'alice' }))
    cache.add(user(1n, { min: true, access_hash: 555n, first_name: 'Renamed' }))
    const record = cache.get(1n)!
    assert.equal(record.accessHash, 1000n)
    assert.equal(record.min, false)
    assert.equal(record.name, 'Renamed')
    assert.deepEqual(record.usernames, ['alice'])
  })

  it('keeps a full access hash stored in the session when the record has left memory', async () => {
    const session = new MemorySession()
    const cache = new EntityCache({ session, maxEntries: 1 })
    cache.add(user(1n))
    cache.add(user(2n))
    assert.equal(cache.get(1n), undefined)
    cache.add(user(1n, { min: true, access_hash: 555n }))
    await tick()
    assert.equal((await session.entityById(1n))?.accessHash, 1000n)
    assert.equal((await cache.find(1n))?.accessHash, 1000n)
  })

  it('lets a full sighting replace a min one', () => {
    const cache = new EntityCache()
    cache.add(channel(5n, { min: true, access_hash: 1n }))
    cache.add(channel(5n))
    assert.deepEqual({ hash: cache.get(markPeerId('channel', 5n))?.accessHash, min: cache.get(markPeerId('channel', 5n))?.min }, { hash: 35n, min: false })
  })

  it('follows username changes', async () => {
    const cache = new EntityCache()
    cache.add(user(1n, { username: 'old' }))
    cache.add(user(1n, { username: undefined, usernames: [{ _: 'username', username: 'New', active: true }, { _: 'username', username: 'gone' }] }))
    assert.equal(await cache.findByUsername('old'), undefined)
    assert.equal((await cache.findByUsername('new'))?.id, 1n)
    assert.equal(await cache.findByUsername('gone'), undefined)
  })

  it('stays within maxEntries and finds evicted records through the session', async () => {
    const store = new MemoryKeyValueStore()
    const session = await StoredSession.open({ secrets: store, flushDelayMs: 60_000 })
    const cache = new EntityCache({ session, maxEntries: 100 })
    for (let id = 1n; id <= 1000n; id++) cache.ingest({ users: [user(id, { username: `user${id}` })] })
    assert.equal(cache.size, 100)
    await session.flush()
    const reopened = new EntityCache({ session: await StoredSession.open({ secrets: store }) })
    assert.equal((await reopened.findByUsername('user1'))?.accessHash, 1000n)
    assert.deepEqual(await reopened.resolveInputPeer(500), { _: 'inputPeerUser', user_id: 500n, access_hash: 500_000n })
    await session.close()
  })

  it('writes only changed records to the session, once per tick', async () => {
    const session = new MemorySession()
    const puts: bigint[][] = []
    const put = session.putEntities.bind(session)
    session.putEntities = (records) => {
      const list = [...records]
      puts.push(list.map((r) => r.id).sort())
      put(list)
    }
    const cache = new EntityCache({ session })
    cache.ingest({ users: [user(1n), user(2n)] })
    cache.ingest({ users: [user(1n)] })
    await tick()
    cache.ingest({ users: [user(1n), user(2n, { first_name: 'Changed' })] })
    await tick()
    assert.deepEqual(puts, [[1n, 2n], [2n]])
  })

  it('does not hang or overflow on deeply nested or cyclic-looking input', () => {
    const cache = new EntityCache()
    let deep: Record<string, unknown> = { _: 'user', id: 1n, access_hash: 1n }
    for (let i = 0; i < 100_000; i++) deep = { _: 'wrapper', inner: deep }
    assert.equal(cache.ingest(deep), 0)
    const shared = { _: 'x', users: [user(3n)] }
    assert.equal(cache.ingest({ _: 'y', a: [shared, shared] }), 2)
  })

  it('explains what it tried and how to make an unknown entity known', async () => {
    const cache = new EntityCache({ session: new MemorySession() })
    await assert.rejects(cache.resolveInputPeer('@nobody'), (error: unknown) => {
      assert.ok(error instanceof EntityNotFoundError)
      assert.match(error.message, /"@nobody"/)
      assert.match(error.message, /by username @nobody/)
      assert.match(error.message, /getDialogs/)
      return true
    })
    await assert.rejects(cache.resolveInputPeer(424242), /by id 424242/)
    await assert.rejects(cache.resolveInputPeer('+34600000000'), /contacts/)
    await assert.rejects(cache.resolveInputPeer('t.me/+AbCdEf'), /checkChatInvite/)
    cache.add(user(9n, { min: true }))
    await tick()
    await assert.rejects(cache.resolveInputPeer(9), /min constructor/)
  })
})
