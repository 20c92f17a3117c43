// What the chat webviews show for each connection state of the active account: its chats stay on screen through
// an outage, with the time of the next attempt, and only an account that cannot be opened at all says why instead.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Account } from '../../extension/accounts/account-store'
import { sessionViewOf } from '../../extension/chat/session-view'

const ada: Account = { id: 'a1', label: 'Ada Lovelace', kind: 'user', profile: { kind: 'production' }, apiId: 1 }
const account = { id: 'a1', name: 'Ada Lovelace', kind: 'user' }
const redact = (text: string) => text.replaceAll('s3cret', '[redacted]')

test('no account: the sign-in choices', () => {
  assert.deepEqual(sessionViewOf(undefined, { kind: 'signedOut' }, redact), { state: 'signedOut', signIn: { step: 'choose' } })
})

test('connected: the chats, with no banner', () => {
  assert.deepEqual(sessionViewOf(ada, { kind: 'connected' }, redact), { state: 'ready', account, connection: 'connected' })
})

test('before and during the first connection: the chats (from the saved view) under "connecting"', () => {
  assert.deepEqual(sessionViewOf(ada, { kind: 'signedOut' }, redact), { state: 'ready', account, connection: 'connecting' })
  assert.deepEqual(sessionViewOf(ada, { kind: 'connecting' }, redact), { state: 'ready', account, connection: 'connecting' })
})

test('reconnecting and offline keep the chats, with when the next attempt starts', () => {
  assert.deepEqual(sessionViewOf(ada, { kind: 'reconnecting', retryAt: 1234 }, redact), { state: 'ready', account, connection: 'connecting', retryAt: 1234 })
  assert.deepEqual(sessionViewOf(ada, { kind: 'offline', reason: 'connect ECONNREFUSED', retryAt: 5678 }, redact), { state: 'ready', account, connection: 'offline', retryAt: 5678 })
})

test('an account whose client could not be opened says why, redacted', () => {
  assert.deepEqual(sessionViewOf(ada, { kind: 'offline', reason: 'no session for s3cret' }, redact), {
    state: 'signedOut',
    signIn: { step: 'waiting', label: 'Offline: no session for [redacted]' },
  })
})
