// Hostile bytes between the sandbox and our client: flipped bits, replayed frames, and well-encrypted frames under a
// wrong session_id must all be dropped and logged, never reach the application, and never take the client down.
// Server messages are forged here with Node's SHA-256 and GramJS's AES-IGE, independently of the client's code.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { IGE } from 'telegram/crypto/IGE'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MtprotoClient } from '../../extension/mtproto/network'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { startTamperingRelay, type TamperingRelay } from '../support/tampering-relay'

const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()

/** MTProto 2.0 key derivation for server-to-client messages (x = 8). */
function serverKeys(authKey: Buffer, msgKey: Buffer): { key: Buffer; iv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(8, 44))
  const b = sha256(authKey.subarray(48, 84), msgKey)
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  }
}

function decryptServerPacket(authKey: Buffer, packet: Uint8Array): Buffer {
  const msgKey = Buffer.from(packet.subarray(8, 24))
  const { key, iv } = serverKeys(authKey, msgKey)
  return new IGE(key, iv).decryptIge(Buffer.from(packet.subarray(24)))
}

function forgeServerPacket(authKey: Buffer, fields: { salt: Buffer; sessionId: Buffer; msgId: bigint; seqNo: number; body: Buffer }): Buffer {
  const header = Buffer.alloc(32)
  fields.salt.copy(header, 0)
  fields.sessionId.copy(header, 8)
  header.writeBigUInt64LE(fields.msgId, 16)
  header.writeInt32LE(fields.seqNo, 24)
  header.writeInt32LE(fields.body.length, 28)
  const unpadded = 32 + fields.body.length
  const plain = Buffer.concat([header, fields.body, randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16))])
  const msgKey = sha256(authKey.subarray(96, 128), plain).subarray(8, 24)
  const { key, iv } = serverKeys(authKey, msgKey)
  const authKeyId = createHash('sha1').update(authKey).digest().subarray(12, 20)
  return Buffer.concat([authKeyId, msgKey, new IGE(key, iv).encryptIge(plain)])
}

/** updatesTooLong#e317af7e: an update with no fields, which the client would hand to the application. */
const UPDATES_TOO_LONG = Buffer.from([0x7e, 0xaf, 0x17, 0xe3])

let sandbox: Sandbox
let relay: TamperingRelay
let client: MtprotoClient
const logs: string[] = []
const updates: { _: string }[] = []

before(async () => {
  sandbox = await startSandbox()
  relay = await startTamperingRelay(sandbox.dcs[0].port)
  client = new MtprotoClient({
    dcs: [{ id: 1, host: '127.0.0.1', port: relay.port }],
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 10_000,
    logger: (_level, message) => logs.push(message),
    onUpdate: (update) => updates.push(update),
  })
  await client.invoke({ _: 'help.getConfig' })
})
after(async () => {
  client.close()
  await relay.close()
  await sandbox.stop()
})

const dropped = (reason: string): number => logs.filter((line) => line.includes('dropped') && line.includes(reason)).length

describe('tampered server frames', () => {
  it('drops frames with flipped bits and still takes the genuine copy', async () => {
    const before = logs.length
    relay.tamper = (packet) => {
      const flipped = packet.slice()
      // Anywhere past the auth_key_id: the msg_key or the ciphertext.
      const at = 8 + Math.floor(Math.random() * (flipped.length - 8))
      flipped[at] ^= 1 << Math.floor(Math.random() * 8)
      return [flipped, packet]
    }
    const answers = await Promise.all([client.invoke({ _: 'help.getConfig' }), client.invoke({ _: 'help.getNearestDc' })])
    relay.tamper = (packet) => [packet]
    assert.equal(answers[0]._, 'config')
    assert.equal(answers[1]._, 'nearestDc')
    assert.ok(logs.slice(before).some((line) => line.includes('msg-key')), 'the flipped frames were refused by the msg_key check')
  })

  it('drops a frame whose auth_key_id is not ours', async () => {
    const before = dropped('auth-key-id')
    const genuine = relay.seen.at(-1)!
    const foreign = genuine.slice()
    foreign[0] ^= 0xff
    relay.inject(foreign)
    await client.invoke({ _: 'help.getConfig' })
    assert.equal(dropped('auth-key-id'), before + 1)
  })

  it('drops replays of frames it already received', async () => {
    const beforeDuplicates = dropped('duplicate')
    relay.tamper = (packet) => [packet, packet]
    const ping = (await client.invoke({ _: 'ping', ping_id: 77n })) as { ping_id: bigint }
    relay.tamper = (packet) => [packet]
    assert.equal(ping.ping_id, 77n)
    // And old frames, replayed much later.
    for (const old of relay.seen.slice(0, 5)) relay.inject(old)
    await client.invoke({ _: 'help.getConfig' })
    assert.ok(dropped('duplicate') > beforeDuplicates, 'the replayed frames were refused as duplicates')
    assert.deepEqual(updates, [], 'nothing replayed reached the application')
  })

  it('drops a well-encrypted frame under a wrong session_id, while the same frame under ours gets through', async () => {
    const authKey = Buffer.from(client.session().keyState!.authKey)
    const plain = decryptServerPacket(authKey, relay.seen.at(-1)!)
    const salt = plain.subarray(0, 8)
    const ourSession = plain.subarray(8, 16)
    const serverTime = BigInt(Math.floor(Date.now() / 1000))
    const msgId = (serverTime << 32n) | (BigInt(randomBytes(3).readUIntLE(0, 3)) << 2n) | 3n

    const wrongSession = Buffer.from(ourSession)
    wrongSession[0] ^= 0x55
    relay.inject(forgeServerPacket(authKey, { salt, sessionId: wrongSession, msgId, seqNo: 1, body: UPDATES_TOO_LONG }))
    await client.invoke({ _: 'help.getConfig' })
    assert.equal(dropped('session-id'), 1)
    assert.deepEqual(updates, [])

    // Control: the forging is right, so the only reason for the drop above was the session_id.
    relay.inject(forgeServerPacket(authKey, { salt, sessionId: ourSession, msgId: msgId + 4n, seqNo: 1, body: UPDATES_TOO_LONG }))
    await client.invoke({ _: 'help.getConfig' })
    assert.deepEqual(updates, [{ _: 'updatesTooLong' }])
  })

  it('drops a server message with a client-style (even) msg_id, and one far in the past', async () => {
    const authKey = Buffer.from(client.session().keyState!.authKey)
    const plain = decryptServerPacket(authKey, relay.seen.at(-1)!)
    const fields = { salt: plain.subarray(0, 8), sessionId: plain.subarray(8, 16), seqNo: 1, body: UPDATES_TOO_LONG }
    const now = BigInt(Math.floor(Date.now() / 1000))
    relay.inject(forgeServerPacket(authKey, { ...fields, msgId: (now << 32n) | 0x1000n }))
    relay.inject(forgeServerPacket(authKey, { ...fields, msgId: ((now - 3600n) << 32n) | 0x1001n }))
    relay.inject(forgeServerPacket(authKey, { ...fields, msgId: ((now + 3600n) << 32n) | 0x1001n }))
    await client.invoke({ _: 'help.getConfig' })
    assert.equal(dropped('msg-id-parity'), 1)
    assert.equal(dropped('msg-id-too-old'), 1)
    assert.equal(dropped('msg-id-too-new'), 1)
    assert.equal(updates.length, 1, 'only the control update of the previous test ever arrived')
  })

  it('survives garbage of every length', async () => {
    for (const length of [0, 1, 7, 8, 23, 24, 55, 56, 72, 1000]) relay.inject(randomBytes(length))
    const config = await client.invoke({ _: 'help.getConfig' })
    assert.equal(config._, 'config')
  })
})
