// FLOOD_WAIT against the sandbox: slept through below the client's floodSleepThreshold, a typed error above it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { performance } from 'node:perf_hooks'
import { RpcError, type TelegramClient } from '../../extension/mtproto'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { signedInClient } from './support'

const METHOD = 'users.getFullUser'

describe('flood wait', () => {
  let sandbox: Sandbox
  let client: TelegramClient
  /** Calls of each method as the sandbox's fault hook saw them. */
  const seen = new Map<string, number>()

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    const faults = sandbox.control.faults
    const onCall = faults.onCall.bind(faults)
    faults.onCall = (method) => {
      seen.set(method, (seen.get(method) ?? 0) + 1)
      return onCall(method)
    }
    client = await signedInClient(sandbox, 'ada', { floodSleepThreshold: 60 })
  })
  after(async () => {
    await client?.disconnect()
    await sandbox?.stop()
  })

  it('sleeps through a FLOOD_WAIT under the threshold and retries once', { timeout: 30_000 }, async () => {
    sandbox.control.clearFaults()
    seen.clear()
    sandbox.control.floodWait(METHOD, 1)
    const full = await client.invoke({ _: METHOD, id: { _: 'inputUserSelf' } })
    assert.equal(full._, 'users.userFull')
    assert.equal(seen.get(METHOD), 2)
  })

  it('rejects at once with a typed RpcError above the threshold', { timeout: 30_000 }, async () => {
    sandbox.control.clearFaults()
    seen.clear()
    sandbox.control.floodWait(METHOD, 120)
    const start = performance.now()
    await assert.rejects(client.invoke({ _: METHOD, id: { _: 'inputUserSelf' } }), (error: unknown) => {
      assert.ok(error instanceof RpcError)
      assert.equal(error.name, 'FLOOD_WAIT')
      assert.equal(error.value, 120)
      assert.equal(error.code, 420)
      return true
    })
    // "At once": well under the 120 s it asked for (no sleep, no retry).
    assert.ok(performance.now() - start < 10_000)
    assert.equal(seen.get(METHOD), 1)
  })
})
