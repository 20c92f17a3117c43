// A TCP relay that re-splits the bytes it forwards, in both directions, at random points and writes each piece
// separately, so that both ends' decoders see packet boundaries fall anywhere.

import { connect, createServer, type Socket } from 'node:net'
import { listen, type TestProxy } from './socks5-proxy'

export async function startRechunkingRelay(upstreamPort: number, random: () => number = Math.random): Promise<TestProxy> {
  const sockets = new Set<Socket>()
  let tunnels = 0
  const server = createServer((client) => {
    tunnels++
    const upstream = connect({ host: '127.0.0.1', port: upstreamPort })
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.setNoDelay(true)
      socket.on('error', () => {})
      socket.on('close', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    forward(client, upstream, random)
    forward(upstream, client, random)
  })
  return listen(server, sockets, () => tunnels)
}

function forward(from: Socket, to: Socket, random: () => number): void {
  // Pieces are queued so that order is kept while each one waits for its own turn of the event loop.
  let queue = Promise.resolve()
  from.on('data', (chunk: Buffer) => {
    const pieces: Buffer[] = []
    for (let offset = 0; offset < chunk.length; ) {
      const size = 1 + Math.floor(random() * Math.min(chunk.length - offset, 97))
      pieces.push(chunk.subarray(offset, offset + size))
      offset += size
    }
    queue = queue.then(async () => {
      for (const piece of pieces) {
        if (to.destroyed) return
        to.write(piece)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })
  })
}
