// Protocol security: the sandbox itself misbehaves (control.misbehave), breaking one MTProto rule at a time where
// a client must catch it. Every case of the list is here, in the order the issue gives them:
//
//   wrong msg_key, wrong session_id, replayed msg_id, msg_id far in the past / future   -> forged encrypted messages
//   non-prime dh_prime, unsafe dh_prime, g_a out of range, wrong nonce / server_nonce,
//   wrong answer hash, unknown RSA fingerprint                                          -> handshake lies
//   oversized length prefix                                                             -> framing
//
// Related tests prove the same checks by other means: a man-in-the-middle relay (test/mtproto/session-tampering),
// rewritten handshake answers (test/mtproto/auth-key-exchange) and hostile bytes fed to the codecs
// (test/mtproto/transport-codecs). Here the lies come from the server the client trusts, over a real connection.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { exchangeAuthKey, type PlainExchange } from '../../extension/mtproto/auth/key-exchange'
import { unwrapPlainMessage, wrapPlainMessage } from '../../extension/mtproto/auth/plain-message'
import { parseRsaPublicKey, type RsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { KeyExchangeError, type KeyExchangeFailure, type RejectedMessageReason } from '../../extension/mtproto/errors/protocol-errors'
import { MtprotoClient } from '../../extension/mtproto/network'
import { MessageIdGenerator } from '../../extension/mtproto/session/message-id'
import { Connection } from '../../extension/mtproto/transport'
import { TlResultTypeError } from '../../schema/codec'
import type { EnvelopeMisbehavior, HandshakeMisbehavior } from '../sandbox/control/misbehavior'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { POISONED_ERROR_MESSAGE } from '../sandbox/session/misbehaving-envelope'
import { startTamperingRelay, type TamperingRelay } from '../support/tampering-relay'

let sandbox: Sandbox
let sandboxKey: RsaPublicKey

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
  sandboxKey = parseRsaPublicKey(sandbox.rsaPublicKeyPem)
})
after(async () => {
  await sandbox.stop()
})

/** A client with its log and the updates it handed over, for one test. */
function clientOn(port: number) {
  const logs: string[] = []
  const updates: { _: string }[] = []
  const client = new MtprotoClient({
    dcs: [{ id: 1, host: '127.0.0.1', port }],
    rsaKeys: [sandboxKey],
    apiId: 1,
    requestTimeoutMs: 20_000,
    reconnect: { baseDelayMs: 50, maxDelayMs: 500 },
    logger: (_level, message) => logs.push(message),
    onUpdate: (update) => updates.push(update),
  })
  return { client, logs, updates }
}

/** One key exchange by the client's own code over a fresh connection, with no retry: the typed error surfaces. */
async function exchangeOnce(): Promise<unknown> {
  const connection = new Connection({ host: '127.0.0.1', port: sandbox.dcs[0]!.port, transport: 'intermediate' })
  await connection.connect()
  const ids = new MessageIdGenerator()
  const send: PlainExchange = (body) =>
    new Promise((resolve, reject) => {
      connection.once('packet', (packet) => {
        try {
          resolve(unwrapPlainMessage(packet).body)
        } catch (error) {
          reject(error)
        }
      })
      connection.once('close', () => reject(new Error('the sandbox closed the connection')))
      connection.send(wrapPlainMessage(ids.next(), body))
    })
  try {
    return await exchangeAuthKey(send, { rsaKeys: [sandboxKey], dcId: 1, maxAttempts: 1 })
  } finally {
    connection.close()
  }
}

const HANDSHAKE_CASES: readonly { lie: HandshakeMisbehavior; title: string; reason: KeyExchangeFailure }[] = [
  { lie: 'dh-prime-not-prime', title: 'a dh_prime that is not prime', reason: 'dh-prime-rejected' },
  { lie: 'dh-prime-unsafe', title: 'a prime dh_prime whose (p - 1) / 2 is not prime', reason: 'dh-prime-rejected' },
  { lie: 'g_a-out-of-range', title: 'g_a = dh_prime - 1, outside [2^1984, p - 2^1984]', reason: 'g_a-out-of-range' },
  { lie: 'resPQ-wrong-nonce', title: 'a resPQ echoing a different nonce', reason: 'nonce-mismatch' },
  { lie: 'dh-params-wrong-server-nonce', title: 'server_DH_params_ok under a different server_nonce', reason: 'server-nonce-mismatch' },
  { lie: 'dh-answer-wrong-hash', title: 'an encrypted answer whose SHA1 is not that of the answer', reason: 'answer-hash-mismatch' },
  { lie: 'resPQ-unknown-fingerprint', title: 'a resPQ offering only an RSA key we do not know', reason: 'no-matching-rsa-key' },
]

describe('a sandbox that lies during the key exchange', () => {
  for (const { lie, title, reason } of HANDSHAKE_CASES) {
    it(`refuses ${title} with KeyExchangeError ${reason}`, async () => {
      sandbox.control.misbehave(lie)
      await assert.rejects(exchangeOnce(), (error) => error instanceof KeyExchangeError && error.reason === reason)
    })

    it(`drops the connection after ${title}, and the next honest exchange gives a key the server holds`, async () => {
      // The relay passes everything through; it is here to count the TCP connections the client opens.
      const relay = await startTamperingRelay(sandbox.dcs[0]!.port)
      const { client, logs } = clientOn(relay.port)
      try {
        sandbox.control.misbehave(lie)
        const config = await client.invoke({ _: 'help.getConfig' })
        assert.equal(config._, 'config')
        assert.ok(logs.some((line) => line.includes(`auth key exchange failed: ${reason}`)), logs.join('\n'))
        assert.equal(relay.tunnels, 2, 'one connection for the refused exchange, a new one for the honest exchange')
        const key = client.session().keyState!.authKey
        assert.ok(sandbox.world.authKeys.has(1, key), 'the key in use is one the sandbox agreed to')
      } finally {
        client.close()
        await relay.close()
      }
    })
  }
})

const ENVELOPE_CASES: readonly { lie: EnvelopeMisbehavior; title: string; reason: RejectedMessageReason }[] = [
  { lie: 'wrong-msg-key', title: 'a wrong msg_key', reason: 'msg-key' },
  { lie: 'wrong-session-id', title: 'a wrong session_id', reason: 'session-id' },
  { lie: 'replayed-msg-id', title: 'the msg_id of a message already received', reason: 'duplicate' },
  { lie: 'msg-id-far-past', title: 'a msg_id an hour in the past', reason: 'msg-id-too-old' },
  { lie: 'msg-id-far-future', title: 'a msg_id an hour in the future', reason: 'msg-id-too-new' },
]

describe('a sandbox that forges encrypted messages', () => {
  let relay: TamperingRelay
  let session: ReturnType<typeof clientOn>
  before(async () => {
    relay = await startTamperingRelay(sandbox.dcs[0]!.port)
    session = clientOn(relay.port)
    await session.client.invoke({ _: 'help.getConfig' })
  })
  after(async () => {
    session.client.close()
    await relay.close()
  })

  for (const { lie, title, reason } of ENVELOPE_CASES) {
    it(`drops a poisoned answer and a poisoned update under ${title} (RejectedMessageError ${reason}), taking the genuine answer`, async () => {
      const { client, logs, updates } = session
      const rejectedBefore = logs.filter((line) => line.includes(`incoming message dropped: ${reason}`)).length
      const packetsBefore = relay.seen.length
      sandbox.control.misbehave(lie)
      // The poisoned answer is an rpc_error for this very query: accepting it would reject the call.
      const nearest = await client.invoke({ _: 'help.getNearestDc' })
      assert.equal(nearest._, 'nearestDc')
      assert.equal((sandbox.control.describeFaults() as { misbehavior?: string }).misbehavior, undefined, 'the sandbox did misbehave')
      const rejected = logs.filter((line) => line.includes(`incoming message dropped: ${reason}`)).length - rejectedBefore
      assert.equal(rejected, 2, `both forgeries refused for ${reason}:\n${logs.join('\n')}`)
      assert.ok(relay.seen.length >= packetsBefore + 3, 'the forgeries really went over the wire before the answer')
      assert.deepEqual(updates, [], 'no forged update reached the application')
      // Dropped one by one, as Telethon does: the genuine traffic around a forgery goes on over the same connection.
      assert.equal(relay.tunnels, 1, 'the connection stayed up')
      assert.ok(!logs.some((line) => line.includes(POISONED_ERROR_MESSAGE)))
    })
  }
})

describe('a sandbox that sends an oversized length prefix', () => {
  it('refuses the frame with FramingError as soon as its header arrives, reconnects, and gets the answer', async () => {
    const { client, logs, updates } = clientOn(sandbox.dcs[0]!.port)
    try {
      await client.invoke({ _: 'help.getConfig' })
      sandbox.control.misbehave('oversized-length-prefix')
      const nearest = await client.invoke({ _: 'help.getNearestDc' })
      assert.equal(nearest._, 'nearestDc')
      assert.ok(logs.some((line) => /transport error: .*exceeds/.test(line)), logs.join('\n'))
      assert.ok(logs.some((line) => line.includes('connection lost; reconnecting')), logs.join('\n'))
      assert.deepEqual(updates, [])
    } finally {
      client.close()
    }
  })
})

describe('a sandbox that answers with a constructor of another type', () => {
  it('fails that call alone with TlResultTypeError naming the method, the declared type and what came, over the same connection', async () => {
    const relay = await startTamperingRelay(sandbox.dcs[0]!.port)
    const { client, logs, updates } = clientOn(relay.port)
    try {
      // The first call travels inside invokeWithLayer(initConnection(...)): the check looks through to the query.
      sandbox.control.misbehave('wrong-result-type')
      await assert.rejects(
        client.invoke({ _: 'help.getConfig' }),
        (error) =>
          error instanceof TlResultTypeError &&
          error.method === 'help.getConfig' &&
          error.expected === 'Config' &&
          error.received === 'inputPeerSelf',
      )
      assert.equal((sandbox.control.describeFaults() as { misbehavior?: string }).misbehavior, undefined, 'the sandbox did misbehave')
      assert.ok(logs.some((line) => line.includes('help.getConfig answered with inputPeerSelf')), logs.join('\n'))
      const nearest = await client.invoke({ _: 'help.getNearestDc' })
      assert.equal(nearest._, 'nearestDc')
      assert.equal(relay.tunnels, 1, 'the connection stayed up')
      assert.deepEqual(updates, [])
    } finally {
      client.close()
      await relay.close()
    }
  })
})
