/** The protocol's envelopes and type guards: what each side accepts from the other. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { command, errorResponse, isCommand, isHostToWebview, isNotification, isWebviewToHost, notification, response, restorableChat } from '../../webview/protocol'

describe('webview protocol', () => {
  it('accepts the messages its own builders make', () => {
    assert.ok(isWebviewToHost(command('chat/open', { peerId: '-1001' })))
    assert.ok(isWebviewToHost({ kind: 'request', id: 7, method: 'chat/history', params: { peerId: '1', limit: 10 } }))
    assert.ok(isHostToWebview(notification('chat/deleted', { peerId: '1', ids: [3] })))
    assert.ok(isHostToWebview(response(7, 'media/photo', { uri: 'data:image/png;base64,AA==' })))
    assert.ok(isHostToWebview(errorResponse(7, 'chat/send', 'FLOOD_WAIT_3')))
  })

  it('rejects unknown methods, wrong kinds and malformed envelopes', () => {
    for (const value of [
      null, 'chat/open', [], {}, { kind: 'command', method: 'chat/explode', params: {} },
      { kind: 'command', method: 'chat/open' }, { kind: 'command', method: 'toString', params: {} },
      { kind: 'command', method: '__proto__', params: {} }, { kind: 'request', id: '1', method: 'chat/info', params: {} },
      { kind: 'request', id: 1.5, method: 'chat/info', params: {} }, { kind: 'notification', method: 'chat/open', params: {} },
    ]) assert.equal(isWebviewToHost(value), false, JSON.stringify(value))
    for (const value of [
      { kind: 'notification', method: 'chat/open', params: {} }, { kind: 'notification', method: 'chat/deleted' },
      { kind: 'response', id: 1, method: 'chat/info' }, { kind: 'error', id: 1, method: 'chat/info', message: 42 },
      { kind: 'command', method: 'chat/open', params: {} },
    ]) assert.equal(isHostToWebview(value), false, JSON.stringify(value))
  })

  it('narrows a message to one method with the scoped guards', () => {
    const message = command('link/open', { url: 'https://t.me', text: 't.me' })
    assert.equal(isCommand(message, 'link/open'), true)
    assert.equal(isCommand(message, 'chat/open'), false)
    assert.equal(isNotification(notification('app/error', { message: 'x' }), 'app/error'), true)
  })

  it('carries only JSON-safe data: a message survives a JSON round trip unchanged', () => {
    const message = notification('chat/newMessages', {
      peerId: '-1009223372036854775',
      messages: [{ id: 1, peerId: '-1009223372036854775', date: 1, out: false, text: 'hi', entities: [{ type: 'bold', offset: 0, length: 2 }], groupedId: '13835058055282163712' }],
    })
    assert.deepEqual(JSON.parse(JSON.stringify(message)), message)
  })

  it('restores an editor tab only from a saved state that names a well-formed peer id', () => {
    assert.equal(restorableChat({ version: 1, openChat: '-1001234567890' }), '-1001234567890')
    for (const state of [undefined, null, 'x', [], {}, { openChat: 42 }, { openChat: '1; rm -rf' }, { openChat: '' }, { openChat: '1'.repeat(21) }]) {
      assert.equal(restorableChat(state), undefined, JSON.stringify(state))
    }
  })
})
