// Exactly once under retries. A send the server has acknowledged can still lose its answer with the connection;
// the client must then send it again (same random_id), and the sandbox, like Telegram, must post it only once.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TelegramClient } from '../../extension/mtproto'
import { seeded, signedInClient } from '../client/support'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'

let sandbox: Sandbox
let ada: TelegramClient

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
  ada = await signedInClient(sandbox, 'ada', { requestTimeoutMs: 60_000 })
})
after(async () => {
  await ada.disconnect()
  await sandbox.stop()
})

const copiesOf = (text: string) =>
  sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(seeded(sandbox, 'grace').id)).filter((m) => m.out && m.text === text)

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('exactly once under retries', () => {
  it('a send whose answer was lost after the server acknowledged it completes on the next connection, posted once', { timeout: 60_000 }, async () => {
    const grace = seeded(sandbox, 'grace').username!
    await ada.sendMessage(grace, 'warm-up: the peer is resolved')
    const text = 'answer lost with the connection'
    // The handler runs at once (the message is posted and the query acknowledged); only the answer waits.
    sandbox.control.delayResponses(3_000, { method: 'messages.sendMessage', calls: 1 })
    const sending = ada.sendMessage(grace, text)
    await until(() => copiesOf(text).length > 0)
    // An answer on the same connection comes after the acknowledgement of the send: once it is in, the client
    // has seen that the server holds the send.
    await ada.invoke({ _: 'help.getNearestDc' })
    sandbox.control.dropConnections()
    const sent = await sending
    const copies = copiesOf(text)
    assert.equal(copies.length, 1, 'posted once')
    assert.equal(sent.id, copies[0]!.id, 'the client learns the id of the one message')
  })

  it('the sandbox answers a repeated random_id with the message it already posted', { timeout: 60_000 }, async () => {
    const grace = seeded(sandbox, 'grace')
    const peer = await ada.resolvePeer(grace.username!)
    const request = { _: 'messages.sendMessage', peer, message: 'sent twice with one random_id', random_id: 424242n } as const
    const first = await ada.invoke(request)
    const second = await ada.invoke(request)
    assert.equal(first._, 'updateShortSentMessage')
    assert.equal(second._, 'updateShortSentMessage')
    assert.equal((second as { id: number }).id, (first as { id: number }).id)
    // The repeat moves no pts: an update engine that applied the first must not wait for another event.
    assert.equal((second as { pts: number }).pts, (first as { pts: number }).pts)
    assert.equal((second as { pts_count: number }).pts_count, 0)
    assert.equal(copiesOf('sent twice with one random_id').length, 1)
  })
})
