// The check every signed-in method starts with. help.* and auth.* work without it; everything else answers
// 401 AUTH_KEY_UNREGISTERED before sign-in, and 303 USER_MIGRATE_X on a DC that is not the account's home.
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import type { Account, AuthorizationRecord } from './records'

export interface SignedIn {
  readonly account: Account
  readonly authorization: AuthorizationRecord
}

export interface RequireAccountOptions {
  /**
   * Allow the call on any DC where the account imported its authorization (auth.importAuthorization), as
   * Telegram does for file transfers; by default only the home DC serves it.
   */
  readonly anyDc?: boolean
}

export function requireAccount(context: CallContext, options: RequireAccountOptions = {}): SignedIn {
  const { world } = context
  const authorization = world.authorizations.of(context.authKey)
  const account = authorization && world.accounts.get(authorization.accountId)
  if (!authorization || !account) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED')
  if (!options.anyDc && context.dcId !== account.homeDc) throw new RpcError(303, `USER_MIGRATE_${account.homeDc}`)
  world.authorizations.touch(context.authKey, authorization)
  account.lastSeenAt = world.clock.nowSeconds()
  return { account, authorization }
}

/** The signed-in account, if any, without failing (for methods that answer differently when signed in). */
export function currentAccount(context: CallContext): Account | undefined {
  const authorization = context.world.authorizations.of(context.authKey)
  return authorization && context.world.accounts.get(authorization.accountId)
}

/**
 * The account a sign-in on this key is about: the signed-in one, or the one whose login code was right and
 * whose 2FA password is still due (account.getPassword and auth.checkPassword work in that state).
 */
export function signInAccountOf(context: CallContext): Account | undefined {
  const signedIn = currentAccount(context)
  if (signedIn) return signedIn
  const pending = context.world.state.signIn.passwordPending.get(pendingKeyOf(context))
  return pending === undefined ? undefined : context.world.accounts.get(pending)
}

/** The key the password-pending state is kept under: the permanent key behind a bound temp key. */
export function pendingKeyOf(context: CallContext): string {
  return `${context.dcId}:${context.authKey.boundPermKeyId ?? context.authKey.id}`
}
