// A sandbox stopped and started again from its --data dir: a new client with the same session stays signed in.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { MemoryKeyValueStore, StoredSession } from '../../extension/mtproto'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world'
import { RequestLog, sandboxClient, seeded, signedInClient } from './support'

const dataDir = mkdtempSync(join(tmpdir(), 'client-restart-'))
let sandbox: Sandbox | undefined
after(async () => {
  await sandbox?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('sandbox restart with --data', () => {
  it('keeps a stored session signed in across a stop and a new start', { timeout: 30_000 }, async () => {
    sandbox = await startSandbox({ dataDir, log: () => {} })
    const ada = seeded(sandbox, 'ada')
    // The store outlives both clients, as a file or the VS Code secret store would.
    const store = new MemoryKeyValueStore()
    const first = await signedInClient(sandbox, 'ada', { session: await StoredSession.open({ secrets: store }) })
    const me = await first.getMe()
    assert.equal(me.id, ada.id)
    await first.disconnect()

    const ports = sandbox.dcs.map((dc) => dc.port)
    await sandbox.stop()
    sandbox = undefined
    sandbox = await startSandbox({ dataDir, ports, log: () => {} })

    const log = new RequestLog()
    const second = sandboxClient(sandbox, { session: await StoredSession.open({ secrets: store }), log })
    try {
      await second.connect()
      const again = await second.getMe()
      assert.equal(again.id, me.id)
      const sent = await second.sendMessage('me', 'after the restart')
      const saved = sandbox.world.messages.history(ada.id, userPeer(ada.id))
      assert.equal(saved.at(-1)?.text, 'after the restart')
      assert.equal(saved.at(-1)?.id, sent.id)
      // No sign-in of any kind on the new client.
      assert.deepEqual(log.methods.filter((m) => m.startsWith('auth.')), [])
    } finally {
      await second.disconnect()
    }
  })
})
