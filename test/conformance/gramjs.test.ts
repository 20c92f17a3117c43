// GramJS (npm `telegram`, layer 198) against the sandbox over real TCP: the key exchange (GramJS sends RSA_PAD with
// p_q_inner_data, no dc), help.getConfig in its own layer, and a pong, on every TCP transport it has.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import bigInt from 'big-integer'
import { Api } from 'telegram'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { createGramJsClient, GRAMJS_TRANSPORTS } from '../support/gramjs-sandbox'
import { CLIENT_TEST_TIMEOUT_MS, withClient } from '../support/with-client'

describe('GramJS against the sandbox', () => {
  let sandbox: Sandbox
  before(async () => {
    sandbox = await startSandbox({ dcs: 2 })
  })
  after(async () => {
    await sandbox.stop()
  })

  for (const transport of GRAMJS_TRANSPORTS) {
    for (const dcId of [1, 2]) {
      test(
        `completes the key exchange and gets help.getConfig and a pong over ${transport} on dc ${dcId}`,
        { timeout: CLIENT_TEST_TIMEOUT_MS },
        (t) =>
          withClient(t, createGramJsClient(sandbox, { dcId, transport }), async (client) => {
            await client.connect()
            const config = await client.invoke(new Api.help.GetConfig())
            assert.equal(config.thisDc, dcId)
            assert.deepEqual(
              config.dcOptions.map((dc) => ({ id: dc.id, host: dc.ipAddress, port: dc.port })),
              sandbox.dcs.map((dc) => ({ id: dc.id, host: dc.host, port: dc.port })),
            )
            const pingId = bigInt(0x5eedn.toString())
            const pong = await client.invoke(new Api.Ping({ pingId }))
            assert.ok(pong instanceof Api.Pong)
            assert.equal(pong.pingId.toString(), pingId.toString())
          }),
      )
    }
  }

  test('reads the nearest DC in its own layer', { timeout: CLIENT_TEST_TIMEOUT_MS }, (t) =>
    withClient(t, createGramJsClient(sandbox, { dcId: 1 }), async (client) => {
      await client.connect()
      const nearest = await client.invoke(new Api.help.GetNearestDc())
      assert.equal(nearest.thisDc, 1)
    }),
  )
})
