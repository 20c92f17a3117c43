/**
 * The low-level client: a DC manager, a session per DC, and the call pipeline around them.
 *
 *   const client = new MtprotoClient({ dcs, rsaKeys, apiId })
 *   const config = await client.invoke({ _: 'help.getConfig' }, { timeout: 5000 })
 *   client.close()
 *
 * `invoke` is typed by the generated layer: the result type follows the method name.
 */
import { API_LAYER, type TlMethod, type TlResults } from '../../../schema/codec/generated/types'
import type { RsaPublicKey } from '../crypto/rsa'
import type { ConnectionState } from '../session/connection-state'
import { MtprotoSession, type InitConnectionParams, type Logger } from '../session/session'
import type { TlObject } from '../session/tl'
import { Connection, type ProxyConfig, type TransportKind } from '../transport'
import { composeMiddlewares, type CallContext, type CallHandler, type CallMiddleware, type CallOptions } from './call-pipeline'
import { DcManager, MemoryKeyStore, type DcAddress, type KeyStore } from './dc-manager'
import { floodWaitMiddleware, migrateMiddleware, serverErrorRetryMiddleware } from './middlewares'

export interface MtprotoClientOptions {
  dcs: readonly DcAddress[]
  /** Defaults to the first DC listed. */
  mainDcId?: number
  /** The server keys trusted for the key exchange, picked by fingerprint. */
  rsaKeys: readonly RsaPublicKey[]
  apiId: number
  /** initConnection fields other than the api id; sensible defaults otherwise. */
  init?: Partial<Omit<InitConnectionParams, 'apiId'>>
  /** Framing: intermediate unless told otherwise. */
  transport?: TransportKind
  obfuscated?: boolean
  proxy?: ProxyConfig
  connectTimeoutMs?: number
  /** Per-request timeout default, in ms. */
  requestTimeoutMs?: number
  pingIntervalMs?: number
  /** FLOOD_WAIT errors up to this many seconds are slept through (default 10). */
  floodWaitThreshold?: number
  /** Extra middlewares, run outside the built-in ones. */
  middlewares?: readonly CallMiddleware[]
  keyStore?: KeyStore
  /** Create temporary keys (p_q_inner_data_temp_dc) valid this many seconds. */
  tempKeyExpiresIn?: number
  /** How p_q_inner_data is RSA-encrypted: RSA_PAD (default) or the older format. */
  rsaPadding?: 'rsa_pad' | 'legacy'
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number }
  onUpdate?: (update: { _: string }, dcId: number) => void
  /** The connection state of every DC's session, as it changes; `isMainDc` says whether it is the home DC's. */
  onConnectionState?: (state: ConnectionState, dcId: number, isMainDc: boolean) => void
  logger?: Logger
}

export class MtprotoClient {
  private readonly dcs: DcManager
  private readonly pipeline: CallHandler
  private readonly keyStore: KeyStore
  private closed = false

  constructor(private readonly options: MtprotoClientOptions) {
    this.keyStore = options.keyStore ?? new MemoryKeyStore()
    this.dcs = new DcManager(options.dcs, options.mainDcId ?? options.dcs[0]?.id, (dc) => this.createSession(dc))
    const send: CallHandler = (ctx) =>
      this.dcs.session(ctx.dcId).invoke(ctx.request as TlObject, { signal: ctx.signal, timeout: ctx.timeout })
    this.pipeline = composeMiddlewares(
      [
        ...(options.middlewares ?? []),
        migrateMiddleware({ onHomeDcChanged: (dcId) => (this.dcs.mainDcId = dcId) }),
        floodWaitMiddleware({ maxWaitSeconds: options.floodWaitThreshold ?? 10 }),
        serverErrorRetryMiddleware(),
      ],
      send,
    )
  }

  get mainDcId(): number {
    return this.dcs.mainDcId
  }

  /** Calls an API or service method and resolves with its result. */
  invoke<R extends TlMethod>(request: R, options?: CallOptions): Promise<TlResults[R['_']]>
  invoke(request: TlObject, options?: CallOptions): Promise<unknown>
  invoke(request: TlObject, options: CallOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the client is closed'))
    const ctx: CallContext = {
      request,
      dcId: options.dcId ?? this.dcs.mainDcId,
      signal: options.signal,
      timeout: options.timeout,
    }
    return this.pipeline(ctx)
  }

  /** Connects to the main DC (creating its auth key if needed) without sending a request. */
  connect(dcId = this.dcs.mainDcId): Promise<void> {
    return this.dcs.session(dcId).connect()
  }

  /** The session of a DC, for tests and for the layers built on this client. */
  session(dcId = this.dcs.mainDcId): MtprotoSession {
    return this.dcs.session(dcId)
  }

  /** Closes every session; pending calls fail with SessionClosedError. No timer or socket is left. */
  close(): void {
    this.closed = true
    this.dcs.closeAll()
  }

  private createSession(dc: DcAddress): MtprotoSession {
    const { options } = this
    return new MtprotoSession({
      dcId: dc.id,
      createTransport: () =>
        new Connection({
          host: dc.host,
          port: dc.port,
          dcId: dc.id,
          transport: options.transport,
          obfuscated: options.obfuscated,
          proxy: options.proxy,
          connectTimeoutMs: options.connectTimeoutMs,
        }),
      keyExchange: { rsaKeys: options.rsaKeys, tempKeyExpiresIn: options.tempKeyExpiresIn, rsaPadding: options.rsaPadding },
      layer: API_LAYER,
      init: {
        apiId: options.apiId,
        deviceModel: options.init?.deviceModel ?? 'Telegram Workbench',
        systemVersion: options.init?.systemVersion ?? `${process.platform} ${process.version}`,
        appVersion: options.init?.appVersion ?? '0.1.0',
        systemLangCode: options.init?.systemLangCode ?? 'en',
        langPack: options.init?.langPack ?? '',
        langCode: options.init?.langCode ?? 'en',
      },
      savedKey: this.keyStore.load(dc.id),
      onKeyState: (state) => this.keyStore.save(dc.id, state),
      onUpdate: options.onUpdate && ((update) => options.onUpdate!(update, dc.id)),
      // Updates come through the home DC: that session stays connected while idle.
      stayConnected: () => !this.closed && options.onUpdate !== undefined && dc.id === this.dcs.mainDcId,
      onConnectionState: options.onConnectionState && ((state) => options.onConnectionState!(state, dc.id, dc.id === this.dcs.mainDcId)),
      requestTimeoutMs: options.requestTimeoutMs,
      pingIntervalMs: options.pingIntervalMs,
      reconnect: options.reconnect,
      logger: options.logger,
    })
  }
}
