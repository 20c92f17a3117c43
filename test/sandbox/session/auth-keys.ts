// Auth keys the sandbox has agreed with clients, per DC: a key made on one DC is unknown to the others, as on
// Telegram. Temporary keys (PFS) expire, and may be bound to a permanent key by auth.bindTempAuthKey.
import type { SandboxClock } from '../clock'
import { authKeyId } from '../crypto'
import { ServerMsgIds } from './message-ids'
import { ServerSalts } from './salts'
import type { ServerSession } from './server-session'

export interface AuthKeyRecord {
  readonly id: bigint
  readonly key: Uint8Array
  readonly dcId: number
  readonly kind: 'perm' | 'temp'
  /** Unixtime after which a temp key is forgotten. */
  readonly expiresAt: number | undefined
  /** For a bound temp key: the permanent key whose authorization it carries. */
  boundPermKeyId: bigint | undefined
  /** The layer from the last invokeWithLayer on this key; answers are encoded with it. */
  layer: number | undefined
  /** How the key was agreed: the RSA encoding and the p_q_inner_data constructor the client used. */
  readonly agreedWith: KeyExchangeVariant | undefined
  /** What the client told initConnection about itself (account.getAuthorizations lists it). */
  client: ClientInfo | undefined
  readonly salts: ServerSalts
  /**
   * The msg_ids of everything sent under this key. One counter for all its sessions, so that answers to a session
   * not started yet (bad_msg_notification, bad_server_salt) stay unique, and the session carries on from them.
   */
  readonly msgIds: ServerMsgIds
  readonly sessions: Map<bigint, ServerSession>
}

export interface ClientInfo {
  readonly apiId: number
  readonly deviceModel: string
  readonly systemVersion: string
  readonly appVersion: string
  readonly langCode: string
}

export interface KeyExchangeVariant {
  readonly rsa: 'rsa-pad' | 'sha1-padded'
  readonly innerData: string
}

export interface NewAuthKey {
  readonly key: Uint8Array
  readonly agreedWith?: KeyExchangeVariant
  readonly dcId: number
  readonly expiresAt?: number
  readonly initialSalt: bigint
}

export class AuthKeyStore {
  private readonly byDc = new Map<number, Map<bigint, AuthKeyRecord>>()

  constructor(private readonly clock: Pick<SandboxClock, 'nowMs' | 'nowSeconds'>) {}

  /** The live key with this id on this DC; an expired temp key is dropped on the way. */
  get(dcId: number, id: bigint): AuthKeyRecord | undefined {
    const keys = this.byDc.get(dcId)
    const record = keys?.get(id)
    if (record?.expiresAt !== undefined && record.expiresAt <= this.clock.nowSeconds()) {
      keys!.delete(id)
      return undefined
    }
    return record
  }

  has(dcId: number, key: Uint8Array): boolean {
    return this.get(dcId, authKeyId(key)) !== undefined
  }

  add(entry: NewAuthKey): AuthKeyRecord {
    const record: AuthKeyRecord = {
      id: authKeyId(entry.key),
      key: entry.key,
      dcId: entry.dcId,
      kind: entry.expiresAt === undefined ? 'perm' : 'temp',
      expiresAt: entry.expiresAt,
      boundPermKeyId: undefined,
      layer: undefined,
      agreedWith: entry.agreedWith,
      client: undefined,
      salts: new ServerSalts(entry.initialSalt, this.clock.nowSeconds()),
      msgIds: new ServerMsgIds(() => this.clock.nowMs()),
      sessions: new Map(),
    }
    let keys = this.byDc.get(entry.dcId)
    if (!keys) this.byDc.set(entry.dcId, (keys = new Map()))
    keys.set(record.id, record)
    return record
  }

  delete(dcId: number, id: bigint): boolean {
    return this.byDc.get(dcId)?.delete(id) ?? false
  }

  /** Every key of every DC, for fault injection (rotating salts) and inspection in tests. */
  *all(): IterableIterator<AuthKeyRecord> {
    for (const keys of this.byDc.values()) yield* keys.values()
  }
}
