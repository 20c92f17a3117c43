// The control hook acting as seeded accounts: each action runs the real method handler, so a connected session of
// the other side receives exactly what it would if a real client had acted. Also the same hook over loopback HTTP.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { TlConstructors } from '../../schema/codec/generated/types'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { startControlEndpoint, type ControlEndpoint } from './control/http-endpoint'
import { startSandbox, type Sandbox } from './server'
import { recordingClient, subscribedClient, type RecordingClient } from './updates/test-clients'

let sandbox: Sandbox
let ada: RecordingClient
let adaId: bigint
let graceId: bigint
let adaUsername: string
let graceUsername: string

before(async () => {
  sandbox = await startSandbox()
  const seeded = (key: string) => sandbox.seed!.accounts.find((account) => account.key === key)!
  ;({ id: adaId, username: adaUsername } = seeded('ada') as { id: bigint; username: string })
  ;({ id: graceId, username: graceUsername } = seeded('grace') as { id: bigint; username: string })
  ada = await subscribedClient(sandbox, adaId)
})
after(async () => {
  ada.close()
  await sandbox.stop()
})

type Push = { _: string; [field: string]: unknown }
const updatesIn = (push: Push): { _: string; [field: string]: unknown }[] =>
  push._ === 'updateShort' ? [push.update as Push] : push._ === 'updates' || push._ === 'updatesCombined' ? (push.updates as Push[]) : [push]

describe('acting as another account through the control hook', () => {
  test('send, edit, read, type and delete as Grace reach Ada as pushes', async () => {
    const grace = sandbox.control.as(`@${graceUsername}`)
    assert.equal(grace.accountId, graceId)

    await grace.sendMessage(`@${adaUsername}`, 'hello from the control hook')
    const message = await ada.nextPush((push) => push._ === 'updateShortMessage')
    assert.equal(message.message, 'hello from the control hook')
    assert.equal(message.user_id, graceId)
    const adaCopyId = message.id as number

    const sent = (await grace.invoke({ _: 'messages.getHistory', peer: grace.inputPeer(adaId), offset_id: 0, offset_date: 0, add_offset: 0, limit: 1, max_id: 0, min_id: 0, hash: 0n })) as TlConstructors['messages.messages']
    const graceCopyId = sent.messages[0]!.id
    await grace.editMessage(adaId, graceCopyId, 'hello, edited')
    const edit = await ada.nextPush((push) => updatesIn(push).some((u) => u._ === 'updateEditMessage'))
    const edited = updatesIn(edit).find((u) => u._ === 'updateEditMessage')!.message as TlConstructors['message']
    assert.equal(edited.id, adaCopyId, "the edit names Ada's copy")
    assert.equal(edited.message, 'hello, edited')

    await grace.setTyping(adaId)
    const typing = await ada.nextPush((push) => updatesIn(push).some((u) => u._ === 'updateUserTyping'))
    assert.equal(updatesIn(typing)[0]!.user_id, graceId)

    // Ada writes back from her own client; Grace reads it, and Ada's outbox read position moves.
    const graceAsAdaSees = { _: 'inputPeerUser', user_id: graceId, access_hash: sandbox.world.accessHashes.of(adaId, { kind: 'user', id: graceId }) } as const
    await ada.client.invoke({ _: 'messages.sendMessage', peer: graceAsAdaSees, message: 'got it', random_id: 42n })
    await grace.readHistory(adaId)
    const read = await ada.nextPush((push) => updatesIn(push).some((u) => u._ === 'updateReadHistoryOutbox'))
    const outbox = updatesIn(read).find((u) => u._ === 'updateReadHistoryOutbox')!
    assert.deepEqual(outbox.peer, { _: 'peerUser', user_id: graceId })
    assert.ok((outbox.max_id as number) > adaCopyId)

    await grace.deleteMessages(adaId, [graceCopyId], { revoke: true })
    const deletion = await ada.nextPush((push) => updatesIn(push).some((u) => u._ === 'updateDeleteMessages'))
    assert.deepEqual(updatesIn(deletion).find((u) => u._ === 'updateDeleteMessages')!.messages, [adaCopyId])
  })

  test('answers the errors a real client would get', async () => {
    await assert.rejects(sandbox.control.as(graceId).editMessage(adaId, 999_999, 'nothing there'), /MESSAGE_ID_INVALID|MESSAGE_EDIT_TIME_EXPIRED|MSG_ID_INVALID/)
    assert.throws(() => sandbox.control.as('@nobody_here'), /no account/)
  })
})

describe('the control endpoint over loopback HTTP', () => {
  let endpoint: ControlEndpoint
  before(async () => {
    endpoint = await startControlEndpoint(sandbox.control)
  })
  after(async () => {
    sandbox.control.clearFaults()
    await endpoint.close()
  })

  const post = async (path: string, body: object = {}) => {
    const response = await fetch(`${endpoint.url}${path}`, { method: 'POST', body: JSON.stringify(body) })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  test('arms a flood wait that the next call meets, shows it, and clears what is left', async () => {
    const impatient = recordingClient(sandbox, 1, { floodWaitThreshold: 0 })
    try {
      assert.equal((await post('/faults/flood-wait', { method: 'help.getNearestDc', seconds: 3, calls: 2 })).status, 200)
      const armed = (await (await fetch(`${endpoint.url}/faults`)).json()) as { calls: { method: string; message: string; remaining: number }[] }
      assert.deepEqual(armed.calls.map((c) => [c.method, c.message, c.remaining]), [['help.getNearestDc', 'FLOOD_WAIT_3', 2]])
      const error = await impatient.client.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e)
      assert.ok(error instanceof RpcError)
      assert.equal(error.message, 'FLOOD_WAIT_3')
      assert.equal((await post('/faults/clear')).status, 200)
      assert.equal((await impatient.client.invoke({ _: 'help.getNearestDc' }))._, 'nearestDc')
    } finally {
      impatient.close()
    }
  })

  test('acts as an account: a message sent over HTTP reaches the connected session', async () => {
    const reply = await post('/act', { as: graceUsername, action: 'sendMessage', peer: adaUsername, text: 'sent over HTTP' })
    assert.equal(reply.status, 200)
    const push = await ada.nextPush((p) => p._ === 'updateShortMessage' && p.message === 'sent over HTTP')
    assert.equal(push.user_id, graceId)
  })

  test('refuses bad requests with 400 and unknown accounts with 404', async () => {
    assert.equal((await post('/faults/delay', { ms: 'soon' })).status, 400)
    assert.equal((await post('/faults/migrate', { method: 'x', kind: 'MOON', dcId: 2 })).status, 400)
    assert.equal((await post('/act', { as: 'nobody_at_all', action: 'setTyping', peer: adaUsername })).status, 404)
    assert.equal((await post('/nowhere')).status, 404)
  })
})
