// Who is calling, as far as files care: uploads belong to one auth key on one DC (a bound temp key counts as its
// permanent key), and inputPeerSelf means the signed-in account.
import type { AuthKeyRecord } from '../session/auth-keys'
import type { CallContext } from '../rpc/method-registry'
import type { UploaderKey } from './uploads'

export function uploaderOf(context: CallContext): UploaderKey {
  return `${context.dcId}:${context.authKey.boundPermKeyId ?? context.authKey.id}`
}

interface AuthorizationLookup {
  of(authKey: AuthKeyRecord): { readonly accountId: bigint } | undefined
}

/** `user:<id>` of the signed-in account, or undefined before sign-in. */
export function callerOwnerKey(context: CallContext): string | undefined {
  // TODO(S1): call the world's own "signed-in account" helper once the world exposes one.
  const authorizations = (context.world as { authorizations?: AuthorizationLookup }).authorizations
  const accountId = authorizations?.of(context.authKey)?.accountId
  return accountId === undefined ? undefined : `user:${accountId}`
}
