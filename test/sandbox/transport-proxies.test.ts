// Our client through SOCKS5, HTTP CONNECT and MTProxy (plain, dd and fake-TLS secrets) to the sandbox.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Connection, ProxyError, type ConnectionOptions, type TransportKind } from '../../extension/mtproto/transport'
import { startEchoServer, type EchoServer } from '../support/transport-echo-server'
import { startHttpConnectProxy } from '../support/http-connect-proxy'
import { startMtProxyServer } from '../support/mtproxy-server'
import { startSocks5Proxy } from '../support/socks5-proxy'

const credentials = { username: 'workbench', password: 's3cret:with colon' }

async function echoesThrough(options: ConnectionOptions): Promise<Connection> {
  const connection = new Connection({ connectTimeoutMs: 5000, ...options })
  await connection.connect()
  const payloads = Array.from({ length: 5 }, (_, i) => randomBytes(24 + 4 * i * 300))
  const received: Uint8Array[] = []
  await new Promise<void>((resolve, reject) => {
    connection.on('packet', (packet) => {
      received.push(packet)
      if (received.length === payloads.length) resolve()
    })
    connection.on('error', reject)
    for (const payload of payloads) connection.send(payload)
  })
  received.forEach((packet, i) => assert.deepEqual(Buffer.from(packet.subarray(0, payloads[i]!.length)), payloads[i]))
  connection.close()
  return connection
}

describe('client through proxies', () => {
  let echo: EchoServer
  before(async () => (echo = await startEchoServer()))
  after(() => echo.close())

  for (const auth of [undefined, credentials]) {
    const suffix = auth ? ' with username and password' : ' without authentication'

    it(`SOCKS5${suffix}: reaches the sandbox through the tunnel`, async () => {
      const proxy = await startSocks5Proxy(auth)
      try {
        await echoesThrough({ host: '127.0.0.1', port: echo.port, transport: 'intermediate', obfuscated: true, proxy: { type: 'socks5', host: '127.0.0.1', port: proxy.port, ...auth } })
        assert.equal(proxy.tunnels, 1)
      } finally {
        await proxy.close()
      }
    })

    it(`HTTP CONNECT${suffix}: reaches the sandbox through the tunnel`, async () => {
      const proxy = await startHttpConnectProxy(auth)
      try {
        await echoesThrough({ host: '127.0.0.1', port: echo.port, transport: 'full', proxy: { type: 'http', host: '127.0.0.1', port: proxy.port, ...auth } })
        assert.equal(proxy.tunnels, 1)
      } finally {
        await proxy.close()
      }
    })
  }

  it('SOCKS5: a wrong password fails the connect with ProxyError', async () => {
    const proxy = await startSocks5Proxy(credentials)
    try {
      const connection = new Connection({ host: '127.0.0.1', port: echo.port, proxy: { type: 'socks5', host: '127.0.0.1', port: proxy.port, username: 'workbench', password: 'wrong' } })
      await assert.rejects(connection.connect(), ProxyError)
    } finally {
      await proxy.close()
    }
  })

  it('SOCKS5: a proxy that requires credentials we lack fails with ProxyError', async () => {
    const proxy = await startSocks5Proxy(credentials)
    try {
      await assert.rejects(new Connection({ host: '127.0.0.1', port: echo.port, proxy: { type: 'socks5', host: '127.0.0.1', port: proxy.port } }).connect(), ProxyError)
    } finally {
      await proxy.close()
    }
  })

  it('HTTP CONNECT: a 407 answer fails the connect with ProxyError', async () => {
    const proxy = await startHttpConnectProxy(credentials)
    try {
      await assert.rejects(new Connection({ host: '127.0.0.1', port: echo.port, proxy: { type: 'http', host: '127.0.0.1', port: proxy.port } }).connect(), /407/)
    } finally {
      await proxy.close()
    }
  })

  const key = randomBytes(16)

  for (const kind of ['abridged', 'intermediate', 'paddedIntermediate'] as TransportKind[]) {
    it(`MTProxy with a plain secret: ${kind} reaches the sandbox, and the proxy reads our DC id`, async () => {
      const proxy = await startMtProxyServer({ upstreamPort: echo.port, key, mode: 'plain' })
      try {
        await echoesThrough({ host: 'ignored', port: 0, dcId: 2, transport: kind, proxy: { type: 'mtproxy', host: '127.0.0.1', port: proxy.port, secret: key.toString('hex') } })
        assert.deepEqual(proxy.dcIds, [2])
        assert.equal(echo.streams.at(-1)!.transport, kind)
      } finally {
        await proxy.close()
      }
    })
  }

  it('MTProxy with a dd secret: switches to padded intermediate whatever was asked', async () => {
    const proxy = await startMtProxyServer({ upstreamPort: echo.port, key, mode: 'padded' })
    try {
      await echoesThrough({ host: 'ignored', port: 0, dcId: -4, transport: 'abridged', proxy: { type: 'mtproxy', host: '127.0.0.1', port: proxy.port, secret: 'dd' + key.toString('hex') } })
      assert.deepEqual(proxy.dcIds, [-4])
      assert.equal(echo.streams.at(-1)!.transport, 'paddedIntermediate')
    } finally {
      await proxy.close()
    }
  })

  it('MTProxy with an ee secret: completes the fake-TLS handshake and tunnels through TLS records', async () => {
    const proxy = await startMtProxyServer({ upstreamPort: echo.port, key, mode: 'fakeTls', domain: 'cdn.example.org' })
    try {
      const secret = Buffer.concat([Buffer.of(0xee), key, Buffer.from('cdn.example.org')]).toString('hex')
      await echoesThrough({ host: 'ignored', port: 0, dcId: 1, proxy: { type: 'mtproxy', host: '127.0.0.1', port: proxy.port, secret } })
      assert.deepEqual(proxy.rejections, [])
      assert.equal(echo.streams.at(-1)!.transport, 'paddedIntermediate')
    } finally {
      await proxy.close()
    }
  })

  it('MTProxy with an ee secret: a proxy that does not know the secret is refused', async () => {
    // The proxy signs its ServerHello with another key, so the HMAC we check cannot match.
    const proxy = await startMtProxyServer({ upstreamPort: echo.port, key: randomBytes(16), mode: 'fakeTls', domain: 'cdn.example.org', acceptAnyClient: true })
    try {
      const secret = Buffer.concat([Buffer.of(0xee), key, Buffer.from('cdn.example.org')])
      await assert.rejects(new Connection({ host: 'ignored', port: 0, dcId: 1, proxy: { type: 'mtproxy', host: '127.0.0.1', port: proxy.port, secret } }).connect(), /does not know the secret/)
    } finally {
      await proxy.close()
    }
  })

  it('MTProxy with an ee secret: the proxy turns away a ClientHello signed with the wrong key', async () => {
    const proxy = await startMtProxyServer({ upstreamPort: echo.port, key, mode: 'fakeTls', domain: 'cdn.example.org' })
    try {
      const secret = Buffer.concat([Buffer.of(0xee), randomBytes(16), Buffer.from('cdn.example.org')])
      await assert.rejects(new Connection({ host: 'ignored', port: 0, dcId: 1, proxy: { type: 'mtproxy', host: '127.0.0.1', port: proxy.port, secret } }).connect())
      assert.match(proxy.rejections[0] ?? '', /HMAC mismatch/)
    } finally {
      await proxy.close()
    }
  })
})
