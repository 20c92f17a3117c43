// Session storage: the memory session and the key/value adapter behave alike, persist across reopening,
// keep secrets and caches in separate stores, batch writes, and lose nothing already saved when a flush
// is cut short.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  CorruptSessionError,
  MemoryKeyValueStore,
  MemorySession,
  StoredSession,
  sessionKeyStore,
  type EntityRecord,
  type KeyValueStore,
  type Session,
} from '../../extension/mtproto/sessions'

const keyState = () => ({ authKey: new Uint8Array(randomBytes(256)), serverSalt: -1234567890123456789n, timeOffset: -3 })
const user = (id: bigint, extra: Partial<EntityRecord> = {}): EntityRecord => ({
  id,
  type: 'user',
  accessHash: 99n * id,
  min: false,
  usernames: [],
  name: `user ${id}`,
  ...extra,
})

/** Counts writes, and can fail every write after the first `allow` (a process dying mid-flush). */
class RecordingStore extends MemoryKeyValueStore {
  writes: string[] = []
  allow = Infinity
  override async set(key: string, value: string): Promise<void> {
    if (this.allow-- <= 0) throw new Error('the process died')
    this.writes.push(key)
    await super.set(key, value)
  }
}

const implementations: [string, () => Promise<Session>][] = [
  ['MemorySession', async () => new MemorySession()],
  ['StoredSession', () => StoredSession.open({ secrets: new MemoryKeyValueStore(), flushDelayMs: 60_000 })],
]

for (const [name, create] of implementations) {
  describe(`${name} as a session`, () => {
    it('keeps an auth key per DC and forgets one on request', async () => {
      const session = await create()
      const two = keyState()
      session.setAuthKey(2, two)
      session.setAuthKey(4, keyState())
      assert.deepEqual(session.authKey(2), two)
      session.setAuthKey(4, undefined)
      assert.equal(session.authKey(4), undefined)
      await session.close()
    })

    it('keeps the update state and per-channel pts', async () => {
      const session = await create()
      session.setUpdateState({ pts: 10, qts: 2, date: 1700000000, seq: 5 })
      session.setChannelPts(1234567890n, 77)
      assert.deepEqual(session.updateState, { pts: 10, qts: 2, date: 1700000000, seq: 5 })
      assert.equal(session.channelPts(1234567890n), 77)
      assert.equal(session.channelPts(1n), undefined)
      await session.close()
    })

    it('finds entity records by id, username (any case) and phone', async () => {
      const session = await create()
      session.putEntities([user(5n, { usernames: ['alice'], phone: '34600111222' })])
      assert.equal((await session.entityById(5n))?.name, 'user 5')
      assert.equal((await session.entityByUsername('ALICE'))?.id, 5n)
      assert.equal((await session.entityByPhone('34600111222'))?.id, 5n)
      await session.flush()
      assert.equal((await session.entityByUsername('alice'))?.id, 5n)
      await session.close()
    })

    it('stops answering to a username the entity gave up, even when another entity took it', async () => {
      const session = await create()
      session.putEntities([user(5n, { usernames: ['alice'] })])
      await session.flush()
      session.putEntities([user(5n, { usernames: ['alice2'] })])
      assert.equal(await session.entityByUsername('alice'), undefined)
      session.putEntities([user(6n, { usernames: ['alice'] })])
      await session.flush()
      assert.equal((await session.entityByUsername('alice'))?.id, 6n)
      assert.equal((await session.entityByUsername('alice2'))?.id, 5n)
      await session.close()
    })
  })
}

describe('StoredSession persistence', () => {
  it('reads back everything after reopening the same stores', async () => {
    const secrets = new MemoryKeyValueStore()
    const data = new MemoryKeyValueStore()
    const first = await StoredSession.open({ secrets, data, prefix: 'acct1/' })
    const key = keyState()
    first.setMainDc({ id: 2, host: '10.0.0.2', port: 443 })
    first.setAuthKey(2, key)
    first.setUpdateState({ pts: 1, qts: 2, date: 3, seq: 4 })
    first.setChannelPts(-5n, 9)
    first.putEntities([user(7n, { usernames: ['bob'], phone: '123', self: true, bot: true })])
    await first.close()

    const second = await StoredSession.open({ secrets, data, prefix: 'acct1/' })
    assert.deepEqual(second.mainDc, { id: 2, host: '10.0.0.2', port: 443 })
    assert.deepEqual(second.authKey(2), key)
    assert.deepEqual(second.updateState, { pts: 1, qts: 2, date: 3, seq: 4 })
    assert.equal(second.channelPts(-5n), 9)
    assert.deepEqual(await second.entityByUsername('bob'), user(7n, { usernames: ['bob'], phone: '123', self: true, bot: true }))
    await second.close()
  })

  it('writes auth keys only to the secrets store and caches only to the data store', async () => {
    const secrets = new MemoryKeyValueStore()
    const data = new MemoryKeyValueStore()
    const session = await StoredSession.open({ secrets, data })
    session.setAuthKey(1, keyState())
    session.setUpdateState({ pts: 1, qts: 0, date: 0, seq: 0 })
    session.putEntities([user(1n)])
    await session.close()
    assert.deepEqual([...secrets.values.keys()], ['keys'])
    assert.ok([...data.values.keys()].every((k) => k !== 'keys'))
    assert.ok(![...data.values.values()].some((v) => v.includes(Buffer.from(session.authKey(1)!.authKey).toString('base64'))))
  })

  it('batches many changes into one write per changed unit', async () => {
    const store = new RecordingStore()
    const session = await StoredSession.open({ secrets: store, flushDelayMs: 60_000, entityBuckets: 4 })
    for (let pts = 1; pts <= 100; pts++) session.setUpdateState({ pts, qts: 0, date: 0, seq: 0 })
    session.putEntities(Array.from({ length: 100 }, (_, i) => user(BigInt(i + 1) * 4n)))
    await session.flush()
    assert.deepEqual(store.writes.sort(), ['entities/0', 'updates'])
    store.writes = []
    await session.flush()
    assert.deepEqual(store.writes, [])
    await session.close()
  })

  it('writes a new auth key without waiting for the batch delay', async () => {
    const store = new RecordingStore()
    const session = await StoredSession.open({ secrets: store, flushDelayMs: 60_000 })
    const written = new Promise<void>((resolve) => {
      const set = store.set.bind(store)
      store.set = async (k, v) => {
        await set(k, v)
        if (k === 'keys') resolve()
      }
    })
    session.setAuthKey(2, keyState())
    await written
    await session.close()
  })

  it('loses nothing already saved when a flush dies halfway, and retries what it could not write', async () => {
    const store = new RecordingStore()
    const session = await StoredSession.open({ secrets: store, flushDelayMs: 60_000, entityBuckets: 8 })
    const key = keyState()
    session.setAuthKey(2, key)
    session.putEntities([user(1n, { usernames: ['one'] })])
    await session.flush()

    session.setUpdateState({ pts: 5, qts: 0, date: 0, seq: 0 })
    session.putEntities(Array.from({ length: 16 }, (_, i) => user(BigInt(i + 2), { usernames: [`u${i + 2}`] })))
    store.allow = 3
    await assert.rejects(session.flush(), /died/)

    const afterCrash = await StoredSession.open({ secrets: store, entityBuckets: 8 })
    assert.deepEqual(afterCrash.authKey(2), key)
    assert.equal((await afterCrash.entityByUsername('one'))?.id, 1n)
    // Every unit is whole: each record is either absent or complete, and no index points at a wrong record.
    for (let id = 2n; id < 18n; id++) {
      const record = await afterCrash.entityById(id)
      if (record) assert.deepEqual(record, user(id, { usernames: [`u${id}`] }))
      const byName = await afterCrash.entityByUsername(`u${id}`)
      if (byName) assert.equal(byName.id, id)
    }

    store.allow = Infinity
    await session.flush()
    const recovered = await StoredSession.open({ secrets: store, entityBuckets: 8 })
    assert.equal(recovered.updateState?.pts, 5)
    for (let id = 2n; id < 18n; id++) assert.equal((await recovered.entityByUsername(`u${id}`))?.id, id)
    await session.close()
  })

  it('refuses unreadable auth keys instead of silently signing out', async () => {
    const secrets: KeyValueStore = new MemoryKeyValueStore()
    await secrets.set('keys', '{"v":1,"keys":{"2":{"key":"AAAA","salt":"0","timeOffset":0}}}')
    await assert.rejects(StoredSession.open({ secrets }), CorruptSessionError)
  })

  it('treats an unreadable cache unit as empty', async () => {
    const secrets = new MemoryKeyValueStore()
    await secrets.set('entities/1', '{not json')
    await secrets.set('updates', '{"v":99,"state":{}}')
    const session = await StoredSession.open({ secrets, entityBuckets: 2 })
    assert.equal(session.updateState, undefined)
    assert.equal(await session.entityById(1n), undefined)
    await session.close()
  })
})

describe('sessionKeyStore', () => {
  it("loads and saves the low-level client's key state through the session", async () => {
    const session = await StoredSession.open({ secrets: new MemoryKeyValueStore(), flushDelayMs: 60_000 })
    const keys = sessionKeyStore(session)
    const state = keyState()
    keys.save(2, state)
    assert.deepEqual(keys.load(2), state)
    assert.deepEqual(session.authKey(2), state)
    assert.equal(keys.load(3), undefined)
    await session.close()
  })
})
