// The raw API of TelegramClient against the sandbox: loose peer parameters (also in vectors and nested
// constructors), random_id filled in, batches in one container, in order, and with partial failure.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidPeerError, MultiError, RpcError, type EntityLike, type TelegramClient } from '../../extension/mtproto'
import { userPeer } from '../sandbox/world'
import { sandboxPerFile } from './support'

let client: TelegramClient

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada')
})

const history = (peer: EntityLike, limit = 5) =>
  ({ _: 'messages.getHistory', peer, offset_id: 0, offset_date: 0, add_offset: 0, limit, max_id: 0, min_id: 0, hash: 0n }) as const

describe('TelegramClient.invoke', () => {
  it('resolves InputPeer parameters written as usernames and ids', async () => {
    const grace = file.seeded('grace')
    const page = await client.invoke(history('@grace_hopper'))
    assert.notEqual(page._, 'messages.messagesNotModified')
    const messages = page._ === 'messages.messagesNotModified' ? [] : page.messages
    assert.ok(messages.length > 0)
    for (const message of messages) assert.deepEqual(message._ !== 'messageEmpty' && message.peer_id, { _: 'peerUser', user_id: grace.id })
    const byId = await client.invoke(history(grace.id))
    assert.deepEqual(byId, page)
  })

  it('resolves InputUser vectors and peers inside nested constructors', async () => {
    const ada = file.seeded('ada')
    const alan = file.seeded('alan')
    const users = await client.invoke({ _: 'users.getUsers', id: ['me', '@alan_turing'] })
    assert.deepEqual(users.map((u) => u._ === 'user' && u.id), [ada.id, alan.id])
    const dialogs = await client.invoke({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: '@alan_turing' }] })
    assert.equal(dialogs.dialogs.length, 1)
    assert.deepEqual(dialogs.dialogs[0]!.peer, { _: 'peerUser', user_id: alan.id })
  })

  it('fills a missing random_id, so a raw send needs none', async () => {
    const result = await client.invoke({ _: 'messages.sendMessage', peer: 'me', message: 'raw send without random_id' })
    assert.ok(result._ === 'updateShortSentMessage' || result._ === 'updates')
    const ada = file.seeded('ada')
    const last = file.sandbox.world.messages.history(ada.id, userPeer(ada.id)).at(-1)
    assert.equal(last?.text, 'raw send without random_id')
  })

  it('refuses a user where the parameter is an InputChannel', async () => {
    await assert.rejects(client.invoke({ _: 'channels.getFullChannel', channel: '@grace_hopper' }), InvalidPeerError)
  })

  it('sends a batch and answers each request by position', async () => {
    const ada = file.seeded('ada')
    const [users, config, state] = await client.invoke([{ _: 'users.getUsers', id: ['me'] }, { _: 'help.getConfig' }, { _: 'updates.getState' }])
    assert.equal(users[0]!._ === 'user' && users[0]!.id, ada.id)
    assert.equal(config._, 'config')
    assert.equal(state._, 'updates.state')
  })

  it('reports partial failure as a MultiError with every result and every error', async () => {
    const batch = [
      { _: 'users.getUsers', id: ['me'] },
      { _: 'messages.getHistory', peer: { _: 'inputPeerUser', user_id: 424242n, access_hash: 1n }, offset_id: 0, offset_date: 0, add_offset: 0, limit: 1, max_id: 0, min_id: 0, hash: 0n },
      { _: 'help.getConfig' },
    ] as const
    const error = await client.invoke(batch).then(
      () => assert.fail('the batch should fail'),
      (e: unknown) => e,
    )
    assert.ok(error instanceof MultiError)
    assert.equal(error.results.length, 3)
    assert.ok(Array.isArray(error.results[0]))
    assert.equal(error.results[1], undefined)
    assert.equal((error.results[2] as { _: string })._, 'config')
    assert.equal(error.errors[0], undefined)
    assert.ok(error.errors[1] instanceof RpcError)
    assert.equal(error.errors[2], undefined)
    assert.match(error.message, /1 of 3 requests failed: #1 messages\.getHistory/)
  })

  it('runs an ordered batch in order: the messages get increasing ids', async () => {
    const texts = ['first', 'second', 'third'].map((t) => `ordered ${t}`)
    const results = await client.invoke(
      texts.map((message) => ({ _: 'messages.sendMessage', peer: '@grace_hopper', message }) as const),
      { ordered: true },
    )
    const ids = results.map((r) => (r._ === 'updateShortSentMessage' ? r.id : -1))
    assert.ok(ids.every((id, i) => id > 0 && (i === 0 || id > ids[i - 1]!)), `ids ${ids.join(', ')} increase`)
  })
})
