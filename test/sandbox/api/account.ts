// account.*: the signed-in account's own profile, username, sessions and two-step verification state.
import { randomBytes } from 'node:crypto'
import type { TlConstructors, TlMethods } from '../../../schema/codec/generated/types'
import type { CallContext, MethodModule } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { isValidUsername, requireAccount, userPeer, type Account, type AuthorizationRecord } from '../world'
import { newPasswordAlgorithm, tlAlgorithmOf } from '../world/password'
import { passwordChallenge } from '../world/password'
import { signInAccountOf } from '../world/sign-in-guard'

/** Telegram's limits for profile fields. */
const NAME_MAX_LENGTH = 64
const ABOUT_MAX_LENGTH = 70
/** How long sessions live unused, as account.authorizations reports (Telegram's default is 6 months). */
const AUTHORIZATION_TTL_DAYS = 180

/** A session as account.getAuthorizations lists it; the current one has hash 0, as on Telegram. */
export function tlAuthorization(record: AuthorizationRecord, current: boolean): TlConstructors['authorization'] {
  return {
    _: 'authorization',
    current: current || undefined,
    hash: current ? 0n : record.hash,
    device_model: record.deviceModel,
    platform: record.platform,
    system_version: record.systemVersion,
    api_id: record.apiId,
    app_name: 'Sandbox client',
    app_version: record.appVersion,
    date_created: record.createdAt,
    date_active: record.activeAt,
    ip: '127.0.0.1',
    country: 'Sandbox',
    region: '',
  }
}

/** Works signed in, and between a right login code and the 2FA password (that is when clients ask). */
async function getPassword(_request: TlMethods['account.getPassword'], context: CallContext): Promise<TlConstructors['account.password']> {
  const account = signInAccountOf(context)
  if (!account) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
  const common = {
    new_algo: newPasswordAlgorithm(),
    new_secure_algo: { _: 'securePasswordKdfAlgoPBKDF2HMACSHA512iter100000', salt: randomBytes(8) } as const,
    secure_random: randomBytes(32),
  }
  if (!account.password) return { _: 'account.password', ...common }
  const challenge = passwordChallenge(context.world, account)
  return {
    _: 'account.password',
    has_password: true,
    current_algo: tlAlgorithmOf(account.password),
    srp_B: challenge.B,
    srp_id: challenge.srpId,
    hint: account.password.hint || undefined,
    ...common,
  }
}

function getAuthorizations(_request: TlMethods['account.getAuthorizations'], context: CallContext): TlConstructors['account.authorizations'] {
  const { account, authorization } = requireAccount(context)
  return {
    _: 'account.authorizations',
    authorization_ttl_days: AUTHORIZATION_TTL_DAYS,
    authorizations: context.world.authorizations.ofAccount(account.id).map((record) => tlAuthorization(record, record === authorization)),
  }
}

/** Ends one other session; the key stays, signed out (its next call answers AUTH_KEY_UNREGISTERED). */
function resetAuthorization(request: TlMethods['account.resetAuthorization'], context: CallContext): boolean {
  const { account, authorization } = requireAccount(context)
  const target = context.world.authorizations.ofAccount(account.id).find((record) => record.hash === request.hash && record !== authorization)
  if (!target) throw RpcError.badRequest('HASH_INVALID')
  context.world.authorizations.remove(target)
  context.world.markChanged()
  return true
}

function updateProfile(request: TlMethods['account.updateProfile'], context: CallContext) {
  const { account } = requireAccount(context)
  if (request.first_name !== undefined) {
    const firstName = request.first_name.trim()
    if (firstName.length === 0 || firstName.length > NAME_MAX_LENGTH) throw RpcError.badRequest('FIRSTNAME_INVALID')
    account.firstName = firstName
  }
  if (request.last_name !== undefined) account.lastName = request.last_name.trim().slice(0, NAME_MAX_LENGTH)
  if (request.about !== undefined) {
    if (request.about.length > ABOUT_MAX_LENGTH) throw RpcError.badRequest('ABOUT_TOO_LONG')
    account.about = request.about
  }
  announceName(context, account)
  return context.world.viewAs(account.id).user(account.id)
}

/** Sets or (with an empty string) removes the username. */
function updateUsername(request: TlMethods['account.updateUsername'], context: CallContext) {
  const { account } = requireAccount(context)
  const username = request.username
  if (username !== '' && !isValidUsername(username)) throw RpcError.badRequest('USERNAME_INVALID')
  if ((account.username ?? '') === username) throw RpcError.badRequest('USERNAME_NOT_MODIFIED')
  const owner = username === '' ? undefined : (context.world.accounts.byUsername(username) ?? context.world.chats.channelByUsername(username))
  if (owner && owner !== account) throw RpcError.badRequest('USERNAME_OCCUPIED')
  account.username = username === '' ? undefined : username
  announceName(context, account)
  return context.world.viewAs(account.id).user(account.id)
}

/** updateUserName to the account itself and to everyone who has it as a contact. */
function announceName(context: CallContext, account: Account): void {
  const origin = { dcId: context.dcId, authKeyId: context.authKey.id, sessionId: context.session.id }
  const update: TlConstructors['updateUserName'] = {
    _: 'updateUserName',
    user_id: account.id,
    first_name: account.firstName,
    last_name: account.lastName,
    usernames: account.username ? [{ _: 'username', editable: true, active: true, username: account.username }] : [],
  }
  const watchers = [account.id, ...[...context.world.accounts.all()].filter((a) => a.id !== account.id && a.contacts.includes(account.id)).map((a) => a.id)]
  for (const watcherId of watchers) {
    context.world.updates.publishForAccount(watcherId, update, { peers: [userPeer(account.id)], ...(watcherId === account.id ? { origin } : {}) })
  }
}

export const accountMethods: MethodModule = {
  'account.getPassword': getPassword,
  'account.getAuthorizations': getAuthorizations,
  'account.resetAuthorization': resetAuthorization,
  'account.updateProfile': updateProfile,
  'account.updateUsername': updateUsername,
}
