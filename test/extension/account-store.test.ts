// The account store against the sandbox: a real sign-in persisted through a fake SecretStorage and
// encrypted cache files, read back by a new client, then wiped by sign-out.
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { AccountStore } from '../../extension/accounts/account-store'
import { TelegramClient } from '../../extension/mtproto'
import { seeded } from '../client/support'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { FakeMemento, FakeSecretStorage } from './fakes'

let sandbox: Sandbox
let storageDir: string
const API_HASH = '0123456789abcdef0123456789abcdef'

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
  storageDir = await mkdtemp(join(tmpdir(), 'workbench-accounts-'))
})
after(async () => {
  await sandbox.stop()
  await rm(storageDir, { recursive: true, force: true })
})

function newStore(secrets = new FakeSecretStorage(), state = new FakeMemento()) {
  return { secrets, state, store: new AccountStore({ secrets, state, storageDir }) }
}

async function clientFor(store: AccountStore, id: string): Promise<TelegramClient> {
  const session = await store.openSession(id)
  return new TelegramClient({
    apiId: 1,
    apiHash: (await store.apiHash(id))!,
    session,
    dcs: sandbox.dcs,
    rsaKeys: [sandbox.rsaPublicKeyPem],
    requestTimeoutMs: 15_000,
  })
}

async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => readFile(join(entry.parentPath, entry.name))))
}

/** Every spelling of a secret a careless store might write: raw text, hex, base64 and base64url. */
function spellings(secret: Uint8Array | string): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret)
  const forms = [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]
  if (typeof secret === 'string') forms.push(secret)
  return forms.map((form) => form.slice(0, 40))
}

describe('AccountStore', () => {
  it('keeps a signed-in session in SecretStorage and leaves nothing secret in globalStorage', async () => {
    const grace = seeded(sandbox, 'grace')
    const { secrets, state, store } = newStore()
    const account = await store.add({ label: 'Grace', kind: 'user', profile: { kind: 'custom', dcs: [...sandbox.dcs], rsaKeyPem: sandbox.rsaPublicKeyPem }, apiId: 1, apiHash: API_HASH })
    const client = await clientFor(store, account.id)
    const me = await client.start({ phone: '+' + grace.phone, code: () => grace.loginCode, password: () => grace.password! })
    for await (const _ of client.iterDialogs({ limit: 20 })) {
      // Listing dialogs fills the entity cache and the update state.
    }
    await client.disconnect()
    const authKey = client.session.authKey(client.homeDcId)!.authKey

    const files = await filesUnder(store.cacheDir(account.id))
    assert.ok(files.length > 0, 'the entity cache was written to globalStorage')
    const forbidden = [...spellings(authKey), ...spellings(API_HASH), ...spellings(grace.loginCode), ...spellings(grace.password!), ...spellings(grace.username!)]
    for (const file of files) {
      for (const needle of forbidden) assert.ok(!file.includes(needle), `a cache file contains ${needle}`)
      assert.ok(!file.includes('"v"'), 'cache files are not plain JSON')
    }
    assert.ok([...secrets.values.keys()].some((key) => key.endsWith(`${account.id}/keys`)))
    assert.ok(!JSON.stringify([...state.values]).includes(API_HASH))

    // A new client over the same storage is already signed in, without a new auth key.
    const again = await clientFor(new AccountStore({ secrets, state, storageDir }), account.id)
    await again.connect()
    assert.equal((await again.getMe()).id, me.id)
    assert.deepEqual(again.session.authKey(again.homeDcId)!.authKey, authKey)
    await again.disconnect()
  })

  it('drops a cache whose key no longer opens it, keeping the session', async () => {
    const ada = seeded(sandbox, 'ada')
    const { secrets, state, store } = newStore()
    const account = await store.add({ label: 'Ada', kind: 'user', profile: { kind: 'production' }, apiId: 1, apiHash: API_HASH })
    const client = await clientFor(store, account.id)
    await client.start({ phone: '+' + ada.phone, code: () => ada.loginCode })
    await client.disconnect()
    // Another cache key, as if SecretStorage had been restored from elsewhere.
    secrets.values.set(`telegramWorkbench/account/${account.id}/cacheKey`, Buffer.alloc(32, 7).toString('base64'))
    let resets = 0
    const reopened = new AccountStore({ secrets, state, storageDir, onCacheReset: () => resets++ })
    const again = await clientFor(reopened, account.id)
    assert.equal(resets, 1)
    assert.ok(again.session.authKey(again.homeDcId), 'the auth key survives the lost cache')
    assert.equal(again.session.updateState, undefined)
  })

  it('removes every secret, the cache folder and the record of a removed account, and only that one', async () => {
    const ada = seeded(sandbox, 'ada')
    const { secrets, state, store } = newStore()
    const keep = await store.add({ label: 'Bot', kind: 'bot', profile: { kind: 'test' }, apiId: 1, apiHash: 'other-hash', botToken: '1:token' })
    const account = await store.add({ label: 'Ada', kind: 'user', profile: { kind: 'production' }, apiId: 1, apiHash: API_HASH })
    const client = await clientFor(store, account.id)
    await client.start({ phone: '+' + ada.phone, code: () => ada.loginCode })
    await client.disconnect()
    assert.equal(store.active()?.id, account.id)

    await store.remove(account.id)
    assert.deepEqual([...secrets.values.keys()].filter((key) => key.includes(account.id)), [])
    assert.deepEqual(await filesUnder(store.cacheDir(account.id)), [])
    assert.deepEqual(store.list().map((a) => a.id), [keep.id])
    assert.equal(store.active()?.id, keep.id)
    assert.equal(await store.botToken(keep.id), '1:token')
    assert.ok(!JSON.stringify([...state.values]).includes(account.id))
  })
})
