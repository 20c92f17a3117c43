/**
 * What every concern module of the TelegramClient stands on: the options, the session, the
 * low-level MtprotoClient and its lifecycle, the home DC, the entity cache, and the stream of raw
 * updates. The concern modules (auth.ts, messages.ts, ...) add the friendly methods on top.
 *
 * `call()` is the one road to the server for the concern modules: it sends a request exactly as
 * given (no peer resolution, see raw.ts for that), caches every user and chat in the answer, and
 * follows the account when a PHONE/USER_MIGRATE moved it to another DC.
 */
import type { TlConstructors, TlMethod, TlResults } from '../../../schema/codec/generated/types'
import { parseRsaPublicKey, type RsaPublicKey } from '../crypto/rsa'
import { EntityCache } from '../entities/entity-cache'
import type { CallMiddleware, CallOptions } from '../network/call-pipeline'
import type { DcAddress } from '../network/dc-manager'
import { MtprotoClient } from '../network/mtproto-client'
import type { ConnectionState, ConnectionStateListener } from '../session/connection-state'
import type { InitConnectionParams, Logger, LogLevel } from '../session/session'
import { sessionKeyStore } from '../sessions/key-store'
import { MemorySession } from '../sessions/memory-session'
import type { Session } from '../sessions/session'
import type { ProxyConfig, TransportKind } from '../transport'
import { ClientNotConnectedError } from './errors'
import { TransferPool } from '../files/transfer-pool'
import { PRODUCTION_DCS, PRODUCTION_DEFAULT_DC, productionRsaKeys } from './production'
import { UpdateListeners } from './update-listeners'

export interface TelegramClientOptions {
  /** From my.telegram.org (any number for the sandbox). */
  apiId: number
  apiHash: string
  /** Where auth keys, the home DC and the entity cache live; a MemorySession when omitted. */
  session?: Session
  /** Framing on the wire; intermediate by default. */
  transport?: TransportKind
  /** Obfuscate the stream (needed by some networks and by MTProxy). */
  obfuscated?: boolean
  proxy?: ProxyConfig
  /** The DCs to reach; Telegram's production DCs when omitted. The sandbox passes its own. */
  dcs?: readonly DcAddress[]
  /** Server keys trusted for the key exchange (objects or PEM text); Telegram's production key when omitted. */
  rsaKeys?: readonly (RsaPublicKey | string)[]
  /** FLOOD_WAIT errors up to this many seconds are slept through; longer ones reach the caller (default 60). */
  floodSleepThreshold?: number
  logger?: Logger
  /** Per-request timeout in ms (default 30 s). */
  requestTimeoutMs?: number
  /** initConnection fields that describe the app (device model, app version, language). */
  device?: Partial<Omit<InitConnectionParams, 'apiId'>>
  /** Extra call policies, outermost first: logging, metrics, tests counting requests. */
  middlewares?: readonly CallMiddleware[]
  /** Keep at most this many entities in memory; the rest are read back from the session. */
  entityCacheSize?: number
}

/** Per-call options of the friendly and raw methods. */
export type RequestOptions = CallOptions

export class ClientCore {
  readonly apiId: number
  readonly apiHash: string
  readonly session: Session
  /** Every user, chat and channel seen in any answer or update, with its access hash. */
  readonly entities: EntityCache
  /** Updates as they arrive, and Updates objects returned by requests: the seam updates.ts builds on. */
  readonly rawUpdates = new UpdateListeners()
  /** The signed-in user as last fetched (getMe, sign-in); undefined until then. */
  me: TlConstructors['user'] | undefined
  /** Every dialog has been listed once since connecting: the last resort of peer resolution has been spent. */
  dialogsListed = false

  private readonly disconnectHooks = new Set<() => void>()
  private readonly connectionStateListeners = new Set<ConnectionStateListener>()
  private currentConnectionState: ConnectionState = { kind: 'disconnected' }
  private mtproto: MtprotoClient | undefined
  private transferPool: TransferPool | undefined
  private homeDc: number
  private readonly dcs: readonly DcAddress[]
  private readonly rsaKeys: RsaPublicKey[]

  constructor(protected readonly options: TelegramClientOptions) {
    this.apiId = options.apiId
    this.apiHash = options.apiHash
    this.session = options.session ?? new MemorySession()
    this.entities = new EntityCache({ session: this.session, ...(options.entityCacheSize ? { maxEntries: options.entityCacheSize } : {}) })
    this.dcs = knownDcs(options.dcs ?? PRODUCTION_DCS, this.session)
    this.rsaKeys = (options.rsaKeys ?? productionRsaKeys()).map((key) => (typeof key === 'string' ? parseRsaPublicKey(key) : key))
    this.homeDc = this.session.mainDc?.id ?? (options.dcs ? this.dcs[0]!.id : PRODUCTION_DEFAULT_DC)
  }

  /** The DC the account lives on (or will be created on); requests go there. */
  get homeDcId(): number {
    return this.homeDc
  }

  /** Every DC the client may reach. */
  get dcIds(): number[] {
    return this.dcs.map((dc) => dc.id)
  }

  get isConnected(): boolean {
    return this.mtproto !== undefined
  }

  /** Opens the connection to the home DC, creating its auth key on first use. */
  async connect(): Promise<void> {
    if (!this.mtproto) this.mtproto = this.createMtproto()
    await this.mtproto.connect(this.homeDc)
  }

  /** Closes every connection (pending calls fail), persists the session, and leaves no timer or socket. */
  async disconnect(): Promise<void> {
    for (const hook of [...this.disconnectHooks]) hook()
    const mtproto = this.mtproto
    this.mtproto = undefined
    mtproto?.close()
    this.transferPool?.close()
    this.transferPool = undefined
    this.entities.flush()
    await this.session.flush()
  }

  /** Runs `hook` when disconnect() begins, for concerns that keep timers (updates.ts); returns its remover. */
  onDisconnect(hook: () => void): () => void {
    this.disconnectHooks.add(hook)
    return () => this.disconnectHooks.delete(hook)
  }

  /** Where the connection to the home DC stands (connection-state.ts). */
  get connectionState(): ConnectionState {
    return this.currentConnectionState
  }

  /** While reconnecting or offline, tries the home DC again now instead of when the backoff ends. */
  reconnectNow(): void {
    this.mtproto?.session(this.homeDc).reconnectNow()
  }

  /** Calls `listener` on every change of the home DC's connection state; returns its remover. */
  onConnectionState(listener: ConnectionStateListener): () => void {
    this.connectionStateListeners.add(listener)
    return () => this.connectionStateListeners.delete(listener)
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.disconnect()
  }

  /**
   * Sends a request as given and resolves with its result; the entities in the answer are cached.
   * The friendly methods build their requests fully resolved and come through here.
   */
  async call<R extends TlMethod>(request: R, options: RequestOptions = {}): Promise<TlResults[R['_']]> {
    const mtproto = this.connection()
    const before = mtproto.mainDcId
    const result = (await mtproto.invoke(request, { ...options, dcId: options.dcId ?? this.homeDc })) as TlResults[R['_']]
    // The migrate middleware saw PHONE/USER_MIGRATE_X: the account lives elsewhere from now on.
    if (mtproto.mainDcId !== before && options.dcId === undefined) this.setHomeDc(mtproto.mainDcId)
    this.entities.ingest(result)
    if (isUpdatesObject(result)) this.rawUpdates.emit(result, { dcId: options.dcId ?? this.homeDc, fromRequest: request._ })
    return result
  }

  /** Sends several requests in one container; see raw.ts for the friendly form. */
  callBatch(requests: readonly TlMethod[], ordered: boolean, options: RequestOptions): Promise<unknown>[] {
    const mtproto = this.connection()
    const dcId = options.dcId ?? this.homeDc
    const promises = ordered
      ? // invokeAfterMsg chains the requests on one session; the middlewares (migrate, flood wait) do not apply.
        mtproto.session(dcId).invokeInOrder(requests, options)
      : // Issued in the same tick, the session packs them into one msg_container.
        requests.map((request) => mtproto.invoke(request, { ...options, dcId }))
    return promises.map((promise) =>
      promise.then((result) => {
        this.entities.ingest(result)
        return result
      }),
    )
  }

  /**
   * Makes `dcId` the account's DC (QR login's loginTokenMigrateTo, a sign-in that moved): later calls
   * go there, and the session remembers it.
   */
  setHomeDc(dcId: number): void {
    if (!this.dcs.some((dc) => dc.id === dcId)) throw new RangeError(`DC ${dcId} is not among the configured DCs`)
    this.homeDc = dcId
    const address = this.dcs.find((dc) => dc.id === dcId)!
    this.session.setMainDc({ id: dcId, host: address.host, port: address.port })
  }

  /**
   * Extra connections for parallel file transfers (files/transfer-pool.ts): more low-level clients on
   * the same auth keys, which read keys and never store them, closed by disconnect().
   */
  get transfers(): TransferPool {
    this.connection()
    return (this.transferPool ??= new TransferPool({
      openConnection: () => this.createMtproto(true),
      connectDc: (dcId) => this.connection().connect(dcId),
      homeDcId: () => this.homeDc,
      call: (request, dcId) => this.call(request, { dcId }),
      floodSleepThreshold: this.options.floodSleepThreshold ?? 60,
    }))
  }

  log(level: LogLevel, message: string): void {
    this.options.logger?.(level, message)
  }

  private setConnectionState(state: ConnectionState): void {
    this.currentConnectionState = state
    for (const listener of [...this.connectionStateListeners]) {
      try {
        listener(state)
      } catch (error) {
        // A UI's listener that throws must not break the session that reported the state.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  private connection(): MtprotoClient {
    if (!this.mtproto) throw new ClientNotConnectedError()
    return this.mtproto
  }

  /** The main client, or (`forTransfers`) one that only reads keys and ignores updates. */
  private createMtproto(forTransfers = false): MtprotoClient {
    const { options } = this
    const keys = sessionKeyStore(this.session)
    return new MtprotoClient({
      dcs: this.dcs,
      mainDcId: this.homeDc,
      rsaKeys: this.rsaKeys,
      apiId: this.apiId,
      ...(options.device ? { init: options.device } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.obfuscated !== undefined ? { obfuscated: options.obfuscated } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.middlewares ? { middlewares: options.middlewares } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      floodWaitThreshold: options.floodSleepThreshold ?? 60,
      keyStore: forTransfers ? { load: keys.load, save: () => {} } : keys,
      ...(forTransfers
        ? {}
        : {
            onUpdate: (update: { _: string }, dcId: number) => {
              this.entities.ingest(update)
              this.rawUpdates.emit(update, { dcId })
            },
            onConnectionState: (state: ConnectionState, _dcId: number, isMainDc: boolean) => {
              if (isMainDc) this.setConnectionState(state)
            },
          }),
    })
  }
}

/** The configured DCs, plus the session's DC when it names an address the list does not have. */
function knownDcs(configured: readonly DcAddress[], session: Session): readonly DcAddress[] {
  if (configured.length === 0) throw new RangeError('the client needs at least one DC address')
  const main = session.mainDc
  if (!main || main.host === undefined || main.port === undefined || configured.some((dc) => dc.id === main.id)) return configured
  return [...configured, { id: main.id, host: main.host, port: main.port }]
}

const UPDATES_CONSTRUCTORS = new Set([
  'updates',
  'updatesCombined',
  'updateShort',
  'updateShortMessage',
  'updateShortChatMessage',
  'updateShortSentMessage',
  'updatesTooLong',
  // Deleting and reading answer with the pts step they took; the update machine must apply it too.
  'messages.affectedMessages',
  'messages.affectedHistory',
])

function isUpdatesObject(value: unknown): value is { _: string } {
  return typeof value === 'object' && value !== null && UPDATES_CONSTRUCTORS.has((value as { _?: unknown })._ as string)
}
