// Faults met by an independent client: mtcute's update manager tracks pts itself, so when the sandbox swallows
// updates it must see the gap and recover the missing messages through our updates.getDifference; after a
// server restart it must reconnect and keep receiving.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { TelegramClient, type Message } from '@mtcute/node'
import { createMtcuteClient } from '../support/mtcute-sandbox'
import type { SeededAccount } from './seed'
import { startSandbox, type Sandbox } from './server'

describe('mtcute against injected faults', () => {
  let sandbox: Sandbox
  let client: TelegramClient
  const received: string[] = []
  let wake: (() => void) | undefined
  const seeded = (key: string): SeededAccount => sandbox.seed!.accounts.find((account) => account.key === key)!

  /** Resolves once the handler has seen every text in `texts`. */
  async function receivedAll(texts: readonly string[]): Promise<void> {
    while (!texts.every((text) => received.includes(text))) await new Promise<void>((resolve) => (wake = resolve))
  }

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    const ada = seeded('ada')
    client = new TelegramClient({ client: createMtcuteClient(sandbox, { dcId: ada.homeDc }) })
    await client.start({ phone: `+${ada.phone}`, code: () => ada.loginCode, codeSentCallback: () => {} })
    client.onNewMessage.add((message: Message) => {
      received.push(message.text)
      wake?.()
    })
    // start() returns before mtcute has fetched its update state; this waits for it (and starts nothing twice).
    await client.startUpdatesLoop()
    await sandbox.control.as(seeded('alan').id).sendMessage(ada.id, 'warming up')
    await receivedAll(['warming up'])
  })
  after(async () => {
    sandbox.control.clearFaults()
    await client.destroy()
    await sandbox.stop()
  })

  test('recovers swallowed messages through getDifference once a later update shows the gap', { timeout: 20_000 }, async () => {
    const alan = sandbox.control.as(seeded('alan').id)
    const stopSwallowing = sandbox.control.swallowUpdates({ account: seeded('ada').id })
    await alan.sendMessage(seeded('ada').id, 'lost in transit 1')
    await alan.sendMessage(seeded('ada').id, 'lost in transit 2')
    await new Promise((resolve) => setImmediate(resolve))
    stopSwallowing()
    await alan.sendMessage(seeded('ada').id, 'the one that shows the gap')

    await receivedAll(['lost in transit 1', 'lost in transit 2', 'the one that shows the gap'])
    const order = ['lost in transit 1', 'lost in transit 2', 'the one that shows the gap'].map((text) => received.indexOf(text))
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'delivered in order')
    assert.equal(received.filter((text) => text.startsWith('lost in transit')).length, 2, 'each exactly once')
  })

  test('reconnects after a server restart and keeps receiving', { timeout: 20_000 }, async () => {
    await sandbox.control.restart()
    // mtcute notices the closed connection and comes back on its own; any call also brings it back.
    await client.getMe()
    await sandbox.control.as(seeded('alan').id).sendMessage(seeded('ada').id, 'after the restart')
    await receivedAll(['after the restart'])
  })
})
