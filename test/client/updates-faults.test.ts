// Delivery across faults: connections dropped under a stream of messages and a whole sandbox restart lose and
// duplicate nothing; the client's own polling brings back a connection that dropped while it was idle.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TelegramClient } from '../../extension/mtproto'
import { NewMessage, type NewMessageEvent } from '../../extension/mtproto/events'
import { sandboxPerFile } from './support'
import { Collector } from './updates-support'

let ada: TelegramClient
const messages = new Collector<NewMessageEvent>()

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada')
  // A short quiet spell, so a connection dropped between messages is noticed within the test.
  await ada.startUpdates({ idleTimeoutMs: 300 })
  ada.on(new NewMessage({ chats: file.seeded('grace').id }), messages.add)
})

const grace = () => file.sandbox.control.as(file.seeded('grace').id)
const adaId = () => file.seeded('ada').id

/** Waits for the texts to have been handed over, then checks they came exactly once each, in order. */
async function expectExactly(texts: readonly string[]): Promise<void> {
  const start = messages.items.length
  await messages.waitFor(start + texts.length)
  await ada.eventsSettled()
  assert.deepEqual(messages.items.slice(start).map((e) => e.text), texts)
}

describe('delivery across faults', () => {
  it('loses and repeats nothing while connections keep dropping', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `through drops ${i}`)
    for (const [i, text] of texts.entries()) {
      await grace().sendMessage(adaId(), text)
      if (i % 7 === 3) file.sandbox.control.dropConnections()
    }
    await expectExactly(texts)
  })

  it('loses and repeats nothing across a sandbox restart', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `around a restart ${i}`)
    for (const [i, text] of texts.entries()) {
      await grace().sendMessage(adaId(), text)
      if (i === 9) await file.sandbox.control.restart()
    }
    await expectExactly(texts)
  })

  it('keeps working after messages were swallowed and the connection dropped together', async () => {
    const clear = file.sandbox.control.swallowUpdates({ account: adaId() })
    const texts = ['swallowed then dropped 0', 'swallowed then dropped 1']
    for (const text of texts) await grace().sendMessage(adaId(), text)
    await new Promise((resolve) => setImmediate(resolve))
    clear()
    file.sandbox.control.dropConnections()
    await grace().sendMessage(adaId(), 'after both')
    await expectExactly([...texts, 'after both'])
  })
})
