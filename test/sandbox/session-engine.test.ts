// The sandbox's session engine over real TCP, driven by a raw client that can break every rule on purpose.
// Each expectation is an MTProto rule ("Service Messages about Messages", "Server Salt", "Ping").
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { after, before, beforeEach, describe, test } from 'node:test'
import { RawSessionClient } from './raw-session-client'
import { startSandbox, type Sandbox } from './server'
import type { AuthKeyRecord } from './session/auth-keys'
import { encodeObject, TlWriter } from './tl'

describe('sandbox session engine', () => {
  let sandbox: Sandbox
  let authKey: AuthKeyRecord
  let client: RawSessionClient
  const initialSalt = 0x1234_5678n

  before(async () => {
    sandbox = await startSandbox({ dcs: 2 })
  })
  after(async () => {
    await sandbox.stop()
  })
  beforeEach(async () => {
    client?.close()
    // A key put straight into the store: these tests are about the session layer, not the handshake.
    authKey = sandbox.world.authKeys.add({ key: randomBytes(256), dcId: 2, initialSalt })
    client = await RawSessionClient.open(sandbox.dcs[1]!.port, authKey, initialSalt)
  })

  const ping = (pingId = 7n) => ({ _: 'ping', ping_id: pingId })

  test('announces a new session, then answers a ping with a pong to the ping msg_id', async () => {
    const msgId = client.nextMsgId()
    client.send(ping(99n), { msgId, seqNo: 1 })
    const created = await client.next('new_session_created')
    assert.equal(created.body.first_msg_id, msgId)
    assert.equal(created.body.server_salt, initialSalt)
    const pong = await client.next('pong')
    assert.equal(pong.body.msg_id, msgId)
    assert.equal(pong.body.ping_id, 99n)
    assert.equal(pong.msgId % 4n, 1n, 'responses carry msg_id = 1 mod 4')
    assert.equal(created.msgId % 4n, 3n, 'unsolicited messages carry msg_id = 3 mod 4')
  })

  test('answers help.getConfig inside invokeWithLayer with an rpc_result for that msg_id', async () => {
    const msgId = client.nextMsgId()
    client.send({ _: 'invokeWithLayer', layer: 223, query: { _: 'help.getConfig' } }, { msgId, seqNo: 1 })
    const result = await client.next('rpc_result')
    assert.equal(result.body.req_msg_id, msgId)
    assert.equal((result.body.result as { _: string })._, 'config')
    assert.equal((result.body.result as { this_dc: number }).this_dc, 2)
  })

  test('answers an unknown method id with rpc_error 400 INPUT_METHOD_INVALID', async () => {
    const msgId = client.nextMsgId()
    const writer = new TlWriter()
    writer.uint(0x0badf00d)
    client.send(writer.finish(), { msgId, seqNo: 1 })
    const result = await client.next('rpc_result')
    assert.deepEqual(result.body.result, { _: 'rpc_error', error_code: 400, error_message: 'INPUT_METHOD_INVALID' })
  })

  const badMsgCases: [string, number, (c: RawSessionClient) => void][] = [
    ['a msg_id more than 300 s in the past', 16, (c) => c.send(ping(), { msgId: c.nextMsgId(-400), seqNo: 1 })],
    ['a msg_id more than 30 s in the future', 17, (c) => c.send(ping(), { msgId: c.nextMsgId(60), seqNo: 1 })],
    ['a msg_id not divisible by 4', 18, (c) => c.send(ping(), { msgId: c.nextMsgId() | 1n, seqNo: 1 })],
    ['an API query with an even seq_no', 35, (c) => c.send({ _: 'help.getConfig' }, { msgId: c.nextMsgId(), seqNo: 2 })],
  ]
  for (const [what, code, send] of badMsgCases) {
    test(`refuses ${what} with bad_msg_notification ${code}`, async () => {
      send(client)
      const notification = await client.next('bad_msg_notification')
      assert.equal(notification.body.error_code, code)
    })
  }

  test('gives bad_msg answers to a session not yet started distinct, increasing msg_ids, even within one millisecond', async () => {
    const clock = sandbox.world.clock
    const frozenMs = clock.nowMs()
    clock.nowMs = () => frozenMs
    try {
      client.send(ping(1n), { msgId: client.nextMsgId(60), seqNo: 1 })
      client.send(ping(2n), { msgId: client.nextMsgId(61), seqNo: 1 })
      const first = await client.next('bad_msg_notification')
      const second = await client.next('bad_msg_notification')
      assert.equal(first.body.error_code, 17)
      assert.equal(second.body.error_code, 17)
      assert.ok(second.msgId > first.msgId, `${second.msgId} follows ${first.msgId}`)
      // The session those answers went to then starts: its messages carry on from them.
      client.send(ping(3n), { msgId: client.nextMsgId(), seqNo: 1 })
      const created = await client.next('new_session_created')
      assert.ok(created.msgId > second.msgId, `${created.msgId} follows ${second.msgId}`)
    } finally {
      delete (clock as Partial<typeof clock>).nowMs
    }
  })

  test('refuses a seq_no lower than an earlier message with a lower msg_id (32) and a higher one with a higher (33)', async () => {
    const first = client.nextMsgId()
    const middle = client.nextMsgId()
    const last = client.nextMsgId()
    client.send(ping(), { msgId: middle, seqNo: 5 })
    await client.next('pong')
    client.send(ping(), { msgId: last, seqNo: 3 })
    assert.equal((await client.next('bad_msg_notification')).body.error_code, 32)
    client.send(ping(), { msgId: first, seqNo: 7 })
    assert.equal((await client.next('bad_msg_notification')).body.error_code, 33)
  })

  test('refuses a reused container msg_id (19), a container in a container (64) and an odd container seq_no (34)', async () => {
    const container = (messages: { msgId: bigint; seqNo: number; body: Uint8Array }[]) => {
      const writer = new TlWriter()
      writer.uint(0x73f1f8dc)
      writer.int(messages.length)
      for (const message of messages) {
        writer.long(message.msgId)
        writer.int(message.seqNo)
        writer.int(message.body.length)
        writer.raw(message.body)
      }
      return writer.finish()
    }
    const inner = { msgId: client.nextMsgId(), seqNo: 1, body: encodeObject(ping(1n)) }
    const containerId = client.nextMsgId()
    client.send(container([inner]), { msgId: containerId, seqNo: 2 })
    await client.next('pong')
    client.send(container([{ ...inner, msgId: client.nextMsgId() }]), { msgId: containerId, seqNo: 4 })
    assert.equal((await client.next('bad_msg_notification')).body.error_code, 19)

    const nested = container([{ msgId: client.nextMsgId(), seqNo: 3, body: encodeObject(ping(2n)) }])
    client.send(container([{ msgId: client.nextMsgId(), seqNo: 4, body: nested }]), { msgId: client.nextMsgId(), seqNo: 4 })
    assert.equal((await client.next('bad_msg_notification')).body.error_code, 64)

    client.send(container([{ msgId: client.nextMsgId(), seqNo: 5, body: encodeObject(ping(3n)) }]), { msgId: client.nextMsgId(), seqNo: 5 })
    assert.equal((await client.next('bad_msg_notification')).body.error_code, 34)
  })

  test('executes a repeated msg_id once', async () => {
    const msgId = client.nextMsgId()
    client.send(ping(1n), { msgId, seqNo: 1 })
    client.send(ping(1n), { msgId, seqNo: 1 })
    client.send(ping(2n), { msgId: client.nextMsgId(), seqNo: 3 })
    assert.equal((await client.next('pong')).body.ping_id, 1n)
    assert.equal((await client.next('pong')).body.ping_id, 2n)
  })

  test('opens gzip_packed queries', async () => {
    const packed = { _: 'gzip_packed', packed_data: gzipSync(encodeObject(ping(5n))) }
    client.send(packed, { msgId: client.nextMsgId(), seqNo: 1 })
    assert.equal((await client.next('pong')).body.ping_id, 5n)
  })

  test('answers a wrong salt with bad_server_salt (48) carrying the salt that works', async () => {
    const msgId = client.nextMsgId()
    client.send(ping(), { msgId, seqNo: 1, salt: initialSalt + 1n })
    const notification = await client.next('bad_server_salt')
    assert.equal(notification.body.error_code, 48)
    assert.equal(notification.body.bad_msg_id, msgId)
    assert.equal(notification.body.new_server_salt, initialSalt)
  })

  test('after a salt rotation, refuses the old salt and accepts the announced one', async () => {
    client.send(ping(1n), { msgId: client.nextMsgId(), seqNo: 1 })
    await client.next('pong')
    sandbox.world.rotateSalts()
    client.send(ping(2n), { msgId: client.nextMsgId(), seqNo: 3 })
    const notification = await client.next('bad_server_salt')
    assert.notEqual(notification.body.new_server_salt, initialSalt)
    client.salt = notification.body.new_server_salt as bigint
    client.send(ping(3n), { msgId: client.nextMsgId(), seqNo: 3 })
    assert.equal((await client.next('pong')).body.ping_id, 3n)
  })

  test('lists future salts starting with the current one', async () => {
    const msgId = client.nextMsgId()
    client.send({ _: 'get_future_salts', num: 3 }, { msgId, seqNo: 1 })
    const salts = await client.next('future_salts')
    assert.equal(salts.body.req_msg_id, msgId)
    const list = salts.body.salts as { salt: bigint; valid_since: number; valid_until: number }[]
    assert.equal(list.length, 3)
    assert.equal(list[0]!.salt, initialSalt)
    for (let i = 1; i < list.length; i++) assert.equal(list[i]!.valid_since, list[i - 1]!.valid_until)
  })

  test('drops a packet with a flipped bit and executes a replayed packet only once', async () => {
    client.send(ping(1n), { msgId: client.nextMsgId(), seqNo: 1 })
    await client.next('pong')
    // One ciphertext bit flipped: msg_key no longer matches, so nothing answers. The two replays of the intact
    // packet answer once, and the last ping proves the connection survived all of it.
    const captured: Uint8Array[] = []
    const original = client.sendPacket.bind(client)
    client.sendPacket = (packet) => captured.push(packet)
    client.send(ping(2n), { msgId: client.nextMsgId(), seqNo: 3 })
    client.sendPacket = original
    const flipped = Uint8Array.from(captured[0]!)
    flipped[flipped.length - 20]! ^= 0x01
    client.sendPacket(flipped)
    client.sendPacket(captured[0]!)
    client.sendPacket(captured[0]!)
    client.send(ping(4n), { msgId: client.nextMsgId(), seqNo: 5 })
    assert.equal((await client.next('pong')).body.ping_id, 2n)
    assert.equal((await client.next('pong')).body.ping_id, 4n)
  })

  test('answers an unknown auth_key_id with transport error -404 and closes', async () => {
    const stranger = await RawSessionClient.open(sandbox.dcs[1]!.port, { ...authKey, id: authKey.id ^ 1n }, initialSalt)
    stranger.send(ping(), { msgId: stranger.nextMsgId(), seqNo: 1 })
    assert.deepEqual((await stranger.next('transport_error')).body, { _: 'transport_error', code: -404 })
    await stranger.closed
  })

  test('keeps auth keys per DC: a key of dc 2 is unknown on dc 1', async () => {
    const elsewhere = await RawSessionClient.open(sandbox.dcs[0]!.port, authKey, initialSalt)
    elsewhere.send(ping(), { msgId: elsewhere.nextMsgId(), seqNo: 1 })
    assert.equal((await elsewhere.next('transport_error')).body.code, -404)
    elsewhere.close()
  })

  test('forgets a temporary key once it expires', async () => {
    const now = sandbox.world.clock.nowSeconds()
    const temp = sandbox.world.authKeys.add({ key: randomBytes(256), dcId: 2, initialSalt, expiresAt: now + 60 })
    const tempClient = await RawSessionClient.open(sandbox.dcs[1]!.port, temp, initialSalt)
    tempClient.send(ping(1n), { msgId: tempClient.nextMsgId(), seqNo: 1 })
    await tempClient.next('pong')
    sandbox.world.clock.skewMs += 61_000
    try {
      // The client's msg_ids follow its own clock; only the key's expiry is judged by the server clock here.
      assert.equal(sandbox.world.authKeys.get(2, temp.id), undefined)
    } finally {
      sandbox.world.clock.skewMs -= 61_000
    }
    tempClient.send(ping(2n), { msgId: tempClient.nextMsgId(), seqNo: 3 })
    assert.equal((await tempClient.next('transport_error')).body.code, -404)
  })

  test('closes the connection after ping_delay_disconnect when no other ping comes', async () => {
    client.send({ _: 'ping_delay_disconnect', ping_id: 1n, disconnect_delay: 1 }, { msgId: client.nextMsgId(), seqNo: 1 })
    await client.next('pong')
    await client.closed
  })
})
