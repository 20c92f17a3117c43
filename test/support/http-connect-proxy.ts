// A minimal HTTP CONNECT proxy for tests, with optional Basic authentication.

import { connect, createServer, type Socket } from 'node:net'
import { listen, reader, type TestProxy } from './socks5-proxy'

export async function startHttpConnectProxy(credentials?: { username: string; password: string }): Promise<TestProxy> {
  let tunnels = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    const read = reader(client)
    void (async () => {
      let head = ''
      while (!head.endsWith('\r\n\r\n')) head += (await read(1)).toString('latin1')
      const [requestLine = '', ...headers] = head.trimEnd().split('\r\n')
      const target = /^CONNECT (\S+):(\d+) HTTP\/1\.1$/.exec(requestLine)
      if (!target) return client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n')
      if (credentials) {
        const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
        if (!headers.some((line) => line.toLowerCase() === `proxy-authorization: ${expected.toLowerCase()}`)) {
          return client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n')
        }
      }
      const upstream = connect({ host: target[1]!.replace(/^\[|\]$/g, ''), port: Number(target[2]) })
      upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'))
      upstream.once('connect', () => {
        tunnels++
        sockets.add(upstream)
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        const rest = read.rest()
        if (rest.length > 0) upstream.write(rest)
        client.pipe(upstream)
        upstream.pipe(client)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
      })
    })().catch(() => client.destroy())
  })
  return listen(server, sockets, () => tunnels)
}
