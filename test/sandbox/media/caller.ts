// Who is calling, as far as files care: uploads belong to one auth key on one DC (a bound temp key counts as its
// permanent key), and inputPeerSelf means the signed-in account.
import type { CallContext } from '../rpc/method-registry'
import type { UploaderKey } from './uploads'

export function uploaderOf(context: CallContext): UploaderKey {
  return `${context.dcId}:${context.authKey.boundPermKeyId ?? context.authKey.id}`
}

/** `user:<id>` of the signed-in account, or undefined before sign-in. */
export function callerOwnerKey(context: CallContext): string | undefined {
  const accountId = context.world.authorizations.of(context.authKey)?.accountId
  return accountId === undefined ? undefined : `user:${accountId}`
}
