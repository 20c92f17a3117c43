// A signed-in client whose server answers a call with a constructor of another type (the sandbox's wrong-result-type
// misbehavior): that call fails with TlResultTypeError naming the method, the type it declares and what came, while
// calls around it and the connection carry on. The session checks every result against its method's type.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MultiError, type TelegramClient } from '../../extension/mtproto'
import { TlResultTypeError } from '../../schema/codec'
import { sandboxPerFile } from '../client/support'
import { startTamperingRelay, type TamperingRelay } from '../support/tampering-relay'

let relay: TamperingRelay
let client: TelegramClient
const logs: string[] = []

const file = sandboxPerFile(async ({ sandbox, track }) => {
  // Ada lives on DC 1; the relay in front of it counts the connections the client opens there.
  relay = track(await startTamperingRelay(sandbox.dcs[0]!.port))
  const dcs = sandbox.dcs.map((dc) => (dc.id === 1 ? { ...dc, port: relay.port } : dc))
  client = await file.signedIn('ada', { dcs, logger: (_level, message) => logs.push(message) })
})

function wrongType(method: string, expected: string) {
  return (error: unknown) =>
    error instanceof TlResultTypeError && error.method === method && error.expected === expected && error.received === 'inputPeerSelf'
}

describe('a result of another type than its method declares', () => {
  it('fails a Vector<User> call with TlResultTypeError, and the same call then succeeds on the same connection', async () => {
    file.sandbox.control.misbehave('wrong-result-type')
    await assert.rejects(client.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] }), wrongType('users.getUsers', 'Vector<User>'))
    const [me] = await client.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    assert.equal(me?._, 'user')
    assert.equal(relay.tunnels, 1, 'the connection stayed up')
  })

  it('fails a Bool call the same way', async () => {
    file.sandbox.control.misbehave('wrong-result-type')
    await assert.rejects(
      client.invoke({ _: 'messages.setTyping', peer: { _: 'inputPeerSelf' }, action: { _: 'sendMessageTypingAction' } }),
      wrongType('messages.setTyping', 'Bool'),
    )
    assert.equal(relay.tunnels, 1)
  })

  it('names the query under invokeWithoutUpdates, the method whose result it is', async () => {
    file.sandbox.control.misbehave('wrong-result-type')
    await assert.rejects(client.invoke({ _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } }), wrongType('help.getConfig', 'Config'))
    assert.ok(logs.some((line) => line.includes('help.getConfig answered with inputPeerSelf, which is not a Config')), logs.join('\n'))
  })

  it('fails only the call it answers when several travel in one container', async () => {
    file.sandbox.control.misbehave('wrong-result-type')
    const error = await client.invoke([{ _: 'help.getConfig' }, { _: 'help.getNearestDc' }]).then(
      () => assert.fail('one of the two answers was of another type'),
      (reason: unknown) => reason,
    )
    assert.ok(error instanceof MultiError, String(error))
    // Whichever query the sandbox finished first got the wrong answer; the other one its genuine result.
    const failed = error.errors.flatMap((e, i) => (e ? [i] : []))
    assert.equal(failed.length, 1)
    const [index] = failed as [number]
    assert.ok(wrongType(index === 0 ? 'help.getConfig' : 'help.getNearestDc', index === 0 ? 'Config' : 'NearestDc')(error.errors[index]))
    assert.equal((error.results[1 - index] as { _: string })._, index === 0 ? 'nearestDc' : 'config')
    assert.equal(relay.tunnels, 1)
  })
})
