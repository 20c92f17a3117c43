// Sign-in through the webview's forms, against the sandbox: the steps the webview is shown, the errors with their
// descriptions, and no secret in any of them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { WebviewSignIn, type SignInBackend } from '../../extension/chat/webview-sign-in'
import type { TelegramClient } from '../../extension/mtproto'
import type { SignInStep } from '../../webview/protocol'
import { sandboxClient, seeded } from '../client/support'
import { startSandbox, type Sandbox } from '../sandbox/server'

describe('webview sign-in on the sandbox', () => {
  let sandbox: Sandbox
  const clients: TelegramClient[] = []

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
  })
  after(async () => {
    for (const client of clients) await client.disconnect().catch(() => {})
    await sandbox.stop()
  })

  function harness() {
    const steps: SignInStep[] = []
    const secrets: string[] = []
    const kept: string[] = []
    let discarded = 0
    const backend: SignInBackend = {
      addSecret: (secret) => secrets.push(secret),
      begin: async () => {
        const client = sandboxClient(sandbox)
        clients.push(client)
        await client.connect()
        return { client, keep: async (user) => void kept.push(user.first_name ?? ''), discard: async () => void discarded++ }
      },
    }
    const flow = new WebviewSignIn(backend, (step) => steps.push(step))
    return { flow, steps, secrets, kept, discarded: () => discarded }
  }

  it('goes phone → code → password with the hint, and keeps the account', async () => {
    const grace = seeded(sandbox, 'grace')
    const { flow, steps, secrets, kept } = harness()
    await flow.handle({ kind: 'command', method: 'auth/choose', params: { method: 'phone' } })
    await flow.handle({ kind: 'command', method: 'auth/submitPhone', params: { phone: `+${grace.phone}` } })
    assert.equal(steps.at(-1)!.step, 'code')
    await flow.handle({ kind: 'command', method: 'auth/submitCode', params: { code: grace.loginCode } })
    assert.deepEqual(steps.at(-1), { step: 'password', hint: 'language and year' })
    await flow.handle({ kind: 'command', method: 'auth/submitPassword', params: { password: 'cobol-1959' } })
    assert.deepEqual(kept, ['Grace'])
    assert.deepEqual(secrets, [grace.loginCode, 'cobol-1959'])
    const shown = JSON.stringify(steps)
    assert.ok(!shown.includes('cobol-1959') && !shown.includes(grace.loginCode), 'the steps carry no secret')
  })

  it('shows the code form again with the description of a wrong code', async () => {
    const ada = seeded(sandbox, 'ada')
    const { flow, steps, kept } = harness()
    await flow.handle({ kind: 'command', method: 'auth/submitPhone', params: { phone: `+${ada.phone}` } })
    await flow.handle({ kind: 'command', method: 'auth/submitCode', params: { code: '00000' } })
    const step = steps.at(-1)!
    assert.equal(step.step, 'code')
    assert.match((step as { error?: string }).error ?? '', /code/i)
    await flow.handle({ kind: 'command', method: 'auth/submitCode', params: { code: ada.loginCode } })
    assert.deepEqual(kept, ['Ada'])
  })

  it('throws the account away when cancelled', async () => {
    const ada = seeded(sandbox, 'ada')
    const { flow, steps, discarded } = harness()
    await flow.handle({ kind: 'command', method: 'auth/submitPhone', params: { phone: `+${ada.phone}` } })
    await flow.handle({ kind: 'command', method: 'auth/cancel', params: {} })
    assert.equal(discarded(), 1)
    assert.deepEqual(steps.at(-1), { step: 'choose' })
  })
})
