// Fault injection through `sandbox.control`, one test per fault kind, each showing the fault as a client meets
// it over real TCP: a raw session client where the bytes matter, our MtprotoClient where recovery does.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, afterEach, before, describe, test } from 'node:test'
import type { TlConstructors } from '../../schema/codec/generated/types'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { RawSessionClient } from './raw-session-client'
import { startSandbox, type Sandbox } from './server'
import { recordingClient, subscribedClient, type RecordingClient } from './updates/test-clients'
import { userPeer } from './world'

let sandbox: Sandbox
const clients: RecordingClient[] = []
let nextPhone = 9_997_800_000

before(async () => {
  sandbox = await startSandbox({ seed: false })
})
afterEach(() => {
  sandbox.control.clearFaults()
  for (const client of clients.splice(0)) client.close()
})
after(async () => {
  await sandbox.stop()
})

function newAccount(firstName: string): bigint {
  return sandbox.world.accounts.create({ phone: String(nextPhone++), firstName, homeDc: 1 }).id
}

function client(options: Parameters<typeof recordingClient>[2] = {}): RecordingClient {
  const created = recordingClient(sandbox, 1, options)
  clients.push(created)
  return created
}

async function rawClient(dcId = 1): Promise<RawSessionClient> {
  const salt = randomBytes(8).readBigInt64LE()
  const authKey = sandbox.world.authKeys.add({ key: randomBytes(256), dcId, initialSalt: salt })
  return RawSessionClient.open(sandbox.dcs[dcId - 1]!.port, authKey, salt)
}

/** Sends a query wrapped as a first call on a connection, and returns its rpc_result's result. */
async function rawCall(raw: RawSessionClient, query: { _: string }, seqNo: number): Promise<{ _: string; [field: string]: unknown }> {
  const msgId = raw.nextMsgId()
  raw.send({ _: 'invokeWithLayer', layer: 223, query }, { msgId, seqNo })
  for (;;) {
    const result = await raw.next('rpc_result')
    if (result.body.req_msg_id === msgId) return result.body.result as { _: string }
  }
}

describe('fault injection', () => {
  test('drops every connection now', async () => {
    const raw = await rawClient()
    await rawCall(raw, { _: 'help.getNearestDc' }, 1)
    assert.ok(sandbox.control.dropConnections() >= 1)
    await raw.closed
  })

  test('drops a connection after N packets, losing the packet that trips it', async () => {
    const raw = await rawClient()
    sandbox.control.dropConnectionAfter(3)
    for (const pingId of [1n, 2n, 3n]) raw.send({ _: 'ping', ping_id: pingId }, { msgId: raw.nextMsgId(), seqNo: Number(pingId) * 2 - 1 })
    await raw.closed
    const pongs: bigint[] = []
    // What arrived before the close is still in the inbox; next() fails once it is empty.
    await (async () => {
      for (;;) pongs.push((await raw.next('pong')).body.ping_id as bigint)
    })().catch(() => {})
    assert.deepEqual(pongs, [1n, 2n])
  })

  test('holds back the answers of a delayed method while others go through', async () => {
    const mtproto = client()
    // The first call on a connection carries initConnection, and a client sends nothing else until it is answered.
    await mtproto.client.invoke({ _: 'help.getNearestDc' })
    sandbox.control.delayResponses(300, { method: 'help.getConfig', calls: 1 })
    const order: string[] = []
    await Promise.all([
      mtproto.client.invoke({ _: 'help.getConfig' }).then(() => order.push('help.getConfig')),
      mtproto.client.invoke({ _: 'help.getNearestDc' }).then(() => order.push('help.getNearestDc')),
    ])
    assert.deepEqual(order, ['help.getNearestDc', 'help.getConfig'])
  })

  test('answers FLOOD_WAIT_N to the next K calls of a method, then serves it again', async () => {
    const mtproto = client({ floodWaitThreshold: 0 })
    sandbox.control.floodWait('help.getNearestDc', 7, { calls: 2 })
    for (let i = 0; i < 2; i++) {
      const error = await mtproto.client.invoke({ _: 'help.getNearestDc' }).catch((e: unknown) => e)
      assert.ok(error instanceof RpcError)
      assert.equal(error.code, 420)
      assert.equal(error.message, 'FLOOD_WAIT_7')
      assert.equal(error.value, 7)
    }
    assert.equal((await mtproto.client.invoke({ _: 'help.getNearestDc' }))._, 'nearestDc')
  })

  test('answers *_MIGRATE_X for a method, which a client follows to the other DC', async () => {
    const raw = await rawClient()
    sandbox.control.migrate('help.getNearestDc', 'USER', 2)
    assert.deepEqual(await rawCall(raw, { _: 'help.getNearestDc' }, 1), { _: 'rpc_error', error_code: 303, error_message: 'USER_MIGRATE_2' })
    raw.close()

    const mtproto = client()
    sandbox.control.migrate('help.getNearestDc', 'NETWORK', 2)
    const nearest = await mtproto.client.invoke({ _: 'help.getNearestDc' })
    assert.equal(nearest.this_dc, 2, 'answered by the DC the error named')
    assert.equal(mtproto.client.mainDcId, 2)
  })

  test('rotates the server salt: the next message gets bad_server_salt and is resent with the new one', async () => {
    const raw = await rawClient()
    await rawCall(raw, { _: 'help.getNearestDc' }, 1)
    sandbox.control.rotateSalts()
    raw.send({ _: 'ping', ping_id: 5n }, { msgId: raw.nextMsgId(), seqNo: 3 })
    const bad = await raw.next('bad_server_salt')
    assert.notEqual(bad.body.new_server_salt, raw.salt)
    raw.close()

    const mtproto = client()
    await mtproto.client.invoke({ _: 'help.getConfig' })
    const before = mtproto.client.session().keyState!.serverSalt
    sandbox.control.rotateSalts()
    assert.equal((await mtproto.client.invoke({ _: 'help.getConfig' }))._, 'config')
    assert.notEqual(mtproto.client.session().keyState!.serverSalt, before)
  })

  test('skews the server clock: msg_ids look stale, and a client resynchronises and carries on', async () => {
    const raw = await rawClient()
    sandbox.control.skewClock(10 * 60_000)
    raw.send({ _: 'ping', ping_id: 1n }, { msgId: raw.nextMsgId(), seqNo: 1 })
    assert.equal((await raw.next('bad_msg_notification')).body.error_code, 16, 'msg_id too low for the server clock')
    raw.close()

    // A connected client whose messages suddenly look ten minutes stale takes the server's time from the answer.
    const connected = client()
    await connected.client.invoke({ _: 'help.getConfig' })
    const offsetBefore = connected.client.session().keyState!.timeOffset
    sandbox.control.skewClock(20 * 60_000)
    assert.equal((await connected.client.invoke({ _: 'help.getConfig' }))._, 'config')
    const moved = connected.client.session().keyState!.timeOffset - offsetBefore
    assert.ok(Math.abs(moved - 600) < 60, `the client followed the server clock (${moved} s for a 600 s jump)`)

  })

  test('swallows updates for an account: they happen, are not pushed, and getDifference recovers them', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await subscribedClient(sandbox, uma)
    clients.push(umaClient)
    const before = (await umaClient.client.invoke({ _: 'updates.getState' })) as TlConstructors['updates.state']

    const resume = sandbox.control.swallowUpdates({ account: uma })
    sandbox.world.messages.send({ senderId: pax, to: userPeer(uma), text: 'swallowed' })
    await new Promise((resolve) => setImmediate(resolve))
    resume()
    sandbox.world.messages.send({ senderId: pax, to: userPeer(uma), text: 'delivered' })

    const push = await umaClient.nextPush()
    assert.equal(push.message, 'delivered', 'the swallowed update never arrived')
    assert.equal(push.pts, before.pts + 2, 'the client can see the gap from pts')
    const diff = await umaClient.client.invoke({ _: 'updates.getDifference', pts: before.pts, date: before.date, qts: before.qts })
    assert.equal(diff._, 'updates.difference')
    if (diff._ !== 'updates.difference') return
    assert.deepEqual(
      diff.new_messages.map((m) => (m as TlConstructors['message']).message),
      ['swallowed', 'delivered'],
    )
  })

  test('restarts the server while a client is connected: same ports, same state, pushes resume', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await subscribedClient(sandbox, uma)
    clients.push(umaClient)
    const before = (await umaClient.client.invoke({ _: 'updates.getState' })) as TlConstructors['updates.state']
    const ports = sandbox.dcs.map((dc) => dc.port)

    await sandbox.control.restart()

    assert.deepEqual(
      sandbox.dcs.map((dc) => dc.port),
      ports,
    )
    // The client reconnects with the auth key it has: the key and its sign-in survived.
    const after = (await umaClient.client.invoke({ _: 'updates.getState' })) as TlConstructors['updates.state']
    assert.equal(after.pts, before.pts)
    sandbox.world.messages.send({ senderId: pax, to: userPeer(uma), text: 'after the restart' })
    assert.equal((await umaClient.nextPush()).message, 'after the restart')
  })
})
