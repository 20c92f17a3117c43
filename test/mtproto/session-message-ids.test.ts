import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { MessageIdGenerator, SeqNoCounter } from '../../extension/mtproto/session/message-id'

describe('message ids', () => {
  it('strictly increase and stay divisible by 4, even when the local clock jumps backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 200 }), (steps) => {
        let now = 1_700_000_000_000
        const ids = new MessageIdGenerator(() => now)
        let last = 0n
        for (const step of steps) {
          now += step
          const id = ids.next()
          assert.ok(id > last, `${id} after ${last}`)
          assert.equal(id % 4n, 0n)
          last = id
        }
      }),
    )
  })

  it('carry the unixtime in their high 32 bits, shifted by the server time offset', () => {
    const now = 1_700_000_123_456
    assert.equal(Number(new MessageIdGenerator(() => now).next() >> 32n), Math.floor(now / 1000))
    const behind = new MessageIdGenerator(() => now)
    behind.timeOffset = -120
    assert.equal(Number(behind.next() >> 32n), Math.floor(now / 1000) - 120)
  })

  it('encode the fraction of the second in the low half', () => {
    const ids = new MessageIdGenerator(() => 1_700_000_000_500)
    const low = Number(ids.next() & 0xffff_ffffn)
    // Half a second is 2^31 in 32-bit fixed point.
    assert.ok(Math.abs(low - 2 ** 31) < 8)
  })

  it('re-derives the clock offset from a server msg_id', () => {
    const now = 1_700_000_000_000
    const ids = new MessageIdGenerator(() => now)
    const serverTime = Math.floor(now / 1000) + 3600
    ids.syncWithServerMessageId((BigInt(serverTime) << 32n) | 1n)
    assert.equal(ids.timeOffset, 3600)
    assert.equal(ids.serverNow(), serverTime)
  })

  it('follow a server clock that is ahead at once, and one that is behind only after a reset for a new session', () => {
    const now = 1_700_000_000_000
    const ids = new MessageIdGenerator(() => now)
    const serverId = (offset: number) => (BigInt(Math.floor(now / 1000) + offset) << 32n) | 1n
    ids.next()
    assert.equal(ids.syncWithServerMessageId(serverId(600)), false, 'ahead: ids just jump forward')
    assert.equal(Number(ids.next() >> 32n), Math.floor(now / 1000) + 600)

    assert.equal(ids.syncWithServerMessageId(serverId(-600)), true, 'behind: ids would have to go back')
    assert.equal(Number(ids.next() >> 32n), Math.floor(now / 1000) + 600, 'never back within a session')
    ids.reset()
    assert.equal(Number(ids.next() >> 32n), Math.floor(now / 1000) - 600)
  })
})

describe('sequence numbers', () => {
  it('are 2n+1 for the n-th content-related message and 2n for the rest', () => {
    const seq = new SeqNoCounter()
    assert.deepEqual(
      [seq.next(false), seq.next(true), seq.next(true), seq.next(false), seq.next(true), seq.next(false)],
      [0, 1, 3, 4, 5, 6],
    )
  })

  it('moves forward after "too low" (32) and back after "too high" (33)', () => {
    const seq = new SeqNoCounter()
    for (let i = 0; i < 20; i++) seq.next(true)
    const before = seq.next(false)
    seq.correct(32)
    assert.ok(seq.next(false) > before)
    const high = seq.next(false)
    seq.correct(33)
    assert.ok(seq.next(false) < high)
  })
})
