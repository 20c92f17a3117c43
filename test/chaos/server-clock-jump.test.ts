// A server clock that moves by less than the 300 s a server tolerates in client msg_ids: the server keeps
// accepting our messages and raises no bad_msg_notification, so only its answers tell us that our clock offset is
// stale. Seen in chaos runs as a client that dropped every answer as "too new" after a restart put a skewed
// sandbox clock right. Answers to requests we are waiting for cannot be replays, so they must be taken and the
// clock re-synced from them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MtprotoClient } from '../../extension/mtproto/network'
import { startSandbox, type Sandbox } from '../sandbox/server'

/** Inside the server's 300 s tolerance for old client msg_ids, outside our 30 s tolerance for new server ones. */
const JUMP_MS = 200_000

let sandbox: Sandbox
let client: MtprotoClient

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
  client = new MtprotoClient({
    dcs: sandbox.dcs,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 20_000,
  })
})
after(async () => {
  client.close()
  await sandbox.stop()
})

describe('a server clock that jumps within the msg_id tolerance', () => {
  it('keeps answering after the server clock goes forward 200 s, and re-syncs the offset from the answers', async () => {
    sandbox.control.skewClock(-JUMP_MS)
    await client.invoke({ _: 'help.getConfig' })
    const behind = client.session().keyState!.timeOffset
    assert.ok(Math.abs(behind + JUMP_MS / 1000) <= 5, `offset ${behind} s after the server went back`)

    sandbox.control.skewClock(0)
    const nearest = await client.invoke({ _: 'help.getNearestDc' })
    assert.equal(nearest._, 'nearestDc')
    const offset = client.session().keyState!.timeOffset
    assert.ok(Math.abs(offset) <= 5, `offset ${offset} s once the server clock is right again`)
  })
})
