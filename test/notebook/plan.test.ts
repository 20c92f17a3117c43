import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { getLayer } from '../../schema/layer/reference'
import { DANGEROUS_METHODS, dangerOf } from '../../extension/notebook/dangerous-methods'
import { newScratchpad } from '../../extension/notebook/new-scratchpad'
import { peerValues, resolvePeerValues } from '../../extension/notebook/peer-values'
import { type DangerConfirmation, missingResultDiagnostics, passDangerGate, planCell } from '../../extension/notebook/plan'
import { ResultStore } from '../../extension/notebook/results'

const layer = getLayer()

/** The text a diagnostic's range covers. */
function at(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end)
}

function errorsOf(text: string, results = new ResultStore()) {
  const plan = planCell(text, { results, layer })
  assert.equal(plan.runnable, false, 'the cell should not run')
  assert.deepEqual(plan.calls, [])
  return plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
}

describe('planning a cell', () => {
  it('sends one call as one request', () => {
    const plan = planCell('help.getConfig()', { layer })
    assert.equal(plan.runnable, true)
    assert.equal(plan.mode, 'single')
    assert.deepEqual(plan.calls.map((call) => call.request), [{ _: 'help.getConfig' }])
  })

  it('sends several calls together in one container, and in order under // ordered', () => {
    const calls = 'messages.sendMessage({ peer: "me", message: "a" })\nmessages.sendMessage({ peer: "me", message: "b" })'
    const together = planCell(calls, { layer })
    assert.equal(together.mode, 'container')
    assert.deepEqual(together.calls.map((call) => call.request.message), ['a', 'b'])
    assert.equal(planCell(`// ordered\n${calls}`, { layer }).mode, 'ordered')
  })

  it('plans a cell of comments only as nothing to run', () => {
    const plan = planCell('// nothing yet', { layer })
    assert.equal(plan.runnable, true)
    assert.equal(plan.mode, 'none')
  })

  it('keeps each call\'s range, for runtime errors reported on it later', () => {
    const text = 'help.getConfig()\nhelp.getNearestDc()'
    const plan = planCell(text, { layer })
    assert.deepEqual(plan.calls.map((call) => at(text, call.range)), ['help.getConfig()', 'help.getNearestDc()'])
    assert.deepEqual(plan.calls.map((call) => at(text, call.nameRange)), ['help.getConfig', 'help.getNearestDc'])
  })

  it('fills left-out numeric parameters with 0 so the issue\'s own example runs', () => {
    const plan = planCell('messages.getHistory({ peer: "me", limit: 5 })', { layer })
    assert.equal(plan.runnable, true)
    const [call] = plan.calls
    assert.deepEqual(call!.request, {
      _: 'messages.getHistory',
      peer: 'me',
      limit: 5,
      offset_id: 0,
      offset_date: 0,
      add_offset: 0,
      max_id: 0,
      min_id: 0,
      hash: 0n,
    })
    // Exactly the method's required numbers that the cell left out.
    const required = layer.findMethod('messages.getHistory')!.params.filter((param) => !param.optional && !param.isFlags)
    const expected = required.filter((param) => param.name !== 'peer' && param.name !== 'limit').map((param) => param.name)
    assert.deepEqual(call!.defaulted, expected)
  })

  it('still stops a call that leaves out something that is not a number', () => {
    const text = 'messages.sendMessage({ peer: "me" })'
    const [error] = errorsOf(text)
    assert.equal(error!.code, 'missing-parameter')
    assert.equal(at(text, error!.range), 'messages.sendMessage')
    assert.match(error!.message, /message \(string\)/)
  })

  it('points a parse error at the offending text', () => {
    const text = 'help.getConfig(\nmessages.getHistory({ peer: "me", limit: })'
    const errors = errorsOf(text)
    assert.ok(errors.some((error) => error.code === 'missing-value' && text.slice(error.range.start).startsWith('}')))
  })

  it('points an unknown method at its name, with the closest known one', () => {
    const text = 'messages.getHistroy({ peer: "me" })'
    const [error] = errorsOf(text)
    assert.equal(error!.code, 'unknown-method')
    assert.equal(at(text, error!.range), 'messages.getHistroy')
    assert.match(error!.message, /Did you mean messages\.getHistory\?/)
  })

  it('points a value of the wrong type at the value', () => {
    const text = 'messages.getHistory({ peer: "me", limit: "five" })'
    const [error] = errorsOf(text)
    assert.equal(error!.code, 'wrong-type')
    assert.equal(at(text, error!.range), '"five"')
  })

  it('stops a bot-only method on a user account', () => {
    const botOnly = layer.methods.find((method) => method.availability === 'bot')!
    const plan = planCell(`${botOnly.name}()`, { layer, accountKind: 'user' })
    assert.ok(plan.diagnostics.some((diagnostic) => diagnostic.code === 'bot-only-method'))
    assert.equal(plan.runnable, false)
  })
})

describe('references to earlier results', () => {
  const history = {
    _: 'messages.messages',
    messages: [{ _: 'message', id: 41, date: 1700000000 }, { _: 'message', id: 40, date: 1699999999 }],
    chats: [],
    users: [],
  }

  it('numbers results in the order they are bound, with $last the latest', () => {
    const results = new ResultStore()
    assert.equal(results.bind({ _: 'config' }), 1)
    assert.equal(results.bind(history), 2)
    assert.deepEqual(results.lookup(2), { found: true, value: history })
    assert.deepEqual(results.lookup('last'), { found: true, value: history })
    assert.deepEqual(results.lookup(3), { found: false })
    assert.deepEqual([...results.numbers()], [1, 2])
    results.clear()
    assert.deepEqual(results.lookup('last'), { found: false })
  })

  it('replaces $N paths and $last by the values they name', () => {
    const results = new ResultStore()
    results.bind({ _: 'config' })
    results.bind(history)
    const text = 'messages.getMessages({ id: [{ _: "inputMessageID", id: $2.messages[1].id }] })\nmessages.readHistory({ peer: "me", max_id: $last.messages[0].id })'
    const plan = planCell(text, { layer, results })
    assert.equal(plan.runnable, true, JSON.stringify(plan.diagnostics))
    assert.deepEqual(plan.calls[0]!.request.id, [{ _: 'inputMessageID', id: 40 }])
    assert.equal(plan.calls[1]!.request.max_id, 41)
  })

  it('stops a cell that refers to a result that does not exist, at the reference', () => {
    const results = new ResultStore()
    results.bind(history)
    const text = 'messages.readHistory({ peer: "me", max_id: $4.messages[0].id })'
    const [error] = errorsOf(text, results)
    assert.equal(error!.code, 'unknown-result')
    assert.equal(at(text, error!.range), '$4')
  })

  it('finds the references a cell misses before it runs, and only those', () => {
    const results = new ResultStore()
    results.bind(history)
    const text = 'messages.readHistory({ peer: "me", max_id: $1.messages[0].id })\nmessages.getHistory({ peer: "me", limit: $3.count, offset_id: nope })'
    assert.deepEqual(
      missingResultDiagnostics(text, results, layer).map((diagnostic) => [diagnostic.code, at(text, diagnostic.range)]),
      [['unknown-result', '$3']],
      'the bound $1 is fine, and the unknown name is the language server\'s to report',
    )
    assert.deepEqual(missingResultDiagnostics('help.getConfig()', new ResultStore(), layer), [])
    results.bind({ _: 'messages.messages', messages: [], chats: [], users: [] })
    results.bind({ _: 'messages.messages', count: 3, messages: [], chats: [], users: [] })
    const later = 'messages.getHistory({ peer: "me", limit: $3.count })\nmessages.readHistory({ peer: "me", max_id: $2.messages[0].id })'
    assert.deepEqual(
      missingResultDiagnostics(later, results, layer).map((diagnostic) => [diagnostic.code, at(later, diagnostic.range)]),
      [['unresolved-reference', '0']],
      'once $3 exists, only the path into $2 that leads nowhere is left',
    )
  })

  it('stops a cell whose reference path leads nowhere, at the missing step', () => {
    const results = new ResultStore()
    results.bind(history)
    const text = 'messages.readHistory({ peer: "me", max_id: $1.messages[5].id })'
    const [error] = errorsOf(text, results)
    assert.equal(error!.code, 'unresolved-reference')
    assert.equal(at(text, error!.range), '5')
    assert.match(error!.message, /\$1\.messages\[5\] does not exist/)
  })

  it('plans every New Scratchpad cell once the results before it exist', () => {
    const results = new ResultStore()
    const cells = newScratchpad().cells.filter((cell) => cell.kind === 'code')
    for (const cell of cells) {
      const plan = planCell(cell.source, { layer, results, accountKind: 'user' })
      assert.equal(plan.runnable, true, `${cell.source}: ${JSON.stringify(plan.diagnostics)}`)
      assert.ok(plan.calls.length > 0)
      for (const call of plan.calls) results.bind(call.method === 'messages.getHistory' ? history : { _: 'boolTrue' })
    }
  })
})

describe('peer-like values', () => {
  it('finds peers by parameter type, in vectors and nested constructors', () => {
    const plan = planCell(
      'messages.forwardMessages({ from_peer: "@grace_hopper", to_peer: "me", id: [1], reply_to: { _: "inputReplyToMessage", reply_to_msg_id: 1, reply_to_peer_id: -1001234567890n } })',
      { layer },
    )
    assert.equal(plan.runnable, true, JSON.stringify(plan.diagnostics))
    const found = peerValues(plan.calls[0]!.request, layer)
    assert.deepEqual(
      found.map(({ value, type, path }) => [value, type, path]),
      [
        ['@grace_hopper', 'InputPeer', 'from_peer'],
        ['me', 'InputPeer', 'to_peer'],
        [-1001234567890n, 'InputPeer', 'reply_to.reply_to_peer_id'],
      ],
    )
  })

  it('replaces each with what the resolver answers, leaving the planned request as it was', async () => {
    const plan = planCell('users.getUsers({ id: ["me", "@grace_hopper"] })', { layer })
    const request = plan.calls[0]!.request
    const resolved = await resolvePeerValues(
      request,
      async (peer) => (peer.value === 'me' ? { _: 'inputUserSelf' } : { _: 'inputUser', user_id: 7n, access_hash: 9n }),
      layer,
    )
    assert.deepEqual(resolved.id, [{ _: 'inputUserSelf' }, { _: 'inputUser', user_id: 7n, access_hash: 9n }])
    assert.deepEqual(request.id, ['me', '@grace_hopper'])
  })
})

describe('dangerous methods', () => {
  it('lists every method the issue names', () => {
    const named = [
      'account.deleteAccount',
      'auth.logOut',
      'auth.resetAuthorizations',
      'account.resetAuthorization',
      'channels.deleteChannel',
      'messages.deleteHistory',
      'messages.deleteChat',
      'channels.deleteHistory',
      'photos.deletePhotos',
    ]
    for (const method of named) assert.ok(dangerOf(method), method)
  })

  it('names only methods of the layer, once each, with what they do', () => {
    const names = DANGEROUS_METHODS.map((entry) => entry.method)
    assert.equal(new Set(names).size, names.length)
    for (const entry of DANGEROUS_METHODS) {
      assert.ok(layer.findMethod(entry.method, 'api'), `${entry.method} is not in layer ${layer.layer}`)
      assert.ok(entry.consequence.length > 0)
    }
  })

  it('leaves reading methods alone', () => {
    for (const method of ['help.getConfig', 'messages.getHistory', 'messages.sendMessage', 'auth.sendCode']) assert.equal(dangerOf(method), undefined)
  })

  it('asks before every run, naming the account, and runs only when confirmed', async () => {
    const plan = planCell('help.getConfig()\nauth.logOut()', { layer })
    assert.equal(plan.calls[1]!.danger?.method, 'auth.logOut')
    const asked: DangerConfirmation[] = []
    const answers = [true, false]
    const confirm = async (confirmation: DangerConfirmation) => {
      asked.push(confirmation)
      return answers[asked.length - 1]!
    }
    assert.equal(await passDangerGate(plan, '@alice', confirm), true)
    assert.equal(await passDangerGate(plan, '@alice', confirm), false)
    assert.equal(asked.length, 2)
    assert.match(asked[0]!.message, /auth\.logOut as @alice/)
    assert.match(asked[0]!.detail, /signs this session out/)
  })

  it('does not ask for a cell without dangerous calls', async () => {
    const plan = planCell('help.getConfig()', { layer })
    assert.equal(await passDangerGate(plan, '@alice', async () => assert.fail('asked')), true)
  })
})
