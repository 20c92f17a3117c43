// --data: the world and the auth keys survive a restart, so a client with the same keys stays signed in.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MemoryKeyStore, MtprotoClient } from '../../extension/mtproto/network'
import { startSandbox, type Sandbox } from './server'
import { userPeer } from './world'
import { hasSnapshot, readSnapshot, writeSnapshot } from './world/snapshot'

const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-data-'))
after(() => rmSync(dataDir, { recursive: true, force: true }))

function clientFor(sandbox: Sandbox, keyStore: MemoryKeyStore, mainDcId: number): MtprotoClient {
  return new MtprotoClient({ dcs: sandbox.dcs, mainDcId, rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)], apiId: 1, keyStore, requestTimeoutMs: 10_000 })
}

describe('sandbox persistence with --data', () => {
  it('keeps accounts, messages, sessions and auth keys across a restart', async () => {
    const first = await startSandbox({ dataDir, log: () => {} })
    const ada = first.seed!.accounts.find((a) => a.key === 'ada')!
    const grace = first.seed!.accounts.find((a) => a.key === 'grace')!
    const keyStore = new MemoryKeyStore()
    const client = clientFor(first, keyStore, ada.homeDc)
    const sent = await client.invoke({ _: 'auth.sendCode', phone_number: ada.phone, api_id: 1, api_hash: 'x', settings: { _: 'codeSettings' } })
    await client.invoke({ _: 'auth.signIn', phone_number: ada.phone, phone_code_hash: sent._ === 'auth.sentCode' ? sent.phone_code_hash : '', phone_code: ada.loginCode })
    await client.invoke({ _: 'account.updateUsername', username: 'ada_persisted' })
    const message = first.world.messages.send({ senderId: grace.id, to: userPeer(ada.id), text: 'written before the restart' })
    const ptsBefore = first.world.updates.accountState(ada.id).pts
    const dcs = first.dcs.map((dc) => dc.port)
    client.close()
    await first.stop()
    assert.ok(hasSnapshot(dataDir))

    const second = await startSandbox({ dataDir, ports: dcs, log: () => {} })
    try {
      assert.equal(second.seed?.accounts.length, first.seed!.accounts.length)
      assert.equal(second.world.accounts.get(ada.id)?.username, 'ada_persisted')
      const history = second.world.messages.history(ada.id, userPeer(grace.id))
      assert.equal(history.at(-1)?.text, 'written before the restart')
      assert.equal(history.at(-1)?.id, message.copies.get(ada.id)!.id)
      assert.equal(second.world.updates.accountState(ada.id).pts, ptsBefore)

      const again = clientFor(second, keyStore, ada.homeDc)
      try {
        // Same auth key, no new sign-in: the authorization came back with the key.
        const sessions = await again.invoke({ _: 'account.getAuthorizations' })
        assert.ok(sessions.authorizations.some((a) => a._ === 'authorization' && a.current === true))
        const self = await again.invoke({ _: 'account.updateProfile', about: 'still here' })
        assert.ok(self._ === 'user' && self.id === ada.id)
      } finally {
        again.close()
      }
    } finally {
      await second.stop()
    }
  })

  it('round-trips bigints, bytes, maps and large byte strings through the snapshot files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-snapshot-'))
    const sandbox = await startSandbox({ seed: false, log: () => {} })
    try {
      const large = new Uint8Array(200_000).map((_, i) => i % 251)
      sandbox.world.state.media.documents.set(77n, {
        id: 77n,
        accessHash: -5n,
        fileReference: new Uint8Array([1, 2, 3]),
        date: 1,
        dcId: 2,
        mimeType: 'application/octet-stream',
        bytes: large,
        attributes: [],
        thumbs: [],
        stripped: undefined,
      })
      writeSnapshot(dir, sandbox.world)
      const restored = readSnapshot(dir).state.media.documents.get(77n)
      assert.equal(restored?.accessHash, -5n)
      assert.deepEqual(restored?.fileReference, new Uint8Array([1, 2, 3]))
      assert.deepEqual(restored?.bytes, large)
    } finally {
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('starts fresh and seeded when the data directory is empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-empty-'))
    const sandbox = await startSandbox({ dataDir: dir, log: () => {} })
    try {
      assert.ok(sandbox.seed)
      assert.ok(hasSnapshot(dir))
    } finally {
      await sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

