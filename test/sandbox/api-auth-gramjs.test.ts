// GramJS signs in against the sandbox with its own client.start: the login code, the PHONE_MIGRATE hop to
// the account's DC, and 2FA through GramJS's own SRP code, which checks our server side independently.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TelegramClient } from 'telegram'
import { createGramJsClient } from '../support/gramjs-sandbox'
import type { SeededAccount } from './seed'
import { startSandbox, type Sandbox } from './server'

let sandbox: Sandbox
const clients: TelegramClient[] = []

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
})
after(async () => {
  for (const client of clients) await client.destroy().catch(() => {})
  await sandbox.stop()
})

const seeded = (key: string): SeededAccount => sandbox.seed!.accounts.find((account) => account.key === key)!

async function startAs(account: SeededAccount, dcId: number): Promise<{ client: TelegramClient; passwordAsked: boolean }> {
  const client = createGramJsClient(sandbox, { dcId })
  clients.push(client)
  let passwordAsked = false
  await client.start({
    phoneNumber: async () => `+${account.phone}`,
    phoneCode: async () => account.loginCode,
    password: async () => {
      passwordAsked = true
      return account.password ?? ''
    },
    onError: async (error) => {
      throw error
    },
  })
  return { client, passwordAsked }
}

describe('GramJS client.start against the sandbox', () => {
  it('signs in with the login code on the home DC', async () => {
    const ada = seeded('ada')
    const { client, passwordAsked } = await startAs(ada, 1)
    assert.equal(passwordAsked, false)
    const me = await client.getMe()
    assert.equal(BigInt(me.id.toString()), ada.id)
    assert.equal(me.username, ada.username)
  })

  it('follows PHONE_MIGRATE and completes 2FA with the password', async () => {
    const grace = seeded('grace')
    assert.equal(grace.homeDc, 2)
    const { client, passwordAsked } = await startAs(grace, 1)
    assert.equal(passwordAsked, true)
    const me = await client.getMe()
    assert.equal(BigInt(me.id.toString()), grace.id)
  })
})
