// The update machine on its own, fed by hand through fake server calls: the sequence rules of
// core.telegram.org/api/updates (apply, drop, hold, recover) without a network in between.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TlConstructors, TlTypes } from '../../schema/codec/generated/types'
import { UpdateEngine, type UpdateEngineDeps, type UpdateEngineOptions } from '../../extension/mtproto/updates'
import type { UpdateState } from '../../extension/mtproto/sessions/session'

const GRACE = 200n

function newMessage(id: number, pts: number): TlConstructors['updateNewMessage'] {
  return { _: 'updateNewMessage', message: { _: 'message', id, peer_id: { _: 'peerUser', user_id: GRACE }, date: 0, message: `m${id}` }, pts, pts_count: 1 }
}
const pushed = (...updates: TlTypes['Update'][]): TlTypes['Updates'] => ({ _: 'updates', updates, users: [], chats: [], date: 0, seq: 0 })

function harness(options: UpdateEngineOptions = {}, differences: TlTypes['updates.Difference'][] = [], savedState?: UpdateState) {
  const delivered: number[] = []
  const differenceCalls: UpdateState[] = []
  let saved: UpdateState | undefined = savedState
  const deps: UpdateEngineDeps = {
    getState: async () => ({ _: 'updates.state', pts: 10, qts: 0, date: 1, seq: 0, unread_count: 0 }),
    getDifference: async (state) => {
      differenceCalls.push({ ...state })
      return differences.shift() ?? { _: 'updates.differenceEmpty', date: 1, seq: 0 }
    },
    getChannelDifference: async () => undefined,
    selfId: () => 1n,
    knowsPeer: (id) => id === GRACE,
    loadState: () => saved,
    saveState: (state) => (saved = { ...state }),
    loadChannelPts: () => undefined,
    saveChannelPts: () => {},
    deliver: (update) => {
      if (update._ === 'updateNewMessage') delivered.push(update.message.id)
    },
    reportGap: () => {},
    log: () => {},
  }
  const engine = new UpdateEngine(deps, { gapTimeoutMs: 20, idleTimeoutMs: 60_000, ...options })
  return { engine, delivered, differenceCalls, saved: () => saved }
}

const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms))

describe('UpdateEngine', () => {
  it('applies updates in pts order and drops the ones already applied', async () => {
    const { engine, delivered, saved } = harness()
    await engine.start(false)
    engine.feed(pushed(newMessage(1, 11)))
    engine.feed(pushed(newMessage(1, 11)))
    engine.feed(pushed(newMessage(2, 12)))
    assert.deepEqual(delivered, [1, 2])
    assert.equal(saved()!.pts, 12)
    engine.stop()
  })

  it('holds an early update and applies it once the hole fills, without asking the server', async () => {
    const { engine, delivered, differenceCalls } = harness()
    await engine.start(false)
    engine.feed(pushed(newMessage(3, 13)))
    engine.feed(pushed(newMessage(2, 12)))
    assert.deepEqual(delivered, [])
    assert.equal(engine.heldCount, 2)
    engine.feed(pushed(newMessage(1, 11)))
    assert.deepEqual(delivered, [1, 2, 3])
    assert.equal(engine.heldCount, 0)
    await settle()
    assert.equal(differenceCalls.length, 0)
    engine.stop()
  })

  it('fetches the difference when a hole stays open, and drops what it covered', async () => {
    const difference: TlTypes['updates.Difference'] = {
      _: 'updates.difference',
      new_messages: [newMessage(1, 0).message, newMessage(2, 0).message],
      new_encrypted_messages: [],
      other_updates: [],
      users: [],
      chats: [],
      state: { _: 'updates.state', pts: 12, qts: 0, date: 2, seq: 0, unread_count: 0 },
    }
    const { engine, delivered, differenceCalls } = harness({}, [difference])
    await engine.start(false)
    engine.feed(pushed(newMessage(2, 12)))
    engine.feed(pushed(newMessage(3, 13)))
    await settle()
    assert.deepEqual(differenceCalls.map((s) => s.pts), [10])
    assert.deepEqual(delivered, [1, 2, 3])
    assert.equal(engine.accountState!.pts, 13)
    engine.stop()
  })

  it('fetches the difference at once for a short message from an unknown user', async () => {
    const { engine, delivered, differenceCalls } = harness()
    await engine.start(false)
    engine.feed({ _: 'updateShortMessage', id: 1, user_id: 999n, message: 'who?', pts: 11, pts_count: 1, date: 0 })
    await settle(5)
    assert.deepEqual(delivered, [])
    assert.equal(differenceCalls.length, 1)
    engine.feed({ _: 'updateShortMessage', id: 2, user_id: GRACE, message: 'known', pts: 11, pts_count: 1, date: 0 })
    assert.deepEqual(delivered, [2])
    engine.stop()
  })

  it('holds no more than its cap, and fetches the difference instead', async () => {
    const { engine, differenceCalls } = harness({ maxHeldUpdates: 10, gapTimeoutMs: 60_000 })
    await engine.start(false)
    for (let pts = 12; pts < 40; pts++) engine.feed(pushed(newMessage(pts, pts)))
    assert.ok(engine.heldCount <= 10)
    await settle(5)
    assert.ok(differenceCalls.length >= 1)
    engine.stop()
  })

  it('starts from the saved state and catches up from it', async () => {
    const { engine, differenceCalls } = harness({}, [], { pts: 5, qts: 0, date: 1, seq: 0 })
    await engine.start(true)
    assert.deepEqual(differenceCalls.map((s) => s.pts), [5])
    engine.stop()
  })
})
