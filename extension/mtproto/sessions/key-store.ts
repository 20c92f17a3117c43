/**
 * Lets the low-level client (`MtprotoClient`'s `keyStore` option) load and save auth keys through a
 * session, so a key created, or a salt learned, on any DC is persisted with the next flush.
 */
import type { KeyStore } from '../network/dc-manager'
import type { Session } from './session'

export function sessionKeyStore(session: Session): KeyStore {
  return {
    load: (dcId) => session.authKey(dcId),
    save: (dcId, state) => session.setAuthKey(dcId, state),
  }
}
