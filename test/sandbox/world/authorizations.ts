// Signed-in sessions: which account each auth key is bound to. A temp key bound to a permanent key
// (auth.bindTempAuthKey) carries the permanent key's authorization, as on Telegram.
import { randomBytes } from 'node:crypto'
import type { AuthKeyRecord, AuthKeyStore } from '../session/auth-keys'
import type { AuthorizationRecord } from './records'

export interface AuthorizationStoreState {
  /** `${dcId}:${permanent auth key id}` → authorization. */
  byKey: Map<string, AuthorizationRecord>
}

export function emptyAuthorizationStoreState(): AuthorizationStoreState {
  return { byKey: new Map() }
}

const keyOf = (dcId: number, authKeyId: bigint): string => `${dcId}:${authKeyId}`

export class AuthorizationStore {
  constructor(
    readonly state: AuthorizationStoreState,
    private readonly authKeys: AuthKeyStore,
    private readonly nowSeconds: () => number,
  ) {}

  /** The authorization an auth key carries (its own, or its permanent key's when it is a bound temp key). */
  of(authKey: AuthKeyRecord): AuthorizationRecord | undefined {
    return this.state.byKey.get(keyOf(authKey.dcId, this.permanentKeyId(authKey)))
  }

  /** Signs the auth key in as `accountId`, replacing what it carried before. */
  bind(authKey: AuthKeyRecord, accountId: bigint, via: AuthorizationRecord['via']): AuthorizationRecord {
    const now = this.nowSeconds()
    const client = authKey.client
    const record: AuthorizationRecord = {
      hash: randomBytes(8).readBigInt64LE() || 1n,
      accountId,
      dcId: authKey.dcId,
      authKeyId: this.permanentKeyId(authKey),
      via,
      createdAt: now,
      activeAt: now,
      deviceModel: client?.deviceModel ?? 'Unknown',
      platform: client?.systemVersion.split(' ')[0] ?? 'Unknown',
      systemVersion: client?.systemVersion ?? '',
      apiId: client?.apiId ?? 0,
      appVersion: client?.appVersion ?? '',
    }
    this.state.byKey.set(keyOf(record.dcId, record.authKeyId), record)
    return record
  }

  /** Signs the key out (auth.logOut); the key itself stays valid, unauthorized. */
  unbind(authKey: AuthKeyRecord): AuthorizationRecord | undefined {
    const key = keyOf(authKey.dcId, this.permanentKeyId(authKey))
    const record = this.state.byKey.get(key)
    this.state.byKey.delete(key)
    return record
  }

  remove(record: AuthorizationRecord): void {
    this.state.byKey.delete(keyOf(record.dcId, record.authKeyId))
  }

  /** Every session of an account, on every DC, oldest first. */
  ofAccount(accountId: bigint): AuthorizationRecord[] {
    return [...this.state.byKey.values()].filter((r) => r.accountId === accountId).sort((a, b) => a.createdAt - b.createdAt)
  }

  /** Notes activity, and refreshes the device description from the latest initConnection. */
  touch(authKey: AuthKeyRecord, record: AuthorizationRecord): void {
    record.activeAt = this.nowSeconds()
    const client = authKey.client ?? this.authKeys.get(authKey.dcId, record.authKeyId)?.client
    if (!client) return
    record.deviceModel = client.deviceModel
    record.systemVersion = client.systemVersion
    record.apiId = client.apiId
    record.appVersion = client.appVersion
  }

  private permanentKeyId(authKey: AuthKeyRecord): bigint {
    return authKey.kind === 'temp' && authKey.boundPermKeyId !== undefined ? authKey.boundPermKeyId : authKey.id
  }
}
