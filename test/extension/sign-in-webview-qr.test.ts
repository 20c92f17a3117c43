// The webview sign-in's other ways in, against the sandbox: a QR code that another signed-in device scans (read
// back from the modules the webview draws, refreshed when the token expires, 2FA after the scan, the account's
// DC followed), cancelling a QR login, and signing up a new number after Telegram's terms.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import decodeQR from 'qr/decode.js'
import { WebviewSignIn, type SignInBackend } from '../../extension/chat/webview-sign-in'
import { RpcError, type TelegramClient } from '../../extension/mtproto'
import type { SignInStep } from '../../webview/protocol'
import { sandboxClient, seeded, signedInClient } from '../client/support'
import { startSandbox, type Sandbox } from '../sandbox/server'

type QrStep = Extract<SignInStep, { step: 'qr' }>

/** Reads a QR step as a phone would: draws its modules black on white with a quiet zone, then decodes it. */
function scan(step: QrStep): Uint8Array {
  const scale = 4
  const quiet = 4
  const size = (step.modules.length + quiet * 2) * scale
  const data = new Uint8Array(size * size * 4).fill(255)
  step.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (row[x] !== '1') continue
      for (let dy = 0; dy < scale; dy++) {
        const offset = (((y + quiet) * scale + dy) * size + (x + quiet) * scale) * 4
        data.fill(0, offset, offset + scale * 4)
      }
    }
  })
  const url = decodeQR({ width: size, height: size, data })
  assert.match(url, /^tg:\/\/login\?token=[\w-]+$/)
  return Buffer.from(url.slice('tg://login?token='.length), 'base64url')
}

describe('webview sign-in by QR code and sign-up, on the sandbox', () => {
  let sandbox: Sandbox
  const loginCodes = new Map<string, string>()
  const clients: TelegramClient[] = []

  before(async () => {
    sandbox = await startSandbox({
      log: (line) => {
        const sent = /login code for \+(\d+): (\d+)/.exec(line)
        if (sent) loginCodes.set(sent[1]!, sent[2]!)
      },
    })
  })
  after(async () => {
    for (const client of clients) await client.disconnect().catch(() => {})
    await sandbox.stop()
  })

  function harness() {
    const steps: SignInStep[] = []
    const waiters = new Set<() => void>()
    const kept: { name: string; client: TelegramClient }[] = []
    let discarded = 0
    let pendingClient: TelegramClient | undefined
    const backend: SignInBackend = {
      addSecret: () => {},
      begin: async () => {
        const client = sandboxClient(sandbox)
        clients.push(client)
        await client.connect()
        pendingClient = client
        return {
          client,
          keep: async (user) => void kept.push({ name: user.first_name ?? '', client }),
          discard: async () => {
            discarded++
            await client.disconnect()
          },
        }
      },
    }
    const flow = new WebviewSignIn(backend, (step) => {
      steps.push(step)
      for (const wake of [...waiters]) wake()
    })
    /** Resolves with the first step from index `from` on that matches. */
    const stepAfter = <S extends SignInStep>(from: number, match: (step: SignInStep) => step is S) =>
      new Promise<S>((resolve) => {
        const look = () => {
          const found = steps.slice(from).find(match)
          if (!found) return
          waiters.delete(look)
          resolve(found)
        }
        waiters.add(look)
        look()
      })
    const isQr = (step: SignInStep): step is QrStep => step.step === 'qr' && step.modules.length > 0
    return { flow, steps, kept, stepAfter, isQr, discarded: () => discarded, pendingClient: () => pendingClient! }
  }

  it('shows a QR code, shows a new one when it expires, and signs in on a scan with the 2FA password, on the account\'s DC', async () => {
    const grace = seeded(sandbox, 'grace')
    const phone = await signedInClient(sandbox, 'grace')
    clients.push(phone)
    const { flow, steps, kept, stepAfter, isQr } = harness()
    const sessionsBefore = sandbox.world.authorizations.ofAccount(grace.id).length
    sandbox.world.faults.loginTokenLifetimeSeconds = 2
    try {
      await flow.handle({ kind: 'command', method: 'auth/choose', params: { method: 'qr' } })
      const first = await stepAfter(0, isQr)
      const second = await stepAfter(steps.indexOf(first) + 1, isQr)
      assert.ok(second.expiresAt > first.expiresAt)
      assert.notDeepEqual(second.modules, first.modules)
      // The expired code no longer signs anyone in.
      await assert.rejects(phone.invoke({ _: 'auth.acceptLoginToken', token: scan(first) }), (error) => error instanceof RpcError && /^AUTH_TOKEN_(EXPIRED|INVALIDX)$/.test(error.name))
      sandbox.world.faults.loginTokenLifetimeSeconds = undefined
      const current = await stepAfter(steps.length - 1, isQr)
      await phone.invoke({ _: 'auth.acceptLoginToken', token: scan(current) })
    } finally {
      sandbox.world.faults.loginTokenLifetimeSeconds = undefined
    }
    const password = await stepAfter(0, (step): step is Extract<SignInStep, { step: 'password' }> => step.step === 'password')
    assert.deepEqual(password, { step: 'password', hint: 'language and year' })

    await flow.handle({ kind: 'command', method: 'auth/submitPassword', params: { password: 'wrong password' } })
    const retry = await stepAfter(steps.indexOf(password) + 1, (step): step is Extract<SignInStep, { step: 'password' }> => step.step === 'password')
    assert.match(retry.error ?? '', /password/i)
    await flow.handle({ kind: 'command', method: 'auth/submitPassword', params: { password: grace.password! } })
    await new Promise<void>((resolve) => {
      const poll = () => (kept.length > 0 ? resolve() : setTimeout(poll, 20))
      poll()
    })
    assert.equal(kept[0]!.name, 'Grace')
    // loginTokenMigrateTo was followed: the new session is Grace's, on her DC.
    const client = kept[0]!.client
    assert.equal(client.homeDcId, grace.homeDc)
    assert.equal((await client.getMe()).id, grace.id)
    assert.equal(sandbox.world.authorizations.ofAccount(grace.id).length, sessionsBefore + 1)
  })

  it('stops waiting for a scan when cancelled, and throws the account away', async () => {
    const { flow, steps, stepAfter, isQr, discarded, pendingClient } = harness()
    await flow.handle({ kind: 'command', method: 'auth/choose', params: { method: 'qr' } })
    await stepAfter(0, isQr)
    await flow.handle({ kind: 'command', method: 'auth/cancel', params: {} })
    assert.deepEqual(steps.at(-1), { step: 'choose' })
    assert.equal(discarded(), 1)
    assert.equal(pendingClient().isConnected, false)
  })

  it('signs up a number that has no account, after showing Telegram\'s terms', async () => {
    const phone = '9996619876'
    const { flow, steps, kept } = harness()
    await flow.handle({ kind: 'command', method: 'auth/choose', params: { method: 'phone' } })
    await flow.handle({ kind: 'command', method: 'auth/submitPhone', params: { phone: `+${phone}` } })
    assert.equal(steps.at(-1)!.step, 'code')
    await flow.handle({ kind: 'command', method: 'auth/submitCode', params: { code: loginCodes.get(phone)! } })
    const signUp = steps.at(-1)!
    assert.equal(signUp.step, 'signUp')
    assert.match((signUp as Extract<SignInStep, { step: 'signUp' }>).termsOfService, /sandbox/)
    await flow.handle({ kind: 'command', method: 'auth/submitSignUp', params: { firstName: 'Linus', lastName: 'Torvalds' } })
    assert.deepEqual(kept.map((entry) => entry.name), ['Linus'])
    const me = await kept[0]!.client.getMe()
    assert.equal(me.phone, phone)
    assert.equal(me.last_name, 'Torvalds')
  })
})
