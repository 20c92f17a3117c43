// mtcute (@mtcute/node 0.30.3, layer 227) against the sandbox over real TCP: the key exchange (RSA_PAD,
// p_q_inner_data_dc), help.getConfig in layer 227, and a pong to its ping_delay_disconnect, on every transport
// mtcute has, plain and obfuscated.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { createMtcuteClient, MTCUTE_TRANSPORTS } from '../support/mtcute-sandbox'
import { CLIENT_TEST_TIMEOUT_MS, withClient } from '../support/with-client'

describe('mtcute against the sandbox', () => {
  let sandbox: Sandbox
  before(async () => {
    sandbox = await startSandbox({ dcs: 2 })
  })
  after(async () => {
    await sandbox.stop()
  })

  for (const transport of MTCUTE_TRANSPORTS) {
    for (const dcId of [1, 2]) {
      test(
        `completes the key exchange and gets help.getConfig and a pong over ${transport} on dc ${dcId}`,
        { timeout: CLIENT_TEST_TIMEOUT_MS },
        (t) => {
          let sawPong: () => void
          const pong = new Promise<void>((resolve) => (sawPong = resolve))
          const client = createMtcuteClient(sandbox, {
            dcId,
            transport,
            // mtcute pings on a timer and logs each pong it matches to its ping; a short interval brings one soon.
            pingIntervalMs: 50,
            onLog: (line) => {
              if (line.includes('received pong: msg_id')) sawPong()
            },
          })
          return withClient(t, client, async () => {
            await client.connect()
            const config = await client.call({ _: 'help.getConfig' })
            assert.equal(config.thisDc, dcId)
            assert.deepEqual(
              config.dcOptions.map((dc) => ({ id: dc.id, host: dc.ipAddress, port: dc.port })),
              sandbox.dcs.map((dc) => ({ id: dc.id, host: dc.host, port: dc.port })),
            )
            await pong
          })
        },
      )
    }
  }

  test('is answered INPUT_METHOD_INVALID for a method the sandbox does not implement', { timeout: CLIENT_TEST_TIMEOUT_MS }, (t) =>
    withClient(t, createMtcuteClient(sandbox, { dcId: 2 }), async (client) => {
      await client.connect()
      await assert.rejects(client.call({ _: 'help.getPremiumPromo' }), (error: { code?: number; text?: string }) => {
        assert.equal(error.code, 400)
        assert.equal(error.text, 'INPUT_METHOD_INVALID')
        return true
      })
    }),
  )
})
