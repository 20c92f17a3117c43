// Sign-in against the sandbox over TCP with our own client: login codes, 2FA with SRP, sign-up, migrations,
// QR login across DCs, bot tokens, moving an authorization between DCs, sessions and profile changes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TlConstructors, TlTypes } from '../../schema/codec/generated/types'
import { srpClientProof, srpPasswordHash } from '../../extension/mtproto/crypto'
import type { MtprotoClient } from '../../extension/mtproto/network'
import { rawClient, rpcError, sandboxPerFile } from '../client/support'
import type { SeededAccount } from './seed'
import { SERVICE_USER_ID, userPeer } from './world'

const file = sandboxPerFile()
const seeded = (key: string) => file.seeded(key)
/** A raw connection to one DC: its calls go straight to that DC's session, with no migrate middleware in between. */
const clientOn = (dcId: number, onUpdate?: (update: { _: string }) => void) => file.track(rawClient(file.sandbox, dcId, onUpdate))

const sendCode = (phone: string) => ({ _: 'auth.sendCode', phone_number: phone, api_id: 1, api_hash: 'sandbox', settings: { _: 'codeSettings' } }) as const

async function signInWithCode(client: MtprotoClient, account: SeededAccount) {
  const sent = await client.invoke(sendCode(account.phone))
  assert.equal(sent._, 'auth.sentCode')
  return client.invoke({ _: 'auth.signIn', phone_number: account.phone, phone_code_hash: sent._ === 'auth.sentCode' ? sent.phone_code_hash : '', phone_code: account.loginCode })
}

async function signInWith2fa(client: MtprotoClient, account: SeededAccount) {
  const needed = await rpcError(signInWithCode(client, account))
  assert.equal(needed.name, 'SESSION_PASSWORD_NEEDED')
  return client.invoke({ _: 'auth.checkPassword', password: await srpProof(client, account.password!) })
}

async function srpProof(client: MtprotoClient, password: string, srpIdDelta = 0n) {
  const state = await client.invoke({ _: 'account.getPassword' })
  const algo = state.current_algo
  assert.ok(algo?._ === 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow')
  const hash = await srpPasswordHash(password, algo.salt1, algo.salt2)
  const proof = srpClientProof(algo, state.srp_B!, hash)
  return { _: 'inputCheckPasswordSRP', srp_id: state.srp_id! + srpIdDelta, A: proof.A, M1: proof.M1 } as const
}

describe('auth: login code', () => {
  it('answers AUTH_KEY_UNREGISTERED to a signed-in method before sign-in', async () => {
    const client = clientOn(1)
    const error = await rpcError(client.invoke({ _: 'account.getAuthorizations' }))
    assert.equal(error.code, 401)
    assert.equal(error.name, 'AUTH_KEY_UNREGISTERED')
  })

  it('delivers the code from 777000 into the account box and signs in with it', async () => {
    const ada = seeded('ada')
    const client = clientOn(1)
    const sent = await client.invoke(sendCode('+' + ada.phone))
    assert.equal(sent._, 'auth.sentCode')
    assert.deepEqual(sent._ === 'auth.sentCode' && sent.type, { _: 'auth.sentCodeTypeApp', length: 5 })
    const lastFromService = file.sandbox.world.messages.history(ada.id, userPeer(SERVICE_USER_ID)).at(-1)
    assert.match(lastFromService?.text ?? '', new RegExp(`Login code: ${ada.loginCode}`))

    const hash = sent._ === 'auth.sentCode' ? sent.phone_code_hash : ''
    const signIn = (code: string) => client.invoke({ _: 'auth.signIn', phone_number: ada.phone, phone_code_hash: hash, phone_code: code })
    assert.equal((await rpcError(signIn(''))).name, 'PHONE_CODE_EMPTY')
    assert.equal((await rpcError(signIn('00000'))).name, 'PHONE_CODE_INVALID')
    const result = await signIn(ada.loginCode)
    assert.equal(result._, 'auth.authorization')
    const user = result._ === 'auth.authorization' ? result.user : undefined
    assert.ok(user?._ === 'user')
    assert.equal(user.id, ada.id)
    assert.equal(user.self, true)
    assert.equal(user.phone, ada.phone)

    const sessions = await client.invoke({ _: 'account.getAuthorizations' })
    assert.ok(sessions.authorizations.some((a) => a._ === 'authorization' && a.current === true && a.hash === 0n))
  })

  it('sends the same code again by SMS on auth.resendCode, then has no other way left', async () => {
    const margaret = seeded('margaret')
    const client = clientOn(margaret.homeDc)
    const sent = await client.invoke(sendCode(margaret.phone))
    assert.ok(sent._ === 'auth.sentCode')
    assert.deepEqual(sent.next_type, { _: 'auth.codeTypeSms' })
    const resend = () => client.invoke({ _: 'auth.resendCode', phone_number: margaret.phone, phone_code_hash: sent.phone_code_hash })
    const again = await resend()
    assert.ok(again._ === 'auth.sentCode')
    assert.deepEqual(again.type, { _: 'auth.sentCodeTypeSms', length: 5 })
    assert.equal(again.phone_code_hash, sent.phone_code_hash)
    assert.equal(again.next_type, undefined)
    assert.equal((await rpcError(resend())).name, 'SEND_CODE_UNAVAILABLE')
    const unknown = await rpcError(client.invoke({ _: 'auth.resendCode', phone_number: margaret.phone, phone_code_hash: 'deadbeef' }))
    assert.equal(unknown.name, 'PHONE_CODE_EXPIRED')
    // The code resent is the one that signs in.
    const result = await client.invoke({ _: 'auth.signIn', phone_number: margaret.phone, phone_code_hash: again.phone_code_hash, phone_code: margaret.loginCode })
    assert.equal(result._, 'auth.authorization')
  })

  it('answers PHONE_CODE_EXPIRED once the code has lived its time, and for an unknown hash', async () => {
    const alan = seeded('alan')
    const client = clientOn(1)
    const sent = await client.invoke(sendCode(alan.phone))
    const hash = sent._ === 'auth.sentCode' ? sent.phone_code_hash : ''
    const unknown = await rpcError(client.invoke({ _: 'auth.signIn', phone_number: alan.phone, phone_code_hash: 'deadbeef', phone_code: alan.loginCode }))
    assert.equal(unknown.name, 'PHONE_CODE_EXPIRED')
    file.sandbox.world.clock.skewMs += 10 * 60 * 1000
    try {
      const expired = await rpcError(client.invoke({ _: 'auth.signIn', phone_number: alan.phone, phone_code_hash: hash, phone_code: alan.loginCode }))
      assert.equal(expired.name, 'PHONE_CODE_EXPIRED')
    } finally {
      file.sandbox.world.clock.skewMs -= 10 * 60 * 1000
    }
  })

  it('answers PHONE_NUMBER_INVALID for something that is not a phone number', async () => {
    const error = await rpcError(clientOn(1).invoke(sendCode('12')))
    assert.equal(error.name, 'PHONE_NUMBER_INVALID')
  })

  it('answers PHONE_MIGRATE_X on a DC the account does not live on, and the client follows it', async () => {
    const katherine = seeded('katherine')
    assert.equal(katherine.homeDc, 2)
    const client = clientOn(1)
    const error = await rpcError(client.session(1).invoke(sendCode(katherine.phone)))
    assert.equal(error.code, 303)
    assert.equal(error.message, 'PHONE_MIGRATE_2')
    const result = await signInWithCode(client, katherine)
    assert.equal(result._, 'auth.authorization')
    assert.equal(client.mainDcId, 2)
  })

  it('signs up an unknown number after showing the terms of service', async () => {
    const client = clientOn(2)
    const phone = '9996627777'
    const sent = await client.invoke(sendCode(phone))
    assert.equal(sent._ === 'auth.sentCode' && sent.type._, 'auth.sentCodeTypeSms')
    const code = file.sandbox.world.state.signIn.sentCodes.get(sent._ === 'auth.sentCode' ? sent.phone_code_hash : '')!.code
    const hash = sent._ === 'auth.sentCode' ? sent.phone_code_hash : ''
    const required = await client.invoke({ _: 'auth.signIn', phone_number: phone, phone_code_hash: hash, phone_code: code })
    assert.equal(required._, 'auth.authorizationSignUpRequired')
    assert.equal(required._ === 'auth.authorizationSignUpRequired' && required.terms_of_service?._, 'help.termsOfService')
    const empty = await rpcError(client.invoke({ _: 'auth.signUp', phone_number: phone, phone_code_hash: hash, first_name: ' ', last_name: '' }))
    assert.equal(empty.name, 'FIRSTNAME_INVALID')
    const result = await client.invoke({ _: 'auth.signUp', phone_number: phone, phone_code_hash: hash, first_name: 'Newcomer', last_name: 'Test' })
    assert.ok(result._ === 'auth.authorization' && result.user._ === 'user')
    assert.equal(result.user.first_name, 'Newcomer')
    assert.equal(file.sandbox.world.accounts.byPhone(phone)?.homeDc, 2)
  })
})

describe('auth: two-step verification', () => {
  it('asks for the password, refuses a wrong one and a stale srp_id, and accepts the right one', async () => {
    const grace = seeded('grace')
    const client = clientOn(2)
    const needed = await rpcError(signInWithCode(client, grace))
    assert.equal(needed.code, 401)
    assert.equal(needed.name, 'SESSION_PASSWORD_NEEDED')
    const stillOut = await rpcError(client.invoke({ _: 'account.getAuthorizations' }))
    assert.equal(stillOut.name, 'AUTH_KEY_UNREGISTERED')

    const state = await client.invoke({ _: 'account.getPassword' })
    assert.equal(state.has_password, true)
    assert.equal(state.hint, grace.passwordHint)
    const wrong = await rpcError(client.invoke({ _: 'auth.checkPassword', password: await srpProof(client, 'not-the-password') }))
    assert.equal(wrong.name, 'PASSWORD_HASH_INVALID')
    const stale = await rpcError(client.invoke({ _: 'auth.checkPassword', password: await srpProof(client, grace.password!, 1n) }))
    assert.equal(stale.name, 'SRP_ID_INVALID')
    const result = await client.invoke({ _: 'auth.checkPassword', password: await srpProof(client, grace.password!) })
    assert.ok(result._ === 'auth.authorization' && result.user._ === 'user')
    assert.equal(result.user.id, grace.id)
  })
})

describe('auth: bots, DCs and sessions', () => {
  it('signs a bot in with its token and refuses a wrong one', async () => {
    const bot = file.sandbox.seed!.bot
    const client = clientOn(bot.homeDc)
    const request = (token: string) => ({ _: 'auth.importBotAuthorization', flags: 0, api_id: 1, api_hash: 'sandbox', bot_auth_token: token }) as const
    assert.equal((await rpcError(client.invoke(request(`${bot.id}:wrong`)))).name, 'ACCESS_TOKEN_INVALID')
    const result = await client.invoke(request(bot.token))
    assert.ok(result._ === 'auth.authorization' && result.user._ === 'user')
    assert.equal(result.user.bot, true)
  })

  it('moves an authorization to another DC, where home-DC calls answer USER_MIGRATE_X', async () => {
    const dennis = seeded('dennis')
    const client = clientOn(1)
    await signInWithCode(client, dennis)
    const exported = await client.invoke({ _: 'auth.exportAuthorization', dc_id: 2 })
    const bad = await rpcError(client.session(2).invoke({ _: 'auth.importAuthorization', id: exported.id, bytes: new Uint8Array(128) }))
    assert.equal(bad.name, 'AUTH_BYTES_INVALID')
    const again = await client.invoke({ _: 'auth.exportAuthorization', dc_id: 2 })
    const imported = (await client.session(2).invoke({ _: 'auth.importAuthorization', id: again.id, bytes: again.bytes })) as TlTypes['auth.Authorization']
    assert.ok(imported._ === 'auth.authorization' && imported.user._ === 'user')
    assert.equal(imported.user.id, dennis.id)
    const migrate = await rpcError(client.session(2).invoke({ _: 'account.getAuthorizations' }))
    assert.equal(migrate.message, 'USER_MIGRATE_1')
    assert.equal((await rpcError(client.invoke({ _: 'auth.exportAuthorization', dc_id: 9 }))).name, 'DC_ID_INVALID')
  })

  it('logs out, resets one session and all other sessions', async () => {
    const margaret = seeded('margaret')
    const [first, second, third] = [clientOn(2), clientOn(2), clientOn(2)]
    for (const client of [first, second, third]) await signInWithCode(client, margaret)
    const listed = await first.invoke({ _: 'account.getAuthorizations' })
    const others = listed.authorizations.filter((a) => a._ === 'authorization' && !a.current)
    assert.ok(others.length >= 2)
    assert.equal(await first.invoke({ _: 'account.resetAuthorization', hash: others[0]!.hash }), true)
    const afterOne = await first.invoke({ _: 'account.getAuthorizations' })
    assert.equal(afterOne.authorizations.length, listed.authorizations.length - 1)
    assert.equal(await first.invoke({ _: 'auth.resetAuthorizations' }), true)
    for (const client of [second, third]) assert.equal((await rpcError(client.invoke({ _: 'account.getAuthorizations' }))).name, 'AUTH_KEY_UNREGISTERED')
    assert.equal((await first.invoke({ _: 'auth.logOut' }))._, 'auth.loggedOut')
    assert.equal((await rpcError(first.invoke({ _: 'account.getAuthorizations' }))).name, 'AUTH_KEY_UNREGISTERED')
  })
})

describe('account.resetAuthorization errors', () => {
  it('answers HASH_INVALID for a session that does not exist', async () => {
    const client = clientOn(2)
    await signInWithCode(client, seeded('margaret'))
    assert.equal((await rpcError(client.invoke({ _: 'account.resetAuthorization', hash: 12345n }))).name, 'HASH_INVALID')
  })
})

describe('auth: QR login', () => {
  it('pushes updateLoginToken when another session accepts, then migrates the waiting side to the home DC', async () => {
    const grace = seeded('grace')
    const updates: string[] = []
    let notify: () => void = () => {}
    const acceptedSignal = new Promise<void>((resolve) => (notify = resolve))
    const waiting = clientOn(1, (update) => {
      updates.push(update._)
      if (update._ === 'updateShort' || update._ === 'updateLoginToken') notify()
    })
    const first = await waiting.invoke({ _: 'auth.exportLoginToken', api_id: 1, api_hash: 'sandbox', except_ids: [] })
    assert.equal(first._, 'auth.loginToken')
    const token = first._ === 'auth.loginToken' ? first.token : new Uint8Array()

    const scanner = clientOn(2)
    await signInWith2fa(scanner, grace)
    const garbage = await rpcError(scanner.invoke({ _: 'auth.acceptLoginToken', token: new Uint8Array(32) }))
    assert.equal(garbage.name, 'AUTH_TOKEN_INVALIDX')
    const accepted = await scanner.invoke({ _: 'auth.acceptLoginToken', token })
    assert.equal(accepted._, 'authorization')
    const twice = await rpcError(scanner.invoke({ _: 'auth.acceptLoginToken', token }))
    assert.equal(twice.name, 'AUTH_TOKEN_ALREADY_ACCEPTED')
    await acceptedSignal

    const next = await waiting.invoke({ _: 'auth.exportLoginToken', api_id: 1, api_hash: 'sandbox', except_ids: [] })
    assert.ok(next._ === 'auth.loginTokenMigrateTo')
    assert.equal(next.dc_id, grace.homeDc)
    // Grace has 2FA: the imported token still asks for the password, as Telegram does.
    const needed = await rpcError(waiting.session(2).invoke({ _: 'auth.importLoginToken', token: next.token }))
    assert.equal(needed.name, 'SESSION_PASSWORD_NEEDED')
    const proof = await srpProofOn(waiting, grace.password!)
    const result = (await waiting.session(2).invoke({ _: 'auth.checkPassword', password: proof })) as TlTypes['auth.Authorization']
    assert.ok(result._ === 'auth.authorization' && result.user._ === 'user')
    assert.equal(result.user.id, grace.id)
  })

  it('signs the waiting session in directly when the account lives on its DC', async () => {
    const alan = seeded('alan')
    let notify: () => void = () => {}
    const acceptedSignal = new Promise<void>((resolve) => (notify = resolve))
    const waiting = clientOn(1, () => notify())
    const first = await waiting.invoke({ _: 'auth.exportLoginToken', api_id: 1, api_hash: 'sandbox', except_ids: [] })
    const scanner = clientOn(1)
    await signInWithCode(scanner, alan)
    await scanner.invoke({ _: 'auth.acceptLoginToken', token: first._ === 'auth.loginToken' ? first.token : new Uint8Array() })
    await acceptedSignal
    const done = await waiting.invoke({ _: 'auth.exportLoginToken', api_id: 1, api_hash: 'sandbox', except_ids: [] })
    assert.ok(done._ === 'auth.loginTokenSuccess' && done.authorization._ === 'auth.authorization' && done.authorization.user._ === 'user')
    assert.equal(done.authorization.user.id, alan.id)
  })
})

describe('account: profile and username', () => {
  it('updates the name and username with Telegram checks', async () => {
    const ada = seeded('ada')
    const client = clientOn(1)
    await signInWithCode(client, ada)
    const renamed = await client.invoke({ _: 'account.updateProfile', first_name: 'Augusta Ada' })
    assert.ok(renamed._ === 'user')
    assert.equal(renamed.first_name, 'Augusta Ada')
    assert.equal((await rpcError(client.invoke({ _: 'account.updateProfile', first_name: '' }))).name, 'FIRSTNAME_INVALID')
    assert.equal((await rpcError(client.invoke({ _: 'account.updateProfile', about: 'x'.repeat(71) }))).name, 'ABOUT_TOO_LONG')
    assert.equal((await rpcError(client.invoke({ _: 'account.updateUsername', username: 'ada_lovelace' }))).name, 'USERNAME_NOT_MODIFIED')
    assert.equal((await rpcError(client.invoke({ _: 'account.updateUsername', username: 'Grace_Hopper' }))).name, 'USERNAME_OCCUPIED')
    assert.equal((await rpcError(client.invoke({ _: 'account.updateUsername', username: '1bad' }))).name, 'USERNAME_INVALID')
    const changed = await client.invoke({ _: 'account.updateUsername', username: 'countess_ada' })
    assert.ok(changed._ === 'user')
    assert.equal(changed.username, 'countess_ada')
    await client.invoke({ _: 'account.updateUsername', username: 'ada_lovelace' })
    await client.invoke({ _: 'account.updateProfile', first_name: 'Ada' })
  })
})

async function srpProofOn(client: MtprotoClient, password: string) {
  const state = (await client.session(2).invoke({ _: 'account.getPassword' })) as TlConstructors['account.password']
  const algo = state.current_algo
  assert.ok(algo?._ === 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow')
  const proof = srpClientProof(algo, state.srp_B!, await srpPasswordHash(password, algo.salt1, algo.salt2))
  return { _: 'inputCheckPasswordSRP', srp_id: state.srp_id!, A: proof.A, M1: proof.M1 } as const
}
