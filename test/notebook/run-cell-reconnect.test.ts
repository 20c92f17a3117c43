/**
 * A scratchpad call running when the connection drops, through the runner the notebook controller
 * uses, against the sandbox's drop and delay faults: a request lost with the connection, and one
 * whose answer was lost with it, are sent again after the reconnect and their results shown, each
 * posted once; a call that gets no answer at all fails with a clear, typed message once the client
 * stops waiting, and the notebook keeps working.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { TelegramClient } from '../../extension/mtproto'
import { ERROR_MIME } from '../../extension/notebook/outputs'
import { ResultStore } from '../../extension/notebook/results'
import { runCell, scratchpadClient, type CellRun, type RunCellOptions } from '../../extension/notebook/run-cell'
import { sandboxPerFile } from '../client/support'

/** Short, so the unanswered call gives up within the test; the extension's client waits longer. */
const REQUEST_TIMEOUT_MS = 4_000

let client: TelegramClient

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada', { requestTimeoutMs: REQUEST_TIMEOUT_MS })
})

function options(results: ResultStore): RunCellOptions {
  return { client: scratchpadClient(client), results, account: 'Ada Lovelace' }
}

function done(run: CellRun): Extract<CellRun, { status: 'done' }> {
  assert.equal(run.status, 'done', `the cell ran (${JSON.stringify(run.outputs.map((output) => output.items[0]?.data))})`)
  return run as Extract<CellRun, { status: 'done' }>
}

/** The call faults still armed on the sandbox: a spent one is gone, so it tells when a call got there. */
function armedCallFaults(): number {
  return (file.sandbox.control.describeFaults() as { calls: unknown[] }).calls.length
}

async function savedMessagesNamed(text: string, results: ResultStore): Promise<number> {
  const history = done(await runCell('messages.getHistory({ peer: "me", limit: 20 })', options(results)))
  return (history.calls[0]!.result as { messages: { message?: string }[] }).messages.filter((message) => message.message === text).length
}

describe('a scratchpad call when the connection drops', () => {
  it('sends a request lost with the connection again after the reconnect, and shows its result', async () => {
    const results = new ResultStore()
    // The next packet the sandbox reads closes its connection unread: the cell's request.
    const clear = file.sandbox.control.dropConnectionAfter(1)
    try {
      const run = done(await runCell('messages.sendMessage({ peer: "me", message: "sent across a reconnect" })', options(results)))
      assert.equal(run.ok, true)
      assert.equal(run.calls[0]!.binding, 1)
      assert.equal((file.sandbox.control.describeFaults() as { dropAfterPackets?: unknown }).dropAfterPackets, undefined, 'the connection was dropped')
    } finally {
      clear()
    }
    assert.equal(await savedMessagesNamed('sent across a reconnect', results), 1, 'posted once')
  })

  it('completes a slow call whose answer went down with the connection, after the reconnect, posting it once', async () => {
    const results = new ResultStore()
    const text = 'answer lost with the connection'
    file.sandbox.control.delayResponses(1_000, { method: 'messages.sendMessage', calls: 1 })
    const running = runCell(`messages.sendMessage({ peer: "me", message: ${JSON.stringify(text)} })`, options(results))
    // Once the sandbox has taken the call (the delay is spent on it), its connection goes, answer and all.
    while (armedCallFaults() > 0) await sleep(10)
    assert.ok(file.sandbox.control.dropConnections() > 0)

    const run = done(await running)
    assert.equal(run.ok, true, 'the result arrived after the reconnect')
    assert.equal(run.calls[0]!.binding, 1)
    assert.equal(await savedMessagesNamed(text, results), 1, 'sent again with its random_id, so posted once')
  })

  it('fails a call that gets no answer with a clear, typed error instead of hanging, and runs the next cell', async () => {
    const results = new ResultStore()
    const text = 'answered too late'
    const clear = file.sandbox.control.delayResponses(REQUEST_TIMEOUT_MS * 3, { method: 'messages.sendMessage', calls: 1 })
    let run: Extract<CellRun, { status: 'done' }>
    try {
      run = done(await runCell(`messages.sendMessage({ peer: "me", message: ${JSON.stringify(text)} })`, options(results)))
    } finally {
      clear()
    }
    assert.equal(run.ok, false)
    assert.equal(results.size, 0, 'nothing was bound')
    assert.equal(run.calls[0]!.error?.name, 'RequestTimeoutError', 'a typed error, not a string')
    const shown = JSON.parse(run.outputs[0]!.items.find((item) => item.mime === ERROR_MIME)!.data) as { name: string; message: string }
    assert.equal(shown.name, 'No answer to messages.sendMessage')
    assert.match(shown.message, /got no answer within 4000 ms: the connection may have dropped while it ran/)
    assert.match(shown.message, /Telegram may still have carried it out; check before running it again/)

    // The advice holds: the sandbox did post it, once; and the notebook runs on.
    assert.equal(await savedMessagesNamed(text, results), 1)
    assert.equal(results.size, 1, 'the history call that followed was bound as $1')
  })
})
