// Telegram's history window arithmetic, checked against the cases core.telegram.org/api/offsets documents.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { historyWindow, type WindowRequest } from './api/messages/window'

/** Messages 1..50 sent a minute apart, newest first as every history list is. */
const history = Array.from({ length: 50 }, (_, index) => ({ id: 50 - index, date: 1_000_000 + (50 - index) * 60 }))

function ids(request: Partial<WindowRequest>, list = history): number[] {
  const full: WindowRequest = { offset_id: 0, offset_date: 0, add_offset: 0, limit: 0, max_id: 0, min_id: 0, ...request }
  return historyWindow(list, full).items.map((item) => item.id)
}

describe('history window', () => {
  it('starts from the newest message without an offset', () => {
    assert.deepEqual(ids({ limit: 5 }), [50, 49, 48, 47, 46])
  })

  it('returns the messages older than offset_id, excluding it', () => {
    assert.deepEqual(ids({ offset_id: 30, limit: 5 }), [29, 28, 27, 26, 25])
  })

  it('reaches newer messages with add_offset = -limit, offset_id included', () => {
    assert.deepEqual(ids({ offset_id: 30, add_offset: -5, limit: 5 }), [34, 33, 32, 31, 30])
  })

  it('loads messages around offset_id with add_offset = -limit/2', () => {
    assert.deepEqual(ids({ offset_id: 30, add_offset: -3, limit: 6 }), [32, 31, 30, 29, 28, 27])
  })

  it('clips a negative window at the newest message instead of shifting it', () => {
    assert.deepEqual(ids({ offset_id: 48, add_offset: -10, limit: 10 }), [50, 49, 48])
    assert.deepEqual(ids({ offset_id: 50, add_offset: -10, limit: 5 }), [])
  })

  it('skips add_offset messages older than offset_id', () => {
    assert.deepEqual(ids({ offset_id: 30, add_offset: 10, limit: 3 }), [19, 18, 17])
  })

  it('applies max_id and min_id after slicing, so they only narrow the window', () => {
    assert.deepEqual(ids({ limit: 10, max_id: 45 }), [44, 43, 42, 41])
    assert.deepEqual(ids({ limit: 10, min_id: 47 }), [50, 49, 48])
    assert.deepEqual(ids({ offset_id: 30, add_offset: -5, limit: 10, max_id: 33, min_id: 27 }), [32, 31, 30, 29, 28])
  })

  it('starts below a deleted offset_id as if it were there', () => {
    const withGap = history.filter((item) => item.id !== 30)
    assert.deepEqual(ids({ offset_id: 30, limit: 3 }, withGap), [29, 28, 27])
    assert.deepEqual(ids({ offset_id: 30, add_offset: -2, limit: 3 }, withGap), [32, 31, 29])
  })

  it('uses offset_date when there is no offset_id: messages sent before that date', () => {
    const dateOf40 = history.find((item) => item.id === 40)!.date
    assert.deepEqual(ids({ offset_date: dateOf40, limit: 3 }), [39, 38, 37])
    assert.deepEqual(ids({ offset_date: dateOf40 + 1, limit: 3 }), [40, 39, 38])
    assert.deepEqual(ids({ offset_id: 20, offset_date: dateOf40, limit: 2 }), [19, 18], 'offset_id wins')
  })

  it('defaults a zero limit to 20 and caps a large one at 100', () => {
    assert.equal(ids({}).length, 20)
    const long = Array.from({ length: 300 }, (_, index) => ({ id: 300 - index, date: 300 - index }))
    assert.equal(ids({ limit: 1000 }, long).length, 100)
  })

  it('tells where the window starts in the whole history', () => {
    const request: WindowRequest = { offset_id: 30, offset_date: 0, add_offset: -5, limit: 5, max_id: 0, min_id: 0 }
    assert.equal(historyWindow(history, request).offsetIdOffset, 16, 'message 34 has 16 newer ones')
  })
})
