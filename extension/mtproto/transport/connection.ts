// A connection to one MTProto endpoint: TCP (directly or through a proxy), then optional fake TLS, optional
// obfuscation and a framing, so that callers send and receive whole MTProto packets and nothing else.

import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import type { PacketCodec, TransportKind } from './codec'
import { ConnectionClosedError, ConnectTimeoutError, FramingError } from './errors'
import { fakeTlsHandshake, tlsRecordLayer, type TlsRecordLayer } from './fake-tls'
import { createCodec, obfuscatedTag, plainOpening } from './framing'
import { httpConnect, type HttpProxy } from './http-connect'
import { mtProxyRoute, type MtProxy } from './mtproxy'
import { createObfuscation, type Obfuscation } from './obfuscation'
import { socks5Connect, type Socks5Proxy } from './socks5'
import { openTcp } from './tcp'

export type ProxyConfig = Socks5Proxy | HttpProxy | MtProxy

export interface ConnectionOptions {
  /** The DC's address. Through MTProxy it is not dialled: the proxy routes by `dcId`. */
  host: string
  port: number
  /** Defaults to intermediate. */
  transport?: TransportKind
  /** Wrap the stream in transport obfuscation (not available for the full transport). Always on for MTProxy. */
  obfuscated?: boolean
  /** Written into the obfuscated init; required by MTProxy. Test DCs add 10000, media-only DCs are negative. */
  dcId?: number
  proxy?: ProxyConfig
  /** Covers TCP connect plus any proxy handshake. Defaults to 10 s. */
  connectTimeoutMs?: number
  maxPacketSize?: number
}

export interface TransportEvents {
  /** One whole MTProto packet (for padded intermediate, with its 0-15 padding bytes still attached). */
  packet: [packet: Uint8Array]
  /** A TransportError, FramingError or socket error; `close` always follows. */
  error: [error: Error]
  /** Emitted once, whoever closed the connection. */
  close: []
}

/** What the session engine talks to: packets in, packets out. */
export interface Transport {
  connect(signal?: AbortSignal): Promise<void>
  send(packet: Uint8Array): void
  close(): void
  readonly connected: boolean
  on<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this
  off<E extends keyof TransportEvents>(event: E, listener: (...args: TransportEvents[E]) => void): this
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

export class Connection extends EventEmitter<TransportEvents> implements Transport {
  private socket: Socket | undefined
  private codec: PacketCodec | undefined
  private obfuscation: Obfuscation | undefined
  private tls: TlsRecordLayer | undefined
  /** Opening bytes (plain tag or obfuscated init), sent together with the first packet. */
  private opening: Uint8Array | undefined
  private state: 'idle' | 'connecting' | 'open' | 'closed' = 'idle'

  constructor(private readonly options: ConnectionOptions) {
    super()
  }

  get connected(): boolean {
    return this.state === 'open'
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.state !== 'idle') throw new Error(`connect() called on a ${this.state} connection`)
    this.state = 'connecting'
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(new ConnectTimeoutError(timeoutMs)), timeoutMs)
    const onCallerAbort = (): void => abort.abort(signal?.reason)
    signal?.addEventListener('abort', onCallerAbort, { once: true })
    if (signal?.aborted) onCallerAbort()

    let socket: Socket | undefined
    try {
      const { proxy } = this.options
      const [dialHost, dialPort] = proxy ? [proxy.host, proxy.port] : [this.options.host, this.options.port]
      socket = await openTcp(dialHost, dialPort, abort.signal)
      const leftover = await this.abortable(this.handshake(socket), socket, abort.signal)
      this.attach(socket, leftover)
    } catch (error) {
      socket?.destroy()
      this.state = 'closed'
      throw abort.signal.aborted ? abort.signal.reason : error
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  send(packet: Uint8Array): void {
    if (this.state !== 'open' || !this.socket || !this.codec) throw new ConnectionClosedError('the connection is not open')
    let bytes = this.codec.encode(packet)
    if (this.obfuscation) bytes = this.obfuscation.encrypt(bytes)
    if (this.opening) {
      bytes = Buffer.concat([this.opening, bytes])
      this.opening = undefined
    }
    if (this.tls) bytes = this.tls.wrap(bytes)
    this.socket.write(bytes)
  }

  close(): void {
    this.shutdown(undefined)
  }

  /** Runs the proxy handshake, if any, and sets up the byte layers. Returns bytes received past the handshake. */
  private async handshake(socket: Socket): Promise<Uint8Array> {
    const { proxy, host, port, dcId, maxPacketSize } = this.options
    let kind = this.options.transport ?? 'intermediate'
    let obfuscated = this.options.obfuscated ?? false
    let proxySecret: Uint8Array | undefined
    let leftover: Uint8Array = new Uint8Array(0)

    if (proxy?.type === 'socks5') leftover = await socks5Connect(socket, proxy, host, port)
    else if (proxy?.type === 'http') leftover = await httpConnect(socket, proxy, host, port)
    else if (proxy?.type === 'mtproxy') {
      if (dcId === undefined) throw new RangeError('MTProxy routes by DC id: set dcId')
      const route = mtProxyRoute(proxy, kind)
      kind = route.kind
      obfuscated = true
      proxySecret = route.obfuscationSecret
      if (route.fakeTls) {
        leftover = await fakeTlsHandshake(socket, route.fakeTls)
        this.tls = tlsRecordLayer()
      }
    }

    this.codec = createCodec(kind, { maxPacketSize })
    if (obfuscated) {
      this.obfuscation = createObfuscation(obfuscatedTag(kind), { dcId, proxySecret })
      this.opening = this.obfuscation.init
    } else {
      this.opening = plainOpening(kind)
    }
    return leftover
  }

  private attach(socket: Socket, leftover: Uint8Array): void {
    this.socket = socket
    this.state = 'open'
    socket.setNoDelay(true)
    socket.on('data', (chunk) => this.receive(chunk))
    socket.on('error', (error) => this.shutdown(error))
    socket.on('close', () => {
      const cutShort = (this.codec?.pending ?? 0) > 0
      this.shutdown(cutShort ? new FramingError('the stream ended in the middle of a packet') : undefined)
    })
    if (leftover.length > 0) this.receive(leftover)
  }

  private receive(chunk: Uint8Array): void {
    if (this.state !== 'open' || !this.codec) return
    try {
      let bytes = chunk
      if (this.tls) bytes = this.tls.unwrap(bytes)
      if (this.obfuscation) bytes = this.obfuscation.decrypt(bytes)
      for (const packet of this.codec.decode(bytes)) {
        this.emit('packet', packet)
        if (this.state !== 'open') return
      }
    } catch (error) {
      this.shutdown(error instanceof Error ? error : new Error(String(error)))
    }
  }

  private shutdown(error: Error | undefined): void {
    if (this.state === 'closed') return
    const wasOpen = this.state === 'open'
    this.state = 'closed'
    this.socket?.destroy()
    if (!wasOpen) return
    if (error) this.emit('error', error)
    this.emit('close')
  }

  private abortable<T>(work: Promise<T>, socket: Socket, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        socket.destroy()
        reject(signal.reason)
      }
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
    })
  }
}
