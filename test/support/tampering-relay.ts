// A man-in-the-middle TCP relay for the intermediate transport without obfuscation. It forwards the client's bytes
// untouched and hands every server-to-client packet to a test-supplied function, which may pass it on, change it,
// drop it, or inject packets of its own: how tests prove that tampered input is dropped and never crashes the client.

import { connect, createServer, type Socket } from 'node:net'
import { listen, type TestProxy } from './socks5-proxy'

/** Decides what the client receives in place of `packet`: a list of packets (empty to drop it). */
export type PacketTamperer = (packet: Uint8Array, index: number) => Uint8Array[]

export interface TamperingRelay extends TestProxy {
  /** Replaced at any time; the default passes everything through. */
  tamper: PacketTamperer
  /** Every server-to-client packet seen so far, unmodified. */
  readonly seen: Uint8Array[]
  /** Sends a packet to the client on the most recent connection. */
  inject(packet: Uint8Array): void
  /** Cuts every open connection, as a network failure would. */
  dropConnections(): void
}

export async function startTamperingRelay(upstreamPort: number): Promise<TamperingRelay> {
  const sockets = new Set<Socket>()
  const clients: Socket[] = []
  let tunnels = 0
  const relay = {
    tamper: ((packet) => [packet]) as PacketTamperer,
    seen: [] as Uint8Array[],
    inject(packet: Uint8Array) {
      const client = clients.at(-1)
      if (client && !client.destroyed) client.write(frame(packet))
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy()
    },
  }
  const server = createServer((client) => {
    tunnels++
    clients.push(client)
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk))
    // Server to client: intermediate framing is a 4-byte little-endian length, then the packet.
    let buffered = Buffer.alloc(0)
    upstream.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      while (buffered.length >= 4) {
        const length = buffered.readUInt32LE(0)
        if (buffered.length < 4 + length) break
        const packet = new Uint8Array(buffered.subarray(4, 4 + length))
        buffered = buffered.subarray(4 + length)
        relay.seen.push(packet.slice())
        for (const out of relay.tamper(packet, relay.seen.length - 1)) client.write(frame(out))
      }
    })
  })
  const proxy = await listen(server, sockets, () => tunnels)
  return Object.defineProperties(relay, {
    port: { get: () => proxy.port },
    tunnels: { get: () => proxy.tunnels },
    close: { value: () => proxy.close() },
  }) as TamperingRelay
}

function frame(packet: Uint8Array): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt32LE(packet.length)
  return Buffer.concat([header, packet])
}
