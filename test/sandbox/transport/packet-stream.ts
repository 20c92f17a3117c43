// One client connection as the sandbox sees it: identifies the transport, undoes obfuscation and framing, and
// exposes whole packets. Everything above (the sandbox's session layer) deals only in packets.

import { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'
import type { Cipher, Decipher } from 'node:crypto'
import { InboundStreamError } from './errors'
import { serverFraming, type SandboxTransport, type ServerFraming } from './framing'
import { identifyTransport, transportForTag } from './identify'
import { Inbox } from './inbox'
import { acceptObfuscatedInit } from './obfuscation'

export interface PacketStreamEvents {
  /** Emitted once the first bytes have told which transport the client speaks. */
  ready: []
  packet: [packet: Buffer]
  /** An InboundStreamError or a socket error; `close` follows. */
  error: [error: Error]
  close: []
}

export interface PacketStreamOptions {
  /** Largest packet accepted from a client. */
  maxPacketSize?: number
}

export const SANDBOX_MAX_PACKET_SIZE = 16 * 1024 * 1024

export class ServerPacketStream extends EventEmitter<PacketStreamEvents> {
  /** Known once `ready` fired. */
  transport: SandboxTransport | undefined
  obfuscated = false
  /** From the obfuscated init; undefined for plain transports. */
  dcId: number | undefined

  private readonly inbox = new Inbox()
  private readonly maxPacketSize: number
  private framing: ServerFraming | undefined
  private fromClient: Decipher | undefined
  private toClient: Cipher | undefined
  private closed = false

  constructor(
    readonly socket: Socket,
    options: PacketStreamOptions = {},
  ) {
    super()
    this.maxPacketSize = options.maxPacketSize ?? SANDBOX_MAX_PACKET_SIZE
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', (error) => this.finish(error))
    socket.on('close', () => {
      const truncated = this.framing !== undefined && this.inbox.size > 0
      this.finish(truncated ? new InboundStreamError('truncated', `${this.inbox.size} bytes of an unfinished packet`) : undefined)
    })
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`
  }

  send(packet: Uint8Array): void {
    if (this.closed || !this.framing) return
    this.write(this.framing.frame(Buffer.from(packet.buffer, packet.byteOffset, packet.length)))
  }

  /** Writes bytes outside any frame (still obfuscated when the stream is): only the misbehaving mode does this. */
  sendUnframed(bytes: Uint8Array): void {
    if (this.closed || !this.framing) return
    this.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
  }

  /** Sends a transport error (404, 429, ...) the way Telegram does: a packet holding the negative int32. */
  sendTransportError(code: number): void {
    const packet = Buffer.alloc(4)
    packet.writeInt32LE(-Math.abs(code))
    this.send(packet)
  }

  /** Closes after flushing what was sent. */
  close(): void {
    if (this.closed) return
    this.socket.end()
    this.finish(undefined)
  }

  private write(bytes: Buffer): void {
    this.socket.write(this.toClient ? this.toClient.update(bytes) : bytes)
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return
    try {
      this.inbox.append(this.fromClient ? this.fromClient.update(chunk) : chunk)
      if (!this.framing && !this.identify()) return
      for (;;) {
        const packet = this.framing!.unframe(this.inbox)
        if (packet === undefined) return
        this.emit('packet', packet)
        if (this.closed) return
      }
    } catch (error) {
      this.finish(error instanceof Error ? error : new Error(String(error)))
    }
  }

  /** Returns true once the framing is known and the opening bytes are consumed. */
  private identify(): boolean {
    const head = this.inbox.head(Math.min(this.inbox.size, 64))!
    const found = identifyTransport(head, this.maxPacketSize)
    if (found === undefined) return false
    if (found.plain) {
      this.inbox.shift(found.openingSize)
      this.start(found.transport)
      return true
    }
    if (this.inbox.size < 64) return false

    const accepted = acceptObfuscatedInit(this.inbox.shift(64))
    const transport = transportForTag(accepted.tag)
    if (!transport) throw new InboundStreamError('unknownProtocol', `obfuscated init with tag ${accepted.tag.toString('hex')}`)
    this.fromClient = accepted.fromClient
    this.toClient = accepted.toClient
    this.obfuscated = true
    this.dcId = accepted.dcId
    // Bytes that arrived with the init are still ciphertext: decrypt them now that the stream is known.
    const rest = this.inbox.takeAll()
    if (rest.length > 0) this.inbox.append(this.fromClient.update(rest))
    this.start(transport)
    return true
  }

  private start(transport: SandboxTransport): void {
    this.transport = transport
    this.framing = serverFraming(transport, this.maxPacketSize)
    this.emit('ready')
  }

  private finish(error: Error | undefined): void {
    if (this.closed) return
    this.closed = true
    if (error) {
      // A misbehaving client must never take the sandbox down, so an unobserved error is not rethrown.
      if (this.listenerCount('error') > 0) this.emit('error', error)
      this.socket.destroy()
    }
    this.emit('close')
  }
}
