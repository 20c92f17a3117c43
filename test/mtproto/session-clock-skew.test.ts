// Our client against a sandbox whose clock jumps: the session must follow the server's time through
// bad_msg_notification 16/17 in both directions, on a live connection and on a fresh one.
import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MtprotoClient, type MtprotoClientOptions } from '../../extension/mtproto/network'
import type { SessionKeyState } from '../../extension/mtproto/session/session'
import { startSandbox, type Sandbox } from '../sandbox/server'
import type { AuthKeyRecord } from '../sandbox/session/auth-keys'

const TEN_MINUTES_MS = 10 * 60_000
/** Short enough that a session stuck on bad_msg_notification fails the test rather than hanging it. */
const CALL_TIMEOUT_MS = 5_000

let sandbox: Sandbox
const clients: MtprotoClient[] = []

before(async () => {
  sandbox = await startSandbox()
})
afterEach(() => {
  for (const client of clients.splice(0)) client.close()
  sandbox.control.skewClock(0)
})
after(async () => {
  await sandbox.stop()
})

function clientFor(overrides: Partial<MtprotoClientOptions> = {}): MtprotoClient {
  const client = new MtprotoClient({
    dcs: sandbox.dcs,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: CALL_TIMEOUT_MS,
    ...overrides,
  })
  clients.push(client)
  return client
}

/** A client that starts from a stored key, its salt and its clock offset, as after a restart of the editor. */
function clientWithStoredKey(state: SessionKeyState): MtprotoClient {
  const saved = new Map([[1, state]])
  return clientFor({ keyStore: { load: (dc) => saved.get(dc), save: (dc, s) => void saved.set(dc, s) } })
}

async function getConfig(client: MtprotoClient): Promise<void> {
  assert.equal((await client.invoke({ _: 'help.getConfig' }))._, 'config')
}

function keyRecordOf(client: MtprotoClient): AuthKeyRecord {
  const key = Buffer.from(client.session().keyState!.authKey)
  const record = [...sandbox.world.authKeys.all()].find((r) => key.equals(r.key))
  assert.ok(record, 'the sandbox knows the key')
  return record
}

function assertOffsetNear(client: MtprotoClient, expectedSeconds: number): void {
  const offset = client.session().keyState!.timeOffset
  assert.ok(Math.abs(offset - expectedSeconds) <= 2, `the client's clock offset is ${offset} s, expected about ${expectedSeconds} s`)
}

describe('client against a sandbox whose clock jumps', () => {
  it('keeps working on a live connection when the server clock goes back 10 minutes, then forward again', async () => {
    const client = clientFor()
    await getConfig(client)
    const record = keyRecordOf(client)
    const sessionsBefore = [...record.sessions.keys()]

    sandbox.control.skewClock(-TEN_MINUTES_MS)
    await getConfig(client)
    assertOffsetNear(client, -600)
    // Going back in msg_id is only allowed in a new session: the server must have seen a new session id.
    const sessionsAfter = [...record.sessions.keys()]
    assert.equal(sessionsAfter.length, 1)
    assert.ok(!sessionsBefore.includes(sessionsAfter[0]!), 'the client started a new session')

    sandbox.control.skewClock(TEN_MINUTES_MS)
    await getConfig(client)
    assertOffsetNear(client, 600)

    sandbox.control.skewClock(0)
    await getConfig(client)
    assertOffsetNear(client, 0)
    // Many calls in a row: every msg_id of the new session is accepted, none is refused as too high.
    await Promise.all(Array.from({ length: 20 }, () => getConfig(client)))
  })

  it('keeps working on a live connection when the server clock goes forward 10 minutes, then back again', async () => {
    const client = clientFor()
    await getConfig(client)
    sandbox.control.skewClock(TEN_MINUTES_MS)
    await getConfig(client)
    assertOffsetNear(client, 600)
    sandbox.control.skewClock(0)
    await getConfig(client)
    assertOffsetNear(client, 0)
  })

  for (const [direction, skewMs] of [
    ['back', -TEN_MINUTES_MS],
    ['forward', TEN_MINUTES_MS],
  ] as const) {
    it(`connects afresh with a stored key after the server clock went ${direction} 10 minutes`, async () => {
      const first = clientFor()
      await getConfig(first)
      const state = first.session().keyState!
      first.close()

      sandbox.control.skewClock(skewMs)
      const second = clientWithStoredKey(state)
      await getConfig(second)
      assertOffsetNear(second, skewMs / 1000)
      assert.deepEqual(second.session().keyState!.authKey, state.authKey, 'no new key was needed')
    })

    it(`exchanges a new key and works while the server clock is ${direction} 10 minutes`, async () => {
      sandbox.control.skewClock(skewMs)
      const client = clientFor()
      await getConfig(client)
      assertOffsetNear(client, skewMs / 1000)
      await Promise.all(Array.from({ length: 20 }, () => getConfig(client)))
    })
  }
})
