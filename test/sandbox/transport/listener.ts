// A TCP listener handing each accepted client to the sandbox as a ServerPacketStream.

import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { ServerPacketStream, type PacketStreamOptions } from './packet-stream'

export interface TransportListener {
  readonly port: number
  readonly server: Server
  /** Stops accepting and drops every open client. */
  close(): Promise<void>
}

export interface ListenOptions extends PacketStreamOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  onStream: (stream: ServerPacketStream) => void
}

export function listenTransport(options: ListenOptions): Promise<TransportListener> {
  const sockets = new Set<import('node:net').Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    // A stream that fails reports through its own 'error' event; this keeps a late socket error from crashing.
    socket.on('error', () => {})
    options.onStream(new ServerPacketStream(socket, options))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve({
        port: (server.address() as AddressInfo).port,
        server,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
