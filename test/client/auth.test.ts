// Sign-in flows of TelegramClient against the sandbox: login code, migration to the number's DC, 2FA
// with retries, sign-up after the terms, bot token, QR login across DCs, sessions that survive restarts.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemorySession, RpcError, SignInError } from '../../extension/mtproto'
import { RequestLog, sandboxClient, sandboxPerFile } from './support'


const file = sandboxPerFile()

describe('TelegramClient sign-in', () => {
  it('signs in with a login code, and a new client on the same session needs no sign-in', async () => {
    const ada = file.seeded('ada')
    const session = new MemorySession()
    const client = file.track(sandboxClient(file.sandbox, { session }))
    const sentTo: string[] = []
    const user = await client.start({
      phone: async () => '+' + ada.phone,
      code: (sent) => {
        sentTo.push(`${sent.phone}:${sent.type}:${sent.length}`)
        return ada.loginCode
      },
    })
    assert.equal(user.id, ada.id)
    assert.deepEqual(sentTo, [`${ada.phone}:app:5`])
    assert.equal(await client.isUserAuthorized(), true)
    await client.disconnect()

    const log = new RequestLog()
    const again = file.track(sandboxClient(file.sandbox, { session, log }))
    const me = await again.start({ code: () => assert.fail('no code should be asked') })
    assert.equal(me.id, ada.id)
    assert.equal(log.count('auth.sendCode'), 0)
  })

  it('follows PHONE_MIGRATE to the number\'s DC and remembers it in the session', async () => {
    const katherine = file.seeded('katherine')
    assert.equal(katherine.homeDc, 2)
    const session = new MemorySession()
    const client = file.track(sandboxClient(file.sandbox, { session, dcs: [...file.sandbox.dcs] }))
    assert.equal(client.homeDcId, 1)
    const user = await client.start({ phone: '+' + katherine.phone, code: () => katherine.loginCode })
    assert.equal(user.id, katherine.id)
    assert.equal(client.homeDcId, 2)
    assert.equal(session.mainDc?.id, 2)
    assert.ok(session.authKey(2), 'the key of DC 2 is in the session')
  })

  it('asks for the 2FA password with its hint, reports a wrong one and accepts the next', async () => {
    const grace = file.seeded('grace')
    const client = file.track(sandboxClient(file.sandbox))
    const hints: (string | undefined)[] = []
    const errors: string[] = []
    const answers = ['not-it', grace.password!]
    const user = await client.start({
      phone: '+' + grace.phone,
      code: () => grace.loginCode,
      password: (hint) => (hints.push(hint), answers.shift()!),
      onError: (error) => errors.push((error as RpcError).name),
    })
    assert.equal(user.id, grace.id)
    assert.deepEqual(hints, [grace.passwordHint, grace.passwordHint])
    assert.deepEqual(errors, ['PASSWORD_HASH_INVALID'])
  })

  it('retries a wrong login code and gives up after maxAttempts', async () => {
    const alan = file.seeded('alan')
    const client = file.track(sandboxClient(file.sandbox))
    let asked = 0
    await assert.rejects(
      client.start({ phone: '+' + alan.phone, code: () => (asked++, '00000'), maxAttempts: 2 }),
      (error: unknown) => error instanceof RpcError && error.name === 'PHONE_CODE_INVALID',
    )
    assert.equal(asked, 2)
  })

  it('resends the code by SMS, and forceSms asks for the SMS at once', async () => {
    const dennis = file.seeded('dennis')
    const client = file.track(sandboxClient(file.sandbox, { dcs: [...file.sandbox.dcs] }))
    await client.connect()
    const sent = await client.sendCode('+' + dennis.phone)
    assert.deepEqual([sent.type, sent.nextType], ['app', 'sms'])
    const resent = await client.resendCode(sent)
    assert.deepEqual([resent.type, resent.nextType, resent.phoneCodeHash], ['sms', undefined, sent.phoneCodeHash])
    await assert.rejects(client.resendCode(resent), (error: unknown) => error instanceof RpcError && error.name === 'SEND_CODE_UNAVAILABLE')

    const forced = await client.sendCode('+' + dennis.phone, { forceSms: true })
    assert.equal(forced.type, 'sms')
    const result = await client.signIn({ phone: dennis.phone, code: dennis.loginCode, phoneCodeHash: forced.phoneCodeHash })
    assert.equal(result.kind === 'signedIn' && result.user.id, dennis.id)
  })

  it('signs up an unknown number after handing the terms of service to the callback', async () => {
    const client = file.track(sandboxClient(file.sandbox))
    const phone = '9996629191'
    let terms: string | undefined
    const user = await client.start({
      phone: '+' + phone,
      code: (sent) => file.sandbox.world.state.signIn.sentCodes.get(sent.phoneCodeHash)!.code,
      signUp: (tos) => ((terms = tos?.text), { firstName: 'Newcomer', lastName: 'Client' }),
    })
    assert.equal(user.first_name, 'Newcomer')
    assert.ok(terms && terms.length > 0, 'the terms of service text reached the callback')
    assert.equal(file.sandbox.world.accounts.byPhone(phone)?.firstName, 'Newcomer')
  })

  it('refuses to sign up without a signUp callback, saying what is missing', async () => {
    const client = file.track(sandboxClient(file.sandbox))
    await assert.rejects(
      client.start({ phone: '+9996629292', code: (sent) => file.sandbox.world.state.signIn.sentCodes.get(sent.phoneCodeHash)!.code }),
      (error: unknown) => error instanceof SignInError && /signUp/.test(error.message),
    )
  })

  it('signs a bot in with its token', async () => {
    const bot = file.sandbox.seed!.bot
    const client = file.track(sandboxClient(file.sandbox))
    const user = await client.start({ botToken: bot.token })
    assert.equal(user.bot, true)
    assert.equal(user.id, bot.id)
  })

  it('logs out: the server forgets the key and the session loses it', async () => {
    const session = new MemorySession()
    const client = await file.signedIn('dennis', { session })
    assert.ok(session.authKey(client.homeDcId))
    assert.equal(await client.logOut(), true)
    assert.equal(client.isConnected, false)
    assert.equal(session.authKey(client.homeDcId), undefined)
  })
})

describe('TelegramClient QR login', () => {
  it('shows a token, and once another device accepts it follows the account to its DC and asks for the 2FA password', async () => {
    const grace = file.seeded('grace')
    const scanner = await file.signedIn('grace')
    const waiting = file.track(sandboxClient(file.sandbox))
    const urls: string[] = []
    const user = await waiting.qrLogin({
      onToken: (url, expires) => {
        urls.push(url)
        assert.ok(expires.getTime() > Date.now() - 1000)
        const token = Buffer.from(url.replace('tg://login?token=', ''), 'base64url')
        // The scanning device accepts the token shown to it.
        scanner.invoke({ _: 'auth.acceptLoginToken', token }).catch((error) => assert.fail(error))
      },
      password: () => grace.password!,
    })
    assert.equal(user.id, grace.id)
    assert.equal(urls.length, 1)
    assert.match(urls[0]!, /^tg:\/\/login\?token=[\w-]+$/)
    assert.equal(waiting.homeDcId, grace.homeDc)
    assert.equal(await waiting.isUserAuthorized(), true)
  })

  it('signs in directly when the account lives on the DC that showed the token', async () => {
    const alan = file.seeded('alan')
    const scanner = await file.signedIn('alan')
    const waiting = file.track(sandboxClient(file.sandbox))
    const user = await waiting.qrLogin({
      onToken: (url) => {
        scanner.invoke({ _: 'auth.acceptLoginToken', token: Buffer.from(url.slice('tg://login?token='.length), 'base64url') }).catch((error) => assert.fail(error))
      },
    })
    assert.equal(user.id, alan.id)
    assert.equal(waiting.homeDcId, 1)
  })

  it('stops waiting when the signal aborts', async () => {
    const waiting = file.track(sandboxClient(file.sandbox))
    const controller = new AbortController()
    await assert.rejects(
      waiting.qrLogin({ onToken: () => controller.abort(new Error('user closed the QR view')), signal: controller.signal }),
      /user closed the QR view/,
    )
  })
})
