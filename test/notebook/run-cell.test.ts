/**
 * Running scratchpad cells against the sandbox, as the notebook controller and the terminal runner
 * do: one request, a container, ordered calls, `$n` references, peers, RPC errors (and their
 * diagnostic through the language server), the dangerous-method gate and cancellation.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RuntimeErrorNotification } from '../../language-server/protocol'
import type { TelegramClient } from '../../extension/mtproto'
import { JSON_MIME, TEXT_MIME, TL_TREE_MIME, ERROR_MIME } from '../../extension/notebook/outputs'
import { ResultStore } from '../../extension/notebook/results'
import { executionOrderOf, runCell, scratchpadClient, type CellRun, type RunCellOptions } from '../../extension/notebook/run-cell'
import { runtimeErrorParams } from '../../extension/notebook/runtime-errors'
import { RequestLog, sandboxPerFile } from '../client/support'
import { LspSession } from '../language-server/lsp-session'

let client: TelegramClient
const log = new RequestLog()

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada', { log })
})

function options(results: ResultStore, extra: Partial<RunCellOptions> = {}): RunCellOptions {
  return { client: scratchpadClient(client), results, account: 'Ada Lovelace', ...extra }
}

function done(run: CellRun): Extract<CellRun, { status: 'done' }> {
  assert.equal(run.status, 'done', `the cell ran (${JSON.stringify(run.outputs.map((output) => output.items[0]?.data))})`)
  return run as Extract<CellRun, { status: 'done' }>
}

describe('running a scratchpad cell against the sandbox', () => {
  it('sends one call, binds its result to $1 and shows it as a tree, JSON and stringify text', async () => {
    const results = new ResultStore()
    const run = done(await runCell('help.getNearestDc()', options(results)))
    assert.equal(run.ok, true)
    assert.equal(run.calls[0]!.binding, 1)
    const result = results.lookup(1)
    assert.ok(result.found)
    assert.equal((result.value as { _: string })._, 'nearestDc')
    const [output] = run.outputs
    assert.deepEqual(output!.items.map((item) => item.mime), [TL_TREE_MIME, JSON_MIME, TEXT_MIME])
    assert.equal(JSON.parse(output!.items[1]!.data)._, 'nearestDc')
    assert.match(output!.items[2]!.data, /^NearestDc\(/)
    assert.equal(JSON.parse(output!.items[0]!.data).binding, '$1')
  })

  it('sends several calls together and binds their results in the order written', async () => {
    const results = new ResultStore()
    log.clear()
    const run = done(await runCell('help.getNearestDc()\nusers.getUsers({ id: ["me"] })', options(results)))
    assert.equal(run.ok, true)
    assert.deepEqual(run.calls.map((outcome) => outcome.binding), [1, 2])
    assert.deepEqual(log.methods, ['help.getNearestDc', 'users.getUsers'])
    const users = results.lookup(2)
    assert.ok(users.found)
    assert.equal((users.value as { id: bigint }[])[0]!.id, file.seeded('ada').id)
  })

  it('runs `// ordered` calls one after another: the messages arrive in the order written', async () => {
    const results = new ResultStore()
    const texts = ['first in order', 'second in order', 'third in order']
    const cell = `// ordered\n${texts.map((text) => `messages.sendMessage({ peer: "me", message: ${JSON.stringify(text)} })`).join('\n')}`
    assert.equal(done(await runCell(cell, options(results))).ok, true)
    const history = done(await runCell('messages.getHistory({ peer: "me", limit: 3 })', options(results)))
    const messages = (history.calls[0]!.result as { messages: { message: string }[] }).messages
    assert.deepEqual(messages.map((message) => message.message), [...texts].reverse(), 'newest first, as Telegram lists history')
  })

  it('reads earlier results through $n and $last, and stops before sending on a missing one', async () => {
    const results = new ResultStore()
    done(await runCell('messages.sendMessage({ peer: "me", message: "referenced" })', options(results)))
    const history = done(await runCell('messages.getHistory({ peer: "me", limit: 1 })', options(results)))
    const newest = (history.calls[0]!.result as { messages: { id: number }[] }).messages[0]!.id
    const again = done(await runCell('messages.getMessages({ id: [{ _: "inputMessageID", id: $last.messages[0].id }] })', options(results)))
    const fetched = (again.calls[0]!.result as { messages: { id: number; message: string }[] }).messages[0]!
    assert.equal(fetched.id, newest)
    assert.equal(fetched.message, 'referenced')

    log.clear()
    const missing = await runCell('messages.getMessages({ id: [{ _: "inputMessageID", id: $9.messages[0].id }] })', options(results))
    assert.equal(missing.status, 'invalid')
    assert.match(JSON.parse(missing.outputs[0]!.items[0]!.data).message, /\$9/)
    assert.equal(log.count(), 0, 'nothing was sent')
  })

  it('numbers each cell by the $n of its first result, so the cell showing [n] is the one $n names; a cell that bound nothing has none', async () => {
    const results = new ResultStore()
    const first = await runCell('help.getNearestDc()', options(results))
    const failed = await runCell('contacts.resolveUsername({ username: "nobody_by_this_name" })', options(results))
    const pair = await runCell('help.getNearestDc()\nusers.getUsers({ id: ["me"] })', options(results))
    const invalid = await runCell('help.getNearestDc(', options(results))
    const last = await runCell('users.getUsers({ id: ["me"] })', options(results))
    assert.deepEqual([first, failed, pair, invalid, last].map(executionOrderOf), [1, undefined, 2, undefined, 4])
    const shown = results.lookup(executionOrderOf(last)!)
    assert.ok(shown.found)
    assert.equal(shown.value, done(last).calls[0]!.result, '$4 is the result of the cell showing [4]')
  })

  it('resolves "@username" peers through the client, and names the parameter of one it cannot find', async () => {
    const results = new ResultStore()
    const grace = file.seeded('grace')
    const found = done(await runCell('users.getUsers({ id: ["@grace_hopper"] })', options(results)))
    assert.equal((found.calls[0]!.result as { id: bigint }[])[0]!.id, grace.id)

    const missing = done(await runCell('messages.getHistory({ peer: "@no_such_person_here", limit: 1 })', options(results)))
    assert.equal(missing.ok, false)
    const shown = JSON.parse(missing.outputs[0]!.items[0]!.data) as { name: string; message: string }
    assert.match(shown.message, /^peer: cannot resolve "@no_such_person_here" to an InputPeer/)
    assert.equal(results.size, 1, 'a failed cell binds nothing')
  })

  it('shows an RPC error with its description and advice, and places it on the failing call', async () => {
    const results = new ResultStore()
    const cell = 'help.getNearestDc()\ncontacts.resolveUsername({ username: "nobody_by_this_name" })'
    const run = done(await runCell(cell, options(results)))
    assert.equal(run.ok, false)
    assert.equal(run.calls[0]!.binding, 1, 'the call that worked is still bound')
    const failed = run.calls[1]!
    assert.equal(failed.rpc?.name, 'USERNAME_NOT_OCCUPIED')
    assert.equal(failed.rpc?.code, 400)
    assert.ok(failed.rpc?.description, 'the layer knows this error')
    const shown = JSON.parse(run.outputs[1]!.items.find((item) => item.mime === ERROR_MIME)!.data) as { name: string; message: string }
    assert.match(shown.name, /USERNAME_NOT_OCCUPIED \(400\) from contacts\.resolveUsername/)
    assert.match(shown.message, /Change the parameters/)
    assert.equal(run.runtimeErrors.length, 1)
    const [report] = run.runtimeErrors
    assert.equal(cell.slice(report!.range.start, report!.range.end), 'contacts.resolveUsername({ username: "nobody_by_this_name" })')
    assert.deepEqual(runtimeErrorParams('cell:1', cell, report!).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 61 } })
  })

  it('turns the reported error into a diagnostic on the call, through the language server', async () => {
    const session = await LspSession.start()
    try {
      const cell = 'contacts.resolveUsername({ username: "nobody_by_this_name" })'
      const [uri] = await session.openNotebook('file:///scratch/run.tlnb', [cell])
      const run = done(await runCell(cell, options(new ResultStore())))
      let published = session.nextDiagnostics(uri!)
      await session.connection.sendNotification(RuntimeErrorNotification, runtimeErrorParams(uri!, cell, run.runtimeErrors[0]!))
      for (;;) {
        const runtime = (await published).diagnostics.filter((diagnostic) => diagnostic.source === 'telegram')
        if (runtime.length > 0) {
          assert.match(String(runtime[0]!.message), /USERNAME_NOT_OCCUPIED/)
          assert.deepEqual(runtime[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: cell.length } })
          break
        }
        published = session.nextDiagnostics(uri!)
      }
    } finally {
      await session.stop()
    }
  })

  it('asks before every run of a dangerous method, naming the account, and sends nothing when refused', async () => {
    const asked: string[] = []
    log.clear()
    const refuse = async (confirmation: { message: string }) => (asked.push(confirmation.message), false)
    for (let run = 0; run < 2; run++) {
      const outcome = await runCell('auth.logOut()', options(new ResultStore(), { confirm: refuse }))
      assert.equal(outcome.status, 'declined')
    }
    assert.deepEqual(asked, ['Run auth.logOut as Ada Lovelace? This cannot be undone.', 'Run auth.logOut as Ada Lovelace? This cannot be undone.'])
    assert.equal((await runCell('auth.logOut()', options(new ResultStore()))).status, 'declined', 'without a way to ask, it does not run')
    assert.equal(log.count(), 0)
  })

  it('aborts a slow call when the cell is interrupted, and binds nothing', async () => {
    const results = new ResultStore()
    const clear = file.sandbox.control.delayResponses(60_000, { method: 'help.getNearestDc' })
    try {
      const interrupt = new AbortController()
      const sent = scratchpadClient(client)
      const watched = {
        ...sent,
        invoke: (request: Parameters<typeof sent.invoke>[0], callOptions: Parameters<typeof sent.invoke>[1]) => {
          const pending = sent.invoke(request, callOptions)
          interrupt.abort(new Error('interrupted')) // the request is on its way: interrupt it now
          return pending
        },
      }
      const run = await runCell('help.getNearestDc()', { ...options(results), client: watched, signal: interrupt.signal })
      assert.equal(run.status, 'cancelled')
      assert.equal(results.size, 0)
    } finally {
      clear()
    }
    assert.equal(done(await runCell('help.getNearestDc()', options(results))).ok, true, 'the client still works afterwards')
  })
})
