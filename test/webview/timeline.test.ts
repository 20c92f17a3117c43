/** How loaded messages become history rows, and how entities are cleaned before rendering. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildTimeline, mergeMessages } from '../../webview/chat/timeline'
import type { MessageView } from '../../webview/protocol'
import { normalizeEntities, MAX_ENTITIES } from '../../webview/render/entities'
import { cleanName, initials } from '../../webview/render/names'

const day = (d: number, h = 12) => Math.floor(new Date(2025, 0, d, h).getTime() / 1000)
const msg = (id: number, date: number, senderId = '2', out = false): MessageView => ({ id, peerId: '-1', date, out, senderId, text: `m${id}`, entities: [] })

describe('chat timeline', () => {
  it('puts a date separator before the first message of each day', () => {
    const items = buildTimeline([msg(1, day(1)), msg(2, day(1, 13)), msg(3, day(2))], { showSenders: false, readOutboxMaxId: 0 })
    assert.deepEqual(items.map((i) => i.kind), ['date', 'message', 'message', 'date', 'message'])
  })

  it('puts the unread separator before the first incoming message after the read mark', () => {
    const items = buildTimeline([msg(1, day(1)), msg(2, day(1), '1', true), msg(3, day(1)), msg(4, day(1))], { showSenders: false, readOutboxMaxId: 0, unreadAfterId: 1 })
    const keys = items.map((i) => i.key)
    assert.equal(keys.indexOf('unread'), keys.indexOf('m:3') - 1)
  })

  it('shows a sender header once per run of messages from one person in groups', () => {
    const items = buildTimeline([msg(1, day(1)), msg(2, day(1) + 30), msg(3, day(1) + 60, '3'), msg(4, day(1) + 3600, '3')], { showSenders: true, readOutboxMaxId: 0 })
    const headers = items.filter((i) => i.kind === 'message').map((i) => i.kind === 'message' && i.showSender)
    assert.deepEqual(headers, [true, false, true, true])
  })

  it('marks outgoing messages up to the read outbox id as read', () => {
    const items = buildTimeline([msg(1, day(1), '1', true), msg(2, day(1), '1', true)], { showSenders: false, readOutboxMaxId: 1 })
    assert.deepEqual(items.filter((i) => i.kind === 'message').map((i) => i.kind === 'message' && i.read), [true, false])
  })

  it('merges pages by id, sorted, with the newer copy winning', () => {
    const edited = { ...msg(2, day(1)), text: 'edited' }
    const merged = mergeMessages([msg(3, day(1)), msg(2, day(1))], [msg(1, day(1)), edited])
    assert.deepEqual(merged.map((m) => [m.id, m.text]), [[1, 'm1'], [2, 'edited'], [3, 'm3']])
  })
})

describe('entity normalization', () => {
  it('clamps entities into the text and drops the ones that cannot be rendered', () => {
    const spans = normalizeEntities(10, [
      { type: 'bold', offset: -3, length: 5 }, { type: 'italic', offset: 8, length: 100 }, { type: 'bold', offset: 20, length: 1 },
      { type: 'bold', offset: 1, length: 0 }, { type: 'bold', offset: 0.5, length: 2 }, { type: 'nope', offset: 0, length: 2 }, null, '<b>',
    ])
    assert.deepEqual(spans.map((s) => [s.type, s.start, s.end]), [['bold', 0, 2], ['italic', 8, 10]])
  })

  it('orders outer entities before the ones they contain', () => {
    const spans = normalizeEntities(20, [{ type: 'italic', offset: 2, length: 3 }, { type: 'bold', offset: 0, length: 10 }])
    assert.deepEqual(spans.map((s) => s.type), ['bold', 'italic'])
  })

  it(`ignores entities past the first ${MAX_ENTITIES}`, () => {
    const many = Array.from({ length: MAX_ENTITIES + 50 }, (_, i) => ({ type: 'bold', offset: i, length: 1 }))
    assert.equal(normalizeEntities(5000, many).length, MAX_ENTITIES)
  })
})

describe('names', () => {
  it('removes bidi controls and zero-width characters from names', () => {
    assert.equal(cleanName('Invoice \u202Egpj.exe'), 'Invoice gpj.exe')
    assert.equal(cleanName('pay\u200Bpal\u200C.com\uFEFF'), 'paypal.com')
    assert.equal(cleanName('\u2066\u2069'), '\u2205')
  })

  it('makes initials from the first two words', () => {
    assert.equal(initials('alice johnson'), 'AJ')
    assert.equal(initials('  ✨ Grace'), 'G')
  })
})
