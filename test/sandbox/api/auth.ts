// auth.*: signing in by login code (with 2FA), signing up, QR login tokens, bot tokens, moving an authorization
// to another DC, and signing out. These work before sign-in; accounts are homed on one DC, and the others
// answer PHONE_MIGRATE_X / USER_MIGRATE_X as Telegram does.
import { randomBytes, randomInt } from 'node:crypto'
import type { TlConstructors, TlMethods } from '../../../schema/codec/generated/types'
import type { CallContext, MethodModule } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { normalizePhone, requireAccount, SERVICE_USER_ID, userPeer, type Account, type AuthorizationRecord } from '../world'
import { verifyPassword } from '../world/password'
import { pendingKeyOf, signInAccountOf } from '../world/sign-in-guard'
import { tlAuthorization } from './account'

const CODE_LENGTH = 5
/** Telegram's codes stay valid for a few minutes. */
const CODE_LIFETIME_SECONDS = 300
/** QR login tokens expire quickly; clients export a new one when they do (Telegram uses about 30 s). */
const LOGIN_TOKEN_LIFETIME_SECONDS = 30
const EXPORTED_AUTHORIZATION_LIFETIME_SECONDS = 300
const TERMS_OF_SERVICE_ID = 'sandbox-tos-1'

const phoneMigrate = (dcId: number) => new RpcError(303, `PHONE_MIGRATE_${dcId}`)
const userMigrate = (dcId: number) => new RpcError(303, `USER_MIGRATE_${dcId}`)
/** Telegram answers an unusable phone number with 406 on these methods. */
const phoneNumberInvalid = () => new RpcError(406, 'PHONE_NUMBER_INVALID')

function validPhone(raw: string): string {
  const phone = normalizePhone(raw)
  if (phone.length < 5 || phone.length > 15) throw phoneNumberInvalid()
  return phone
}

function sendCode(request: TlMethods['auth.sendCode'], context: CallContext): TlConstructors['auth.sentCode'] {
  const { world } = context
  const phone = validPhone(request.phone_number)
  const account = world.accounts.byPhone(phone)
  if (account && account.homeDc !== context.dcId) throw phoneMigrate(account.homeDc)
  if (account?.bot) throw phoneNumberInvalid()
  const code = world.state.signIn.fixedCodes.get(phone) ?? String(randomInt(10 ** (CODE_LENGTH - 1), 10 ** CODE_LENGTH))
  const phoneCodeHash = randomBytes(9).toString('hex')
  world.state.signIn.sentCodes.set(phoneCodeHash, { phoneCodeHash, phone, code, expiresAt: world.clock.nowSeconds() + CODE_LIFETIME_SECONDS, deliveredBy: account ? 'app' : 'sms' })
  world.log(`[sandbox] login code for +${phone}: ${code}`)
  if (account) {
    // Telegram delivers the code in the app, as a message from the service account.
    const text = `Login code: ${code}. Do not give this code to anyone, even if they say they are from Telegram!`
    world.messages.send({
      senderId: SERVICE_USER_ID,
      to: userPeer(account.id),
      text,
      entities: [{ _: 'messageEntityBold', offset: 'Login code: '.length, length: code.length }],
    })
  }
  world.markChanged()
  return {
    _: 'auth.sentCode',
    type: account ? { _: 'auth.sentCodeTypeApp', length: code.length } : { _: 'auth.sentCodeTypeSms', length: code.length },
    phone_code_hash: phoneCodeHash,
    // A code delivered in the app can be sent again by SMS (auth.resendCode); an SMS is the last way.
    ...(account ? { next_type: { _: 'auth.codeTypeSms' } as const } : {}),
  }
}

/**
 * Sends the same code again the next way (SMS after the app), under the same phone_code_hash, as Telegram
 * does; SEND_CODE_UNAVAILABLE once there is no other way left.
 */
function resendCode(request: TlMethods['auth.resendCode'], context: CallContext): TlConstructors['auth.sentCode'] {
  const { world } = context
  const phone = validPhone(request.phone_number)
  const sent = world.state.signIn.sentCodes.get(request.phone_code_hash)
  if (!sent || sent.phone !== phone || sent.expiresAt <= world.clock.nowSeconds()) throw RpcError.badRequest('PHONE_CODE_EXPIRED')
  if (sent.deliveredBy === 'sms') throw RpcError.badRequest('SEND_CODE_UNAVAILABLE')
  world.state.signIn.sentCodes.set(sent.phoneCodeHash, { ...sent, deliveredBy: 'sms' })
  world.log(`[sandbox] login code for +${phone} sent again by SMS: ${sent.code}`)
  world.markChanged()
  return { _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeSms', length: sent.code.length }, phone_code_hash: sent.phoneCodeHash }
}

/** Checks phone_code_hash and the code; the right code is consumed. */
function checkCode(context: CallContext, phone: string, phoneCodeHash: string, code: string | undefined): void {
  if (!code) throw RpcError.badRequest('PHONE_CODE_EMPTY')
  const sent = context.world.state.signIn.sentCodes.get(phoneCodeHash)
  if (!sent || sent.phone !== phone) throw RpcError.badRequest('PHONE_CODE_EXPIRED')
  if (sent.expiresAt <= context.world.clock.nowSeconds()) {
    context.world.state.signIn.sentCodes.delete(phoneCodeHash)
    throw RpcError.badRequest('PHONE_CODE_EXPIRED')
  }
  if (sent.code !== code.trim()) throw RpcError.badRequest('PHONE_CODE_INVALID')
}

function signIn(request: TlMethods['auth.signIn'], context: CallContext) {
  const { world } = context
  const phone = validPhone(request.phone_number)
  const account = world.accounts.byPhone(phone)
  if (account && account.homeDc !== context.dcId) throw phoneMigrate(account.homeDc)
  checkCode(context, phone, request.phone_code_hash, request.phone_code)
  if (!account) {
    // The code stays valid for auth.signUp.
    return { _: 'auth.authorizationSignUpRequired', terms_of_service: termsOfService() } satisfies TlConstructors['auth.authorizationSignUpRequired']
  }
  world.state.signIn.sentCodes.delete(request.phone_code_hash)
  return completeSignIn(context, account, 'code')
}

function signUp(request: TlMethods['auth.signUp'], context: CallContext) {
  const { world } = context
  const phone = validPhone(request.phone_number)
  const existing = world.accounts.byPhone(phone)
  if (existing) throw RpcError.badRequest('PHONE_NUMBER_OCCUPIED')
  const sent = world.state.signIn.sentCodes.get(request.phone_code_hash)
  if (!sent || sent.phone !== phone || sent.expiresAt <= world.clock.nowSeconds()) throw RpcError.badRequest('PHONE_CODE_EXPIRED')
  const firstName = request.first_name.trim()
  if (firstName.length === 0 || firstName.length > 64) throw RpcError.badRequest('FIRSTNAME_INVALID')
  if (request.last_name.length > 64) throw RpcError.badRequest('LASTNAME_INVALID')
  world.state.signIn.sentCodes.delete(request.phone_code_hash)
  // A new account lives on the DC it signed up on.
  const account = world.accounts.create({ phone, firstName, lastName: request.last_name.trim(), homeDc: context.dcId })
  return completeSignIn(context, account, 'signup')
}

async function checkPassword(request: TlMethods['auth.checkPassword'], context: CallContext) {
  const account = signInAccountOf(context)
  if (!account) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
  const input = request.password
  if (input._ !== 'inputCheckPasswordSRP') throw RpcError.badRequest('PASSWORD_HASH_INVALID')
  const outcome = verifyPassword(context.world, account, input.srp_id, input.A, input.M1)
  if (outcome === 'srp-id-invalid') throw RpcError.badRequest('SRP_ID_INVALID')
  if (outcome === 'hash-invalid') throw RpcError.badRequest('PASSWORD_HASH_INVALID')
  return completeSignIn(context, account, 'password', { passwordChecked: true })
}

/**
 * Binds the key to the account, unless 2FA still wants the password: then the key is marked as waiting for
 * it and the call answers SESSION_PASSWORD_NEEDED.
 */
function completeSignIn(
  context: CallContext,
  account: Account,
  via: AuthorizationRecord['via'],
  options: { passwordChecked?: boolean } = {},
): TlConstructors['auth.authorization'] {
  const { world } = context
  if (account.password && !options.passwordChecked) {
    world.state.signIn.passwordPending.set(pendingKeyOf(context), account.id)
    world.markChanged()
    throw new RpcError(401, 'SESSION_PASSWORD_NEEDED')
  }
  world.state.signIn.passwordPending.delete(pendingKeyOf(context))
  world.authorizations.bind(context.authKey, account.id, via)
  world.markChanged()
  return { _: 'auth.authorization', user: world.viewAs(account.id).user(account.id) }
}

function termsOfService(): TlConstructors['help.termsOfService'] {
  return {
    _: 'help.termsOfService',
    id: { _: 'dataJSON', data: JSON.stringify(TERMS_OF_SERVICE_ID) },
    text: 'This is the Telegram Workbench sandbox. Accounts here are local test data; nothing leaves 127.0.0.1.',
    entities: [],
  }
}

// ---- QR login

function tokenKey(token: Uint8Array): string {
  return Buffer.from(token).toString('hex')
}

/**
 * The waiting side polls this. Before acceptance: a fresh token. After another session accepted it: the
 * authorization here, or a pointer to the account's home DC.
 */
function exportLoginToken(_request: TlMethods['auth.exportLoginToken'], context: CallContext) {
  const { world } = context
  const now = world.clock.nowSeconds()
  const tokens = world.state.signIn.loginTokens
  for (const [key, token] of tokens) {
    if (token.dcId !== context.dcId || token.authKeyId !== context.authKey.id) continue
    if (token.acceptedBy === undefined) {
      if (token.expiresAt <= now) tokens.delete(key)
      continue
    }
    const account = world.accounts.require(token.acceptedBy)
    if (account.homeDc !== context.dcId) {
      return { _: 'auth.loginTokenMigrateTo', dc_id: account.homeDc, token: token.token } satisfies TlConstructors['auth.loginTokenMigrateTo']
    }
    tokens.delete(key)
    return { _: 'auth.loginTokenSuccess', authorization: completeSignIn(context, account, 'qr') } satisfies TlConstructors['auth.loginTokenSuccess']
  }
  const token = randomBytes(32)
  const expiresAt = now + (world.faults.loginTokenLifetimeSeconds ?? LOGIN_TOKEN_LIFETIME_SECONDS)
  tokens.set(tokenKey(token), { token, dcId: context.dcId, authKeyId: context.authKey.id, expiresAt, acceptedBy: undefined })
  world.markChanged()
  return { _: 'auth.loginToken', expires: expiresAt, token } satisfies TlConstructors['auth.loginToken']
}

/** The waiting side, after loginTokenMigrateTo, on the account's home DC. */
function importLoginToken(request: TlMethods['auth.importLoginToken'], context: CallContext) {
  const { world } = context
  const key = tokenKey(request.token)
  const token = world.state.signIn.loginTokens.get(key)
  if (!token) throw RpcError.badRequest('AUTH_TOKEN_INVALID')
  if (token.acceptedBy === undefined) {
    if (token.expiresAt <= world.clock.nowSeconds()) throw RpcError.badRequest('AUTH_TOKEN_EXPIRED')
    return { _: 'auth.loginToken', expires: token.expiresAt, token: token.token } satisfies TlConstructors['auth.loginToken']
  }
  const account = world.accounts.require(token.acceptedBy)
  if (account.homeDc !== context.dcId) {
    return { _: 'auth.loginTokenMigrateTo', dc_id: account.homeDc, token: token.token } satisfies TlConstructors['auth.loginTokenMigrateTo']
  }
  world.state.signIn.loginTokens.delete(key)
  return { _: 'auth.loginTokenSuccess', authorization: completeSignIn(context, account, 'qr') } satisfies TlConstructors['auth.loginTokenSuccess']
}

/** A signed-in session scans the QR code: the waiting session gets updateLoginToken. */
function acceptLoginToken(request: TlMethods['auth.acceptLoginToken'], context: CallContext): TlConstructors['authorization'] {
  const { world } = context
  const { account } = requireAccount(context)
  const token = world.state.signIn.loginTokens.get(tokenKey(request.token))
  if (!token) throw RpcError.badRequest('AUTH_TOKEN_INVALIDX')
  if (token.acceptedBy !== undefined) throw RpcError.badRequest('AUTH_TOKEN_ALREADY_ACCEPTED')
  if (token.expiresAt <= world.clock.nowSeconds()) throw RpcError.badRequest('AUTH_TOKEN_EXPIRED')
  token.acceptedBy = account.id
  world.updates.publishForAuthKey(token.dcId, token.authKeyId, { _: 'updateLoginToken' })
  world.markChanged()
  const waiting = world.authKeys.get(token.dcId, token.authKeyId)
  const now = world.clock.nowSeconds()
  return tlAuthorization(
    {
      hash: 0n,
      accountId: account.id,
      dcId: token.dcId,
      authKeyId: token.authKeyId,
      via: 'qr',
      createdAt: now,
      activeAt: now,
      deviceModel: waiting?.client?.deviceModel ?? 'Unknown',
      platform: waiting?.client?.systemVersion.split(' ')[0] ?? 'Unknown',
      systemVersion: waiting?.client?.systemVersion ?? '',
      apiId: waiting?.client?.apiId ?? 0,
      appVersion: waiting?.client?.appVersion ?? '',
    },
    false,
  )
}

// ---- bots, other DCs, signing out

function importBotAuthorization(request: TlMethods['auth.importBotAuthorization'], context: CallContext) {
  const bot = context.world.accounts.byBotToken(request.bot_auth_token)
  if (!bot) throw RpcError.badRequest('ACCESS_TOKEN_INVALID')
  if (bot.homeDc !== context.dcId) throw userMigrate(bot.homeDc)
  return completeSignIn(context, bot, 'bot')
}

/** Hands the signed-in account to another DC: the client imports these bytes there. */
function exportAuthorization(request: TlMethods['auth.exportAuthorization'], context: CallContext): TlConstructors['auth.exportedAuthorization'] {
  const { world } = context
  const { account } = requireAccount(context, { anyDc: true })
  if (!world.dcs.some((dc) => dc.id === request.dc_id)) throw RpcError.badRequest('DC_ID_INVALID')
  const id = BigInt(account.id)
  const bytes = randomBytes(128)
  world.state.signIn.exportedAuthorizations.set(id, { id, bytes, accountId: account.id, toDcId: request.dc_id, expiresAt: world.clock.nowSeconds() + EXPORTED_AUTHORIZATION_LIFETIME_SECONDS })
  world.markChanged()
  return { _: 'auth.exportedAuthorization', id, bytes }
}

function importAuthorization(request: TlMethods['auth.importAuthorization'], context: CallContext) {
  const { world } = context
  const exported = world.state.signIn.exportedAuthorizations.get(request.id)
  if (!exported) throw RpcError.badRequest('USER_ID_INVALID')
  const fresh = exported.expiresAt > world.clock.nowSeconds()
  if (!fresh || exported.toDcId !== context.dcId || !Buffer.from(exported.bytes).equals(Buffer.from(request.bytes))) {
    throw RpcError.badRequest('AUTH_BYTES_INVALID')
  }
  world.state.signIn.exportedAuthorizations.delete(request.id)
  const account = world.accounts.require(exported.accountId)
  world.authorizations.bind(context.authKey, account.id, 'import')
  world.markChanged()
  return { _: 'auth.authorization', user: world.viewAs(account.id).user(account.id) } satisfies TlConstructors['auth.authorization']
}

function logOut(_request: TlMethods['auth.logOut'], context: CallContext): TlConstructors['auth.loggedOut'] {
  requireAccount(context, { anyDc: true })
  context.world.authorizations.unbind(context.authKey)
  context.world.markChanged()
  return { _: 'auth.loggedOut' }
}

/** Ends every other session of the account, on every DC. */
function resetAuthorizations(_request: TlMethods['auth.resetAuthorizations'], context: CallContext): boolean {
  const { account, authorization } = requireAccount(context)
  for (const record of context.world.authorizations.ofAccount(account.id)) if (record !== authorization) context.world.authorizations.remove(record)
  context.world.markChanged()
  return true
}

export const authMethods: MethodModule = {
  'auth.sendCode': sendCode,
  'auth.resendCode': resendCode,
  'auth.signIn': signIn,
  'auth.signUp': signUp,
  'auth.checkPassword': checkPassword,
  'auth.exportLoginToken': exportLoginToken,
  'auth.importLoginToken': importLoginToken,
  'auth.acceptLoginToken': acceptLoginToken,
  'auth.importBotAuthorization': importBotAuthorization,
  'auth.exportAuthorization': exportAuthorization,
  'auth.importAuthorization': importAuthorization,
  'auth.logOut': logOut,
  'auth.resetAuthorizations': resetAuthorizations,
}
