// The short form of the update stream soak (updates.soak.ts): 20,000 messages to one client over the sandbox.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runUpdateStream } from './update-stream'

const MESSAGES = 20_000

test(`a client handles ${MESSAGES.toLocaleString('en')} streamed messages exactly once and in order, its memory plateaus, and disconnect() leaves no handle open`, { timeout: 600_000 }, async () => {
  const run = await runUpdateStream({ messages: MESSAGES })
  assert.equal(run.handled, MESSAGES)
  assert.equal(run.duplicates, 0)
  assert.equal(run.outOfOrder, 0)
  assert.equal(run.deletionsHandled, MESSAGES)
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
  assert.ok(run.heap.holds, `heap after GC grew from ${mib(run.heap.middleMax)} to ${mib(run.heap.lastMax)}`)
  assert.ok(run.rss.holds, `RSS grew from ${mib(run.rss.middleMax)} to ${mib(run.rss.lastMax)}`)
  assert.deepEqual(run.leakedResources, [], 'handles left open after disconnect()')
})
