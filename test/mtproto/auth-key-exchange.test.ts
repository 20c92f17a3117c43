// The key exchange's client-side checks, against the sandbox over TCP. A hook rewrites one server answer at a
// time; each rewrite must make the exchange fail with the KeyExchangeError naming the violated check.
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { unwrapPlainMessage, wrapPlainMessage } from '../../extension/mtproto/auth/plain-message'
import { exchangeAuthKey, type PlainExchange } from '../../extension/mtproto/auth/key-exchange'
import { parseRsaPublicKey, type RsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { KeyExchangeError, type KeyExchangeFailure } from '../../extension/mtproto/errors/protocol-errors'
import { MessageIdGenerator } from '../../extension/mtproto/session/message-id'
import { decodeTl, encodeTl, type TlObject } from '../../extension/mtproto/session/tl'
import { Connection } from '../../extension/mtproto/transport'
import { startSandbox, type Sandbox } from '../sandbox/server'

let sandbox: Sandbox
let sandboxKey: RsaPublicKey

before(async () => {
  sandbox = await startSandbox()
  sandboxKey = parseRsaPublicKey(sandbox.rsaPublicKeyPem)
})
after(async () => {
  await sandbox.stop()
})

/** Runs an exchange over a fresh connection, letting `rewrite` change each answer before the client sees it. */
async function exchange(rewrite: (answer: TlObject) => TlObject = (a) => a, rsaKeys = [sandboxKey]) {
  const connection = new Connection({ host: '127.0.0.1', port: sandbox.dcs[0].port, transport: 'intermediate' })
  await connection.connect()
  const ids = new MessageIdGenerator()
  const send: PlainExchange = (body) =>
    new Promise((resolve, reject) => {
      connection.once('packet', (packet) => {
        try {
          resolve(encodeTl(rewrite(decodeTl(unwrapPlainMessage(packet).body))))
        } catch (error) {
          reject(error)
        }
      })
      connection.send(wrapPlainMessage(ids.next(), body))
    })
  try {
    return await exchangeAuthKey(send, { rsaKeys, dcId: 1, maxAttempts: 1 })
  } finally {
    connection.close()
  }
}

const failsWith = (reason: KeyExchangeFailure) => (error: unknown) => error instanceof KeyExchangeError && error.reason === reason

const flipFirstByte = (bytes: Uint8Array): Uint8Array => {
  const copy = bytes.slice()
  copy[0] ^= 1
  return copy
}

describe('auth key exchange checks', () => {
  it('creates a key, a salt and a clock offset when every answer is genuine', async () => {
    const result = await exchange()
    assert.equal(result.authKey.key.length, 256)
    assert.notEqual(result.serverSalt, 0n)
    // Both sides read the same clock; a loaded machine may still put a second or two between the reads.
    assert.ok(Math.abs(result.timeOffset) <= 5, `clock offset ${result.timeOffset} s between two readers of one clock`)
  })

  it('refuses a resPQ that echoes a different nonce', async () => {
    await assert.rejects(
      exchange((a) => (a._ === 'resPQ' ? { ...a, nonce: flipFirstByte(a.nonce as Uint8Array) } : a)),
      failsWith('nonce-mismatch'),
    )
  })

  it('refuses DH params under a different server_nonce', async () => {
    await assert.rejects(
      exchange((a) => (a._ === 'server_DH_params_ok' ? { ...a, server_nonce: flipFirstByte(a.server_nonce as Uint8Array) } : a)),
      failsWith('server-nonce-mismatch'),
    )
  })

  it('refuses an encrypted answer whose SHA1 does not match', async () => {
    await assert.rejects(
      exchange((a) => (a._ === 'server_DH_params_ok' ? { ...a, encrypted_answer: flipFirstByte(a.encrypted_answer as Uint8Array) } : a)),
      failsWith('answer-hash-mismatch'),
    )
  })

  it('refuses dh_gen_ok with a wrong new_nonce_hash1', async () => {
    await assert.rejects(
      exchange((a) => (a._ === 'dh_gen_ok' ? { ...a, new_nonce_hash1: flipFirstByte(a.new_nonce_hash1 as Uint8Array) } : a)),
      failsWith('new-nonce-hash-mismatch'),
    )
  })

  it('refuses to go on when none of our RSA keys is offered', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const stranger = parseRsaPublicKey(publicKey.export({ type: 'pkcs1', format: 'pem' }).toString())
    await assert.rejects(exchange(undefined, [stranger]), failsWith('no-matching-rsa-key'))
  })

  it('refuses an answer of the wrong kind', async () => {
    await assert.rejects(
      exchange((a) => (a._ === 'resPQ' ? { _: 'pong', msg_id: 1n, ping_id: 2n } : a)),
      failsWith('unexpected-answer'),
    )
  })
})
