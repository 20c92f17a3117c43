// A connection that drops while the client is idle comes back by itself: updates keep arriving live,
// without the client sending anything and without waiting for its idle getDifference poll.
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
  // Polling far beyond the test's length: only the reconnection can bring the message in time.
  await ada.startUpdates({ idleTimeoutMs: 10 * 60_000 })
  ada.on(new NewMessage({ chats: file.seeded('grace').id }), messages.add)
})

describe('an idle client whose connection dropped', () => {
  it("reconnects on its own and still receives live messages", { timeout: 30_000 }, async () => {
    const grace = file.sandbox.control.as(file.seeded('grace').id)
    await grace.sendMessage(file.seeded('ada').id, 'before the drop')
    await messages.waitFor(1)

    file.sandbox.control.dropConnections()
    // Give the client time to notice the drop and connect again before the next message is sent.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await grace.sendMessage(file.seeded('ada').id, 'after the drop')
    await messages.waitFor(2)
    assert.deepEqual(
      messages.items.map((event) => event.text),
      ['before the drop', 'after the drop'],
    )
  })
})
