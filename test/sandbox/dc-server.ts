// One sandbox DC: a TCP listener whose connections carry unencrypted handshake messages and encrypted session
// messages. Transport detection and framing live in transport/, the protocol in handshake/ and session/.
import type { SandboxRuntime } from './control/runtime'
import { HandshakeServer } from './handshake/handshake'
import { FRAMING_MISBEHAVIORS } from './control/misbehavior'
import { oversizedFrameHeader } from './transport/framing'
import { listenTransport, type TransportListener } from './transport/listener'
import type { ServerPacketStream } from './transport/packet-stream'
import { readAuthKeyId } from './session/envelope'
import { SessionEngine, type ClientLink } from './session/engine'
import { decodeObject, encodeObject } from './tl'
import { ServerMsgIds } from './session/message-ids'
import type { World } from './world'

/** SANDBOX_DEBUG=1 prints why messages were refused or dropped; the sandbox is silent otherwise. */
const debug = process.env.SANDBOX_DEBUG ? (line: string) => console.error(`[sandbox] ${line}`) : () => {}

export interface DcServer {
  readonly id: number
  readonly port: number
  /** Closes every client connection now (the listener stays open); returns how many there were. */
  dropConnections(): number
  close(): Promise<void>
}

export async function startDc(world: World, id: number, host: string, port: number, runtime: SandboxRuntime): Promise<DcServer> {
  const engine = new SessionEngine(world, id, runtime)
  const connections = new Set<DcConnection>()
  const listener: TransportListener = await listenTransport({
    host,
    port,
    onStream: (stream) => {
      const connection = new DcConnection(world, runtime, id, engine, stream)
      connections.add(connection)
      stream.on('close', () => {
        connection.dispose()
        connections.delete(connection)
        runtime.liveSessions.connectionClosed(connection)
      })
    },
  })
  return {
    id,
    port: listener.port,
    dropConnections: () => {
      const count = connections.size
      for (const connection of connections) connection.drop()
      return count
    },
    close: async () => {
      for (const connection of connections) connection.dispose()
      await listener.close()
    },
  }
}

/** One client connection: routes each packet to the handshake or to the session engine. */
class DcConnection implements ClientLink {
  private readonly handshake: HandshakeServer
  private readonly plainMsgIds: ServerMsgIds
  private disconnectTimer: NodeJS.Timeout | undefined

  constructor(
    world: World,
    private readonly runtime: SandboxRuntime,
    private readonly dcId: number,
    private readonly engine: SessionEngine,
    private readonly stream: ServerPacketStream,
  ) {
    const faults = world.faults
    this.handshake = new HandshakeServer({
      dcId,
      keys: world.keys,
      fingerprint: world.fingerprint,
      authKeys: world.authKeys,
      nowSeconds: () => world.clock.nowSeconds(),
      misbehavior: runtime.misbehavior,
      get forcedRetries() {
        return faults.dhGenRetries
      },
      set forcedRetries(value) {
        faults.dhGenRetries = value ?? 0
      },
    })
    this.plainMsgIds = new ServerMsgIds(() => world.clock.nowMs())
    stream.on('packet', (packet) => this.onPacket(packet))
    // Transport-level failures (garbage, oversized frames) close the stream; nothing else to do here.
    stream.on('error', (error) => debug(`dc ${dcId} ${stream.remoteAddress}: ${error.message}`))
  }

  onDropped(reason: string): void {
    debug(`dropped a message from ${this.stream.remoteAddress}: ${reason}`)
  }

  send(packet: Uint8Array): void {
    // The misbehaving mode puts an impossible length prefix where this encrypted packet would have gone.
    if (this.stream.transport && this.runtime.misbehavior.take(FRAMING_MISBEHAVIORS)) {
      return this.stream.sendUnframed(oversizedFrameHeader(this.stream.transport))
    }
    this.stream.send(packet)
  }

  sendTransportError(code: number): void {
    this.stream.sendTransportError(code)
  }

  close(): void {
    this.stream.close()
  }

  closeAfter(seconds: number): void {
    clearTimeout(this.disconnectTimer)
    this.disconnectTimer = setTimeout(() => this.close(), Math.max(seconds, 0) * 1000)
    this.disconnectTimer.unref()
  }

  dispose(): void {
    clearTimeout(this.disconnectTimer)
  }

  /** A dropped connection, as a network failure looks to the client: the socket goes away, nothing is flushed. */
  drop(): void {
    this.stream.socket.destroy()
  }

  private onPacket(packet: Uint8Array): void {
    // The packet that trips the fault is lost with the connection, as if it never arrived.
    if (this.runtime.faults.onPacket(this.dcId)) return this.drop()
    if (packet.length >= 8 && readAuthKeyId(packet) !== 0n) return this.engine.receive(this, packet)
    this.onPlainMessage(packet)
  }

  /** Unencrypted message: auth_key_id = 0, msg_id, length, body (used only by the handshake). */
  private onPlainMessage(packet: Uint8Array): void {
    const view = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength)
    const length = packet.length >= 20 ? view.readInt32LE(16) : -1
    if (length < 0 || 20 + length > packet.length) return this.abort()
    let outcome
    try {
      outcome = this.handshake.handle(decodeObject(packet.subarray(20, 20 + length)))
    } catch {
      return this.abort()
    }
    if (outcome.kind === 'abort') return this.abort()
    const body = encodeObject(outcome.answer)
    const reply = Buffer.alloc(20 + body.length)
    reply.writeBigInt64LE(this.plainMsgIds.next('response'), 8)
    reply.writeInt32LE(body.length, 16)
    reply.set(body, 20)
    // Straight to the stream: the framing misbehavior is meant for encrypted packets only.
    this.stream.send(reply)
  }

  /** Telegram answers a handshake it will not continue with transport error -404 and closes. */
  private abort(): void {
    this.sendTransportError(404)
    this.close()
  }
}
