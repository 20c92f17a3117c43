/**
 * The session engine for one DC: owns the connection, the auth key, the server salt and the
 * session id, and turns `invoke` calls into encrypted messages and server messages into
 * answers.
 *
 * Sending: requests issued in the same tick leave together in one msg_container (within the
 * protocol's size limits), with any pending acks; big bodies go gzip_packed when smaller; the
 * first API request on every connection is wrapped in invokeWithLayer(initConnection(...)).
 *
 * Receiving: every message is decrypted and checked (encrypted-message.ts, incoming-filter.ts);
 * failures are logged and dropped. Service messages (acks, salts, bad_msg_notification,
 * new_session_created, ...) are handled here; anything else is an update for the application.
 *
 * Connection loss: every unanswered request is resent after reconnecting with exponential
 * backoff and jitter; requests keep their promises across reconnections.
 */
import { randomBytes } from 'node:crypto'
import { AuthKey } from '../auth/auth-key'
import { exchangeAuthKey, type KeyExchangeOptions } from '../auth/key-exchange'
import { unwrapPlainMessage, wrapPlainMessage } from '../auth/plain-message'
import { BadMessageError, RejectedMessageError, SessionClosedError } from '../errors/protocol-errors'
import { RpcError } from '../errors/rpc-error'
import { TransportError, type Transport } from '../transport'
import { abortableSleep, backoffDelay } from '../network/abortable-sleep'
import { OFFLINE_AFTER_FAILED_ATTEMPTS, type ConnectionState, type ConnectionStateListener } from './connection-state'
import {
  MAX_CONTAINER_BYTES,
  MAX_CONTAINER_MESSAGES,
  MSG_CONTAINER_ID,
  RPC_ERROR_ID,
  RPC_RESULT_ID,
  constructorIdOf,
  decodeContainer,
  decodeRpcResult,
  encodeContainer,
  packGzippedIfSmaller,
  type InnerMessage,
} from './containers'
import { openMessage, sealMessage } from './encrypted-message'
import { IncomingMessageFilter, type IncomingFilterOptions } from './incoming-filter'
import { MessageIdGenerator, SeqNoCounter } from './message-id'
import { PendingRequest, type TlRequest } from './pending-request'
import { ServerSalts } from './server-salts'
import { decodeTl, decodeTlResult, encodeTl } from './tl'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type Logger = (level: LogLevel, message: string) => void

/** The fields of initConnection that describe the app; sent once per connection. */
export interface InitConnectionParams {
  apiId: number
  deviceModel: string
  systemVersion: string
  appVersion: string
  systemLangCode: string
  langPack: string
  langCode: string
}

/** What a session needs to resume without a new key exchange. */
export interface SessionKeyState {
  authKey: Uint8Array
  serverSalt: bigint
  timeOffset: number
}

export interface SessionOptions {
  dcId: number
  /** Opens a fresh transport to this DC; called again on every reconnection. */
  createTransport: () => Transport
  /** Used when the session has no auth key yet. */
  keyExchange: Omit<KeyExchangeOptions, 'dcId' | 'signal'>
  /** The layer our schema speaks, sent in invokeWithLayer. */
  layer: number
  init: InitConnectionParams
  /** A stored key to reuse; without one the session creates a key on first connect. */
  savedKey?: SessionKeyState
  /** Called whenever a new auth key is created or the salt/clock changes, so the caller can store it. */
  onKeyState?: (state: SessionKeyState) => void
  /** Objects that are not answers to our requests: updates for the application. */
  onUpdate?: (update: { _: string }) => void
  /**
   * Asked when the connection drops with nothing to send: true reconnects at once (with backoff), so
   * a session the application hears updates through does not go silent while idle.
   */
  stayConnected?: () => boolean
  /** The server started a new session for us: updates may have been missed. */
  onNewSession?: () => void
  /** Told each time the connection's state changes (connection-state.ts). */
  onConnectionState?: ConnectionStateListener
  /** Default per-request timeout, in milliseconds. */
  requestTimeoutMs?: number
  /** Interval of ping_delay_disconnect keep-alives; the server closes the connection if they stop. */
  pingIntervalMs?: number
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number }
  incomingFilter?: IncomingFilterOptions
  logger?: Logger
}

export interface InvokeOptions {
  signal?: AbortSignal
  /** Milliseconds to wait for the answer; the session default when omitted. */
  timeout?: number
}

/** The service-layer methods (mtproto.tl): never wrapped in initConnection. */
const SERVICE_METHODS = new Set([
  'ping',
  'ping_delay_disconnect',
  'get_future_salts',
  'destroy_session',
  'destroy_auth_key',
  'rpc_drop_answer',
  'msgs_state_req',
  'msg_resend_req',
])

/** Their bodies are file contents, nearly always compressed already: trying gzip only burns CPU. */
const FILE_PART_METHODS = new Set(['upload.saveFilePart', 'upload.saveBigFilePart'])

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
const DEFAULT_PING_INTERVAL_MS = 60_000
/** Acks wait at most this long for a request to ride along with. */
const ACK_DELAY_MS = 200
/** Many pending acks go out at once without waiting. */
const MAX_PENDING_ACKS = 64
/** How old a client msg_id the server still accepts (MTProto: 300 s), answering bad_msg 16 beyond it. */
const SERVER_MSG_ID_MAX_AGE_SECONDS = 300

export class MtprotoSession {
  readonly dcId: number
  private authKey: AuthKey | undefined
  private readonly salts = new ServerSalts()
  private sessionId = randomSessionId()
  private readonly msgIds = new MessageIdGenerator()
  private readonly seqNo = new SeqNoCounter()
  private readonly filter: IncomingMessageFilter

  private transport: Transport | undefined
  private connecting: Promise<void> | undefined
  private ready = false
  private closed = false
  /** The next API request on this connection goes out wrapped in invokeWithLayer(initConnection). */
  private needsInit = true
  private reconnectAttempt = 0
  /** Ends the wait before the next connection attempt, while one is waiting. */
  private wakeUp: (() => void) | undefined
  private connectionState: ConnectionState = { kind: 'disconnected' }
  private readonly lifetime = new AbortController()

  /** Requests not yet sent (or to be resent), in order. */
  private queue: PendingRequest[] = []
  /** Requests sent and not answered, by the msg_id of their latest attempt. */
  private readonly inFlight = new Map<bigint, PendingRequest>()
  /** The inner msg_ids of containers we sent, for notifications that name the container. */
  private readonly containers = new Map<bigint, bigint[]>()
  private pendingAcks: bigint[] = []
  private flushScheduled = false
  private ackTimer: ReturnType<typeof setTimeout> | undefined
  private pingTimer: ReturnType<typeof setInterval> | undefined
  private plainAnswer: { resolve: (body: Uint8Array) => void; reject: (error: unknown) => void } | undefined

  constructor(private readonly options: SessionOptions) {
    this.dcId = options.dcId
    this.filter = new IncomingMessageFilter(options.incomingFilter)
    if (options.savedKey) {
      this.authKey = new AuthKey(options.savedKey.authKey)
      this.salts.current = options.savedKey.serverSalt
      this.msgIds.timeOffset = options.savedKey.timeOffset
    }
  }

  /** The current auth key, salt and clock offset (undefined before the first key exchange). */
  get keyState(): SessionKeyState | undefined {
    if (!this.authKey) return undefined
    return { authKey: this.authKey.key, serverSalt: this.salts.current, timeOffset: this.msgIds.timeOffset }
  }

  /** Sends `request` and resolves with its decoded result; rejects with RpcError and friends. */
  invoke(request: TlRequest, options: InvokeOptions = {}): Promise<unknown> {
    return this.enqueue(request, options, undefined).promise
  }

  /**
   * Sends requests that the server must run in order: each one after the previous has been
   * processed (invokeAfterMsg), even though they leave together.
   */
  invokeInOrder(requests: readonly TlRequest[], options: InvokeOptions = {}): Promise<unknown>[] {
    let previous: PendingRequest | undefined
    return requests.map((request) => {
      previous = this.enqueue(request, options, previous)
      return previous.promise
    })
  }

  /** Connects (and creates an auth key if needed) without sending anything. */
  async connect(): Promise<void> {
    this.assertOpen()
    await this.ensureConnected()
  }

  /** Closes the connection and fails every waiting request. Leaves no timer or socket behind. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.setConnectionState({ kind: 'disconnected' })
    this.lifetime.abort(new SessionClosedError())
    this.stopTimers()
    this.plainAnswer?.reject(new SessionClosedError())
    this.transport?.close()
    this.transport = undefined
    const error = new SessionClosedError()
    for (const request of [...this.queue, ...this.inFlight.values()]) request.reject(error)
    this.queue = []
    this.inFlight.clear()
    this.containers.clear()
  }

  private enqueue(request: TlRequest, options: InvokeOptions, after: PendingRequest | undefined, expectsAnswer = true): PendingRequest {
    const pending = new PendingRequest(
      request,
      { isServiceMethod: SERVICE_METHODS.has(request._), expectsAnswer },
      after,
      (gaveUp) => this.forget(gaveUp),
      options.timeout ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      options.signal,
    )
    if (this.closed) pending.reject(new SessionClosedError())
    if (pending.settled) return pending
    this.queue.push(pending)
    this.scheduleFlush()
    return pending
  }

  /** Drops a request that timed out or was cancelled from every table. */
  private forget(request: PendingRequest): void {
    const index = this.queue.indexOf(request)
    if (index >= 0) this.queue.splice(index, 1)
    if (request.msgId !== undefined) this.inFlight.delete(request.msgId)
  }

  // ---- connection lifecycle ----

  private ensureConnected(): Promise<void> {
    if (this.ready) return Promise.resolve()
    this.connecting ??= this.connectLoop().finally(() => {
      this.connecting = undefined
    })
    return this.connecting
  }

  private async connectLoop(): Promise<void> {
    const { baseDelayMs = 250, maxDelayMs = 15_000 } = this.options.reconnect ?? {}
    if (this.connectionState.kind === 'disconnected') this.setConnectionState({ kind: 'connecting' })
    for (;;) {
      this.assertOpen()
      try {
        await this.openConnection()
        return
      } catch (error) {
        if (this.closed) throw new SessionClosedError()
        const delay = backoffDelay(this.reconnectAttempt++, baseDelayMs, maxDelayMs)
        this.log('warn', `connection to DC ${this.dcId} failed (${(error as Error).message}); retrying in ${delay} ms`)
        const kind = this.reconnectAttempt >= OFFLINE_AFTER_FAILED_ATTEMPTS ? 'offline' : 'reconnecting'
        this.setConnectionState({ kind, delayMs: delay, retryAt: Date.now() + delay, attempt: this.reconnectAttempt, reason: (error as Error).message })
        await this.waitBeforeRetry(delay)
      }
    }
  }

  /**
   * Cuts the wait before the next connection attempt short (a "Retry now" button, or the OS saying the network
   * is back). Does nothing when no attempt is waiting.
   */
  reconnectNow(): void {
    if (!this.wakeUp) return
    const state = this.connectionState
    if (state.kind === 'reconnecting' || state.kind === 'offline') this.setConnectionState({ ...state, delayMs: 0, retryAt: Date.now() })
    this.wakeUp()
  }

  private async waitBeforeRetry(delay: number): Promise<void> {
    const wake = new AbortController()
    this.wakeUp = () => wake.abort()
    try {
      await abortableSleep(delay, AbortSignal.any([this.lifetime.signal, wake.signal]))
    } catch (error) {
      if (this.closed || !wake.signal.aborted) throw error
    } finally {
      this.wakeUp = undefined
    }
  }

  private async openConnection(): Promise<void> {
    const transport = this.options.createTransport()
    transport.on('packet', (packet) => this.onPacket(transport, packet))
    transport.on('error', (error) => this.onTransportError(transport, error))
    transport.on('close', () => this.onTransportClosed(transport))
    this.transport = transport
    try {
      await transport.connect(this.lifetime.signal)
      if (!this.authKey) await this.createAuthKey(transport)
    } catch (error) {
      if (this.transport === transport) this.transport = undefined
      transport.close()
      throw error
    }
    if (this.closed || this.transport !== transport) throw new SessionClosedError('the connection dropped while opening')
    this.ready = true
    this.needsInit = true
    this.startPing()
    this.log('debug', `connected to DC ${this.dcId}`)
    this.setConnectionState({ kind: 'connected' })
  }

  private async createAuthKey(transport: Transport): Promise<void> {
    const exchange = (body: Uint8Array): Promise<Uint8Array> =>
      new Promise<Uint8Array>((resolve, reject) => {
        this.plainAnswer = { resolve, reject }
        transport.send(wrapPlainMessage(this.msgIds.next(), body))
      }).finally(() => {
        this.plainAnswer = undefined
      })
    const result = await exchangeAuthKey(exchange, {
      ...this.options.keyExchange,
      dcId: this.options.dcId,
      signal: this.lifetime.signal,
    })
    this.authKey = result.authKey
    this.salts.current = result.serverSalt
    this.msgIds.timeOffset = result.timeOffset
    this.startNewSession()
    this.log('info', `created an auth key with DC ${this.dcId}`)
    this.reportKeyState()
  }

  private onTransportError(transport: Transport, error: Error): void {
    if (transport !== this.transport) return
    this.log('warn', `DC ${this.dcId} transport error: ${error.message}`)
    // 404: the server does not know our auth key (it was dropped, or never existed there).
    if (error instanceof TransportError && error.code === 404 && this.authKey) {
      this.authKey = undefined
      this.log('warn', `DC ${this.dcId} forgot our auth key; a new one will be created`)
    }
    this.plainAnswer?.reject(error)
  }

  private onTransportClosed(transport: Transport): void {
    if (transport !== this.transport) return
    this.transport = undefined
    this.ready = false
    this.stopTimers()
    this.plainAnswer?.reject(new Error('connection closed during the key exchange'))
    if (this.closed) return
    // Everything unanswered goes again: what the server did not get, and what it acknowledged but whose answer
    // went down with the connection. A send repeats its random_id, so the server posts it only once.
    const resend = [...this.inFlight.values()]
    this.requeue(resend)
    this.containers.clear()
    const lost = { kind: 'reconnecting', delayMs: 0, retryAt: Date.now(), attempt: 0, reason: 'the connection was lost' } as const
    if (this.queue.length > 0 || this.inFlight.size > 0) {
      this.log('info', `DC ${this.dcId} connection lost; reconnecting with ${resend.length} request(s) to resend`)
      this.setConnectionState(lost)
      this.scheduleFlush()
    } else if (this.options.stayConnected?.()) {
      this.log('info', `DC ${this.dcId} connection lost; reconnecting to keep receiving updates`)
      this.setConnectionState(lost)
      // The server pushes updates to the connection a session last sent on: speak first on the new one.
      this.ensureConnected().then(
        () => this.sendKeepAlive(),
        (error: Error) => {
          if (!this.closed) this.log('warn', `DC ${this.dcId} could not reconnect: ${error.message}`)
        },
      )
    } else {
      this.setConnectionState({ kind: 'disconnected' })
    }
  }

  private setConnectionState(state: ConnectionState): void {
    if (state.kind === this.connectionState.kind && (state.kind === 'connected' || state.kind === 'connecting' || state.kind === 'disconnected')) return
    this.connectionState = state
    this.options.onConnectionState?.(state)
  }

  /** A new session id: the server treats it as a fresh session (new seq_no, new msg_id history). */
  private startNewSession(): void {
    this.sessionId = randomSessionId()
    this.msgIds.reset()
    this.seqNo.reset()
    this.filter.reset()
    this.containers.clear()
    this.requeue([...this.inFlight.values()])
  }

  // ---- sending ----

  private scheduleFlush(): void {
    if (this.flushScheduled || this.closed) return
    this.flushScheduled = true
    // setImmediate, not a microtask: every invoke of the current tick joins the same container.
    setImmediate(() => {
      this.flushScheduled = false
      this.flush()
    })
  }

  private flush(): void {
    if (this.closed || (this.queue.length === 0 && this.pendingAcks.length === 0)) return
    if (!this.ready) {
      if (this.queue.length > 0) this.ensureConnected().then(() => this.flush(), (error) => this.failAll(error))
      return
    }
    const transport = this.transport!
    this.salts.advance(this.msgIds.serverNow())

    const messages: InnerMessage[] = []
    let bytes = 0
    if (this.pendingAcks.length > 0) {
      const ack = encodeTl({ _: 'msgs_ack', msg_ids: this.pendingAcks })
      messages.push({ msgId: this.msgIds.next(), seqNo: this.seqNo.next(false), body: ack })
      bytes += ack.length
      this.pendingAcks = []
      if (this.ackTimer !== undefined) clearTimeout(this.ackTimer)
      this.ackTimer = undefined
    }
    const sent: PendingRequest[] = []
    while (this.queue.length > 0 && messages.length < MAX_CONTAINER_MESSAGES) {
      const request = this.queue[0]
      let body: Uint8Array
      try {
        const encoded = encodeTl(this.wrapForSending(request))
        body = FILE_PART_METHODS.has(request.method) ? encoded : packGzippedIfSmaller(encoded)
      } catch (error) {
        this.queue.shift()
        request.reject(error)
        continue
      }
      if (messages.length > 0 && bytes + body.length + 16 > MAX_CONTAINER_BYTES) break
      this.queue.shift()
      const msgId = this.msgIds.next()
      request.msgId = msgId
      request.containerId = undefined
      if (request.expectsAnswer) this.inFlight.set(msgId, request)
      else request.resolve(undefined)
      messages.push({ msgId, seqNo: this.seqNo.next(true), body })
      bytes += body.length + 16
      sent.push(request)
    }
    if (messages.length === 0) return

    let payload: InnerMessage
    if (messages.length === 1) payload = messages[0]
    else {
      // The container's own msg_id is the newest, after those of the messages inside it.
      payload = { msgId: this.msgIds.next(), seqNo: this.seqNo.next(false), body: encodeContainer(messages) }
      this.containers.set(payload.msgId, messages.map((m) => m.msgId))
      for (const request of sent) request.containerId = payload.msgId
    }
    const packet = sealMessage(this.authKey!, {
      salt: this.salts.current,
      sessionId: this.sessionId,
      msgId: payload.msgId,
      seqNo: payload.seqNo,
      body: payload.body,
    })
    try {
      transport.send(packet)
    } catch (error) {
      // The close handler requeues what was in flight.
      this.log('warn', `send on DC ${this.dcId} failed: ${(error as Error).message}`)
    }
    if (this.queue.length > 0) this.scheduleFlush()
  }

  /** Applies initConnection (first API call on a connection) and invokeAfterMsg (ordered batches). */
  private wrapForSending(request: PendingRequest): TlRequest {
    let body: TlRequest = request.request
    if (request.after?.msgId !== undefined && !request.after.settled) {
      body = { _: 'invokeAfterMsg', msg_id: request.after.msgId, query: body }
    }
    request.carriesInit = this.needsInit && !request.isServiceMethod
    if (request.carriesInit) {
      const init = this.options.init
      body = {
        _: 'invokeWithLayer',
        layer: this.options.layer,
        query: {
          _: 'initConnection',
          api_id: init.apiId,
          device_model: init.deviceModel,
          system_version: init.systemVersion,
          app_version: init.appVersion,
          system_lang_code: init.systemLangCode,
          lang_pack: init.langPack,
          lang_code: init.langCode,
          query: body,
        },
      }
    }
    return body
  }

  private requeue(requests: PendingRequest[]): void {
    if (requests.length === 0) return
    for (const request of requests) {
      if (request.msgId !== undefined) this.inFlight.delete(request.msgId)
      request.msgId = undefined
    }
    const live = requests.filter((r) => !r.settled && !this.queue.includes(r))
    this.queue.unshift(...live)
    this.scheduleFlush()
  }

  /** The requests a server notification about `msgId` concerns: one request, or a whole container. */
  private requestsFor(msgId: bigint): PendingRequest[] {
    const inner = this.containers.get(msgId)
    const ids = inner ?? [msgId]
    return ids.map((id) => this.inFlight.get(id)).filter((r): r is PendingRequest => r !== undefined)
  }

  private queueAck(msgId: bigint): void {
    this.pendingAcks.push(msgId)
    if (this.pendingAcks.length >= MAX_PENDING_ACKS) this.scheduleFlush()
    else this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined
      this.scheduleFlush()
    }, ACK_DELAY_MS)
  }

  private startPing(): void {
    const interval = this.pingInterval()
    if (interval === undefined) return
    this.pingTimer = setInterval(() => this.sendKeepAlive(), interval)
    this.pingTimer.unref?.()
  }

  private pingInterval(): number | undefined {
    const interval = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS
    return Number.isFinite(interval) && interval > 0 ? interval : undefined
  }

  /** A ping_delay_disconnect: keeps the connection alive, and tells the server which connection is ours. */
  private sendKeepAlive(): void {
    const interval = this.pingInterval() ?? DEFAULT_PING_INTERVAL_MS
    const pingId = randomBytes(8).readBigInt64LE(0)
    // The server closes the connection if no further ping arrives within disconnect_delay.
    const disconnectDelay = Math.ceil(interval / 1000) + 15
    this.invoke({ _: 'ping_delay_disconnect', ping_id: pingId, disconnect_delay: disconnectDelay }, { timeout: interval }).catch(
      (error: unknown) => {
        if (this.closed) return
        this.log('warn', `keep-alive ping on DC ${this.dcId} failed (${(error as Error).message}); reconnecting`)
        this.transport?.close()
      },
    )
  }

  private stopTimers(): void {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer)
    this.pingTimer = undefined
    if (this.ackTimer !== undefined) clearTimeout(this.ackTimer)
    this.ackTimer = undefined
  }

  private failAll(error: unknown): void {
    for (const request of this.queue) request.reject(error)
    this.queue = []
  }

  // ---- receiving ----

  private onPacket(transport: Transport, packet: Uint8Array): void {
    if (transport !== this.transport) return
    if (this.plainAnswer) {
      try {
        this.plainAnswer.resolve(unwrapPlainMessage(packet).body)
      } catch (error) {
        this.plainAnswer.reject(error)
      }
      return
    }
    if (!this.authKey) return
    try {
      const message = openMessage(this.authKey, packet)
      const rejection = this.filter.check(message.sessionId, this.sessionId, message.msgId, this.msgIds.serverNow())
      const proof = rejection && isClockRejection(rejection) ? this.freshnessProof(message.body) : undefined
      const admitted = proof === 'clock-correction' || (proof === 'answer' && rejection === 'msg-id-too-new' && this.aheadWithinServerTolerance(message.msgId))
      if (rejection && !admitted) throw new RejectedMessageError(rejection, `msg_id ${message.msgId}`)
      if (rejection) this.filter.admitInner(message.msgId)
      // The backoff restarts only once the server really answers: a server that accepts the TCP
      // connection and drops it at once must not get a reconnect loop without delays.
      this.reconnectAttempt = 0
      this.handleMessage(message.msgId, message.seqNo, message.body)
      // A 16/17 re-syncs the clock as it is handled; any other fresh answer carries the server's time in its id.
      if (proof === 'answer') this.resyncClock(message.msgId, [])
    } catch (error) {
      // Hostile or corrupt input never reaches the application, and never takes the session down.
      this.log('warn', `dropped a message from DC ${this.dcId}: ${(error as Error).message}`)
    }
  }

  /**
   * The server takes our ids up to 300 s old without a word (no 16): a server clock up to that far ahead of
   * our estimate shows only in its answers. Further ahead, it would have sent a 16 itself.
   */
  private aheadWithinServerTolerance(serverMsgId: bigint): boolean {
    return Number(serverMsgId >> 32n) - this.msgIds.serverNow() <= SERVER_MSG_ID_MAX_AGE_SECONDS
  }

  /**
   * Why a message outside the msg_id time window is still fresh, if it is: it answers or reports on a
   * request we are waiting for, which no replay can do. A bad_msg_notification 16/17 is how the server
   * corrects our clock; any other answer is how we learn that the server's clock moved by less than it
   * tolerates in our ids (it then raises no 16/17, and we would drop its answers forever).
   */
  private freshnessProof(body: Uint8Array): 'clock-correction' | 'answer' | undefined {
    try {
      const id = constructorIdOf(body)
      if (id === MSG_CONTAINER_ID) {
        const proofs = decodeContainer(body).map((inner) => this.freshnessProof(inner.body))
        return proofs.find((proof) => proof === 'clock-correction') ?? proofs.find((proof) => proof === 'answer')
      }
      if (id === RPC_RESULT_ID) return this.inFlight.has(decodeRpcResult(body).reqMsgId) ? 'answer' : undefined
      const object = decodeTl(body)
      let about: bigint
      switch (object._) {
        case 'bad_msg_notification':
          if (this.requestsFor(object.bad_msg_id as bigint).length === 0) return undefined
          return object.error_code === 16 || object.error_code === 17 ? 'clock-correction' : 'answer'
        case 'bad_server_salt':
          about = object.bad_msg_id as bigint
          break
        case 'pong':
          about = object.msg_id as bigint
          break
        case 'new_session_created':
          about = object.first_msg_id as bigint
          break
        default:
          return undefined
      }
      return this.requestsFor(about).length > 0 ? 'answer' : undefined
    } catch {
      return undefined
    }
  }

  private handleMessage(msgId: bigint, seqNo: number, body: Uint8Array): void {
    // Odd seq_no: content-related, so the server waits for our ack.
    if (seqNo & 1) this.queueAck(msgId)
    const id = constructorIdOf(body)
    if (id === MSG_CONTAINER_ID) {
      for (const inner of decodeContainer(body)) {
        if (!this.filter.admitInner(inner.msgId)) {
          this.log('warn', `dropped a duplicate message ${inner.msgId} inside a container from DC ${this.dcId}`)
          continue
        }
        this.handleMessage(inner.msgId, inner.seqNo, inner.body)
      }
      return
    }
    if (id === RPC_RESULT_ID) return this.handleRpcResult(body)
    // Everything else is a boxed object (the codec inflates gzip_packed on the way).
    this.handleServiceObject(msgId, decodeTl(body))
  }

  private handleRpcResult(body: Uint8Array): void {
    const { reqMsgId, result } = decodeRpcResult(body)
    const request = this.inFlight.get(reqMsgId)
    if (!request) {
      this.log('debug', `answer to unknown or abandoned msg_id ${reqMsgId} on DC ${this.dcId}`)
      return
    }
    this.inFlight.delete(reqMsgId)
    // The server has processed an initConnection: later requests on this connection need none.
    if (request.carriesInit) this.needsInit = false
    let value: unknown
    try {
      // An error answer is an rpc_error whatever the method returns; reading it as, say, a Bool would fail.
      value = constructorIdOf(result) === RPC_ERROR_ID ? decodeTl(result) : decodeTlResult(result, request.request)
    } catch (error) {
      // A result that does not decode as the method's declared type (TlResultTypeError) fails this request
      // alone: the envelope around it was sound, so the connection and the other requests carry on.
      this.log('warn', `DC ${this.dcId} answered ${request.method} with a result we refuse: ${(error as Error).message}`)
      request.reject(error)
      return
    }
    if (isRpcError(value)) request.reject(new RpcError(value.error_code, value.error_message, request.method))
    else request.resolve(value)
  }

  private handleServiceObject(msgId: bigint, object: { _: string; [field: string]: unknown }): void {
    switch (object._) {
      case 'pong': {
        const request = this.inFlight.get(object.msg_id as bigint)
        if (request) {
          this.inFlight.delete(object.msg_id as bigint)
          request.resolve(object)
        }
        return
      }
      case 'msgs_ack':
        // Receipt only: a request is done when its answer comes, and is resent if the connection drops first.
        return
      case 'bad_server_salt':
        this.salts.current = object.new_server_salt as bigint
        this.log('info', `DC ${this.dcId} changed the server salt; resending`)
        this.reportKeyState()
        this.requeue(this.requestsFor(object.bad_msg_id as bigint))
        return
      case 'bad_msg_notification':
        return this.handleBadMessage(msgId, object.bad_msg_id as bigint, object.error_code as number)
      case 'new_session_created': {
        this.salts.current = object.server_salt as bigint
        this.reportKeyState()
        // Requests sent before the server's session began were never seen by it.
        const firstMsgId = object.first_msg_id as bigint
        this.requeue([...this.inFlight.values()].filter((r) => r.msgId !== undefined && r.msgId < firstMsgId))
        this.options.onNewSession?.()
        return
      }
      case 'msg_detailed_info':
      case 'msg_new_detailed_info': {
        const answerId = object.answer_msg_id as bigint
        // Already have the answer: acknowledge it. Otherwise ask the server to send it again.
        if (this.filter.hasSeen(answerId)) this.queueAck(answerId)
        else this.enqueue({ _: 'msg_resend_req', msg_ids: [answerId] }, {}, undefined, false)
        return
      }
      case 'future_salts': {
        this.salts.addFuture(object.salts as { valid_since: number; valid_until: number; salt: bigint }[])
        const request = this.inFlight.get(object.req_msg_id as bigint)
        if (request) {
          this.inFlight.delete(object.req_msg_id as bigint)
          request.resolve(object)
        }
        return
      }
      case 'destroy_session_ok':
      case 'destroy_session_none':
      case 'msgs_state_req':
      case 'msgs_state_info':
      case 'msgs_all_info':
      case 'msg_resend_req':
        this.log('debug', `DC ${this.dcId} sent ${object._}`)
        return
      default:
        this.options.onUpdate?.(object)
    }
  }

  private handleBadMessage(serverMsgId: bigint, badMsgId: bigint, code: number): void {
    const affected = this.requestsFor(badMsgId)
    switch (code) {
      case 16:
      case 17:
        // Our clock is off: take the server's time from this very message's id, then resend.
        return this.resyncClock(serverMsgId, affected)
      case 32:
      case 33:
        this.seqNo.correct(code)
        this.requeue(affected)
        return
      default:
        for (const request of affected) {
          this.forget(request)
          request.reject(new BadMessageError(code, request.method))
        }
    }
  }

  /** Takes the server's time from one of its msg_ids, then sends `resend` again. */
  private resyncClock(serverMsgId: bigint, resend: PendingRequest[]): void {
    const wentBack = this.msgIds.syncWithServerMessageId(serverMsgId)
    this.reportKeyState()
    this.log('info', `DC ${this.dcId}: clock re-synced (offset ${this.msgIds.timeOffset} s)${wentBack ? '; new session' : ''}`)
    // Our ids may only go back under a new session id, as Telegram clients do: within one session they
    // must never repeat. The new session resends everything in flight (answers to the old one are dropped).
    if (wentBack) this.startNewSession()
    else this.requeue(resend)
  }

  private reportKeyState(): void {
    const state = this.keyState
    if (state) this.options.onKeyState?.(state)
  }

  private assertOpen(): void {
    if (this.closed) throw new SessionClosedError()
  }

  private log(level: LogLevel, message: string): void {
    this.options.logger?.(level, message)
  }
}

function randomSessionId(): bigint {
  return randomBytes(8).readBigInt64LE(0)
}

function isClockRejection(reason: string): boolean {
  return reason === 'msg-id-too-old' || reason === 'msg-id-too-new'
}

function isRpcError(value: unknown): value is { _: 'rpc_error'; error_code: number; error_message: string } {
  return typeof value === 'object' && value !== null && (value as { _?: unknown })._ === 'rpc_error'
}
