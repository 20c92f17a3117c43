// The sandbox's side of the auth key exchange, checked by independent clients: each must end up with the same
// auth key as the sandbox stored for that DC. GramJS sends RSA_PAD with p_q_inner_data; mtcute RSA_PAD with
// p_q_inner_data_dc, or the older RSA format when the key is registered as old.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { startSandbox, type Sandbox } from './server'
import { MemoryStorage } from '@mtcute/node'
import { Api } from 'telegram'
import { createGramJsClient } from '../support/gramjs-sandbox'
import { createMtcuteClient } from '../support/mtcute-sandbox'

/** auth_key_id as the MTProto spec defines it, computed here independently of the sandbox's helper. */
function keyId(authKey: Uint8Array): bigint {
  return createHash('sha1').update(authKey).digest().readBigInt64LE(12)
}

describe('sandbox auth key exchange', () => {
  let sandbox: Sandbox
  before(async () => {
    sandbox = await startSandbox({ dcs: 2 })
  })
  after(async () => {
    await sandbox.stop()
  })

  test('agrees on the same permanent key as GramJS (RSA_PAD, p_q_inner_data), stored on that DC only', async () => {
    const client = createGramJsClient(sandbox, { dcId: 1 })
    try {
      await client.connect()
      const key = client.session.getAuthKey()!.getKey()!
      const stored = sandbox.world.authKeys.get(1, keyId(key))
      assert.ok(stored, 'the sandbox stored the key GramJS computed')
      assert.deepEqual(Buffer.from(stored.key), Buffer.from(key))
      assert.equal(stored.kind, 'perm')
      assert.deepEqual(stored.agreedWith, { rsa: 'rsa-pad', innerData: 'p_q_inner_data' })
      assert.equal(sandbox.world.authKeys.get(2, keyId(key)), undefined)
      assert.equal(stored.layer, 198, 'the layer GramJS announced in invokeWithLayer is recorded on the key')
    } finally {
      await client.destroy()
    }
  })

  for (const legacyRsa of [false, true]) {
    const scheme = legacyRsa ? 'the older RSA format' : 'RSA_PAD'
    test(`agrees on the same key as mtcute (${scheme}, p_q_inner_data_dc)`, async () => {
      const storage = new MemoryStorage()
      const client = createMtcuteClient(sandbox, { dcId: 2, legacyRsa, storage })
      try {
        await client.connect()
        await client.call({ _: 'help.getConfig' })
        const key = await storage.authKeys.get(2)
        assert.ok(key)
        const stored = sandbox.world.authKeys.get(2, keyId(key))
        assert.ok(stored, 'the sandbox stored the key mtcute computed')
        assert.deepEqual(stored.agreedWith, { rsa: legacyRsa ? 'sha1-padded' : 'rsa-pad', innerData: 'p_q_inner_data_dc' })
        assert.equal(stored.layer, 227)
      } finally {
        await client.destroy()
      }
    })
  }

  // GramJS cannot go on after dh_gen_retry, so a forced retry fails its exchange just as a key it truncated does
  // (about one in 256: it drops a leading zero byte of the key and then rejects dh_gen_ok's new_nonce_hash1).
  test('GramJS starts a new key exchange after one it could not finish, and connects', async () => {
    sandbox.world.faults.dhGenRetries = 1
    const client = createGramJsClient(sandbox, { dcId: 2 })
    try {
      assert.equal(await client.connect(), true)
      assert.equal(sandbox.world.faults.dhGenRetries, 0, 'the first exchange was refused')
      const config = await client.invoke(new Api.help.GetConfig())
      assert.equal(config.thisDc, 2)
    } finally {
      sandbox.world.faults.dhGenRetries = 0
      await client.destroy()
    }
  })

  // GramJS itself resolves connect() with false here, and any invoke() after it never settles.
  test('GramJS rejects connect with its last error when no key exchange succeeds', async () => {
    sandbox.world.faults.dhGenRetries = 1000
    const client = createGramJsClient(sandbox, { dcId: 1 })
    try {
      await assert.rejects(client.connect(), /^Error: GramJS gave up connecting to dc 1: Step 3/)
    } finally {
      sandbox.world.faults.dhGenRetries = 0
      await client.destroy()
    }
  })

  test('answers dh_gen_retry when asked to, and the client finishes with the retry_id it derived', async () => {
    sandbox.world.faults.dhGenRetries = 1
    const client = createMtcuteClient(sandbox, { dcId: 1 })
    try {
      await client.connect()
      const config = await client.call({ _: 'help.getConfig' })
      assert.equal(config.thisDc, 1)
      assert.equal(sandbox.world.faults.dhGenRetries, 0, 'the forced retry was used')
    } finally {
      await client.destroy()
    }
  })
})
