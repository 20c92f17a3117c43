// Our client transports against the sandbox's independent server side, over real TCP on 127.0.0.1.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  Connection,
  ConnectTimeoutError,
  createCodec,
  createObfuscation,
  FramingError,
  obfuscatedTag,
  TransportError,
  type ConnectionOptions,
  type TransportKind,
} from '../../extension/mtproto/transport'
import { InboundStreamError } from './transport/errors'
import { listenTransport } from './transport/listener'
import type { ServerPacketStream } from './transport/packet-stream'
import { startBlackholeListener } from '../support/blackhole-listener'
import { startEchoServer, type EchoServer } from '../support/transport-echo-server'
import { startRechunkingRelay } from '../support/rechunking-relay'
import type { TestProxy } from '../support/socks5-proxy'

const VARIANTS: { kind: TransportKind; obfuscated: boolean }[] = [
  { kind: 'abridged', obfuscated: false },
  { kind: 'abridged', obfuscated: true },
  { kind: 'intermediate', obfuscated: false },
  { kind: 'intermediate', obfuscated: true },
  { kind: 'paddedIntermediate', obfuscated: false },
  { kind: 'paddedIntermediate', obfuscated: true },
  { kind: 'full', obfuscated: false }, // the full transport has no obfuscated form (see framing.ts)
]

/** MTProto-shaped payloads: word-aligned, at least 24 bytes, some beyond abridged's one-byte length. */
function randomPayloads(count: number): Buffer[] {
  return Array.from({ length: count }, () => randomBytes(4 * (6 + Math.floor(Math.random() * 1500))))
}

/** Connects, sends every payload, and resolves with the packets received once as many came back. */
async function echoRoundTrip(options: ConnectionOptions, payloads: Buffer[]): Promise<Uint8Array[]> {
  const connection = new Connection({ connectTimeoutMs: 5000, ...options })
  await connection.connect()
  const received: Uint8Array[] = []
  const done = new Promise<void>((resolve, reject) => {
    connection.on('packet', (packet) => {
      received.push(packet)
      if (received.length === payloads.length) resolve()
    })
    connection.on('error', reject)
  })
  for (const payload of payloads) connection.send(payload)
  await done
  connection.close()
  return received
}

function assertEchoed(kind: TransportKind, received: Uint8Array[], sent: Buffer[]): void {
  assert.equal(received.length, sent.length)
  received.forEach((packet, i) => {
    const expected = sent[i]!
    // Padded intermediate pads each hop (0-15 bytes) and hands the padding on, so an echo grows by up to 30.
    const extra = packet.length - expected.length
    assert.ok(extra === 0 || (kind === 'paddedIntermediate' && extra > 0 && extra <= 30), `packet ${i}: ${extra} extra bytes`)
    assert.deepEqual(Buffer.from(packet.subarray(0, expected.length)), expected)
  })
}

function label(variant: { kind: TransportKind; obfuscated: boolean }): string {
  return `${variant.kind}${variant.obfuscated ? ' (obfuscated)' : ''}`
}

describe('client transports against the sandbox', () => {
  let echo: EchoServer
  let relay: TestProxy

  before(async () => {
    echo = await startEchoServer()
    relay = await startRechunkingRelay(echo.port)
  })
  after(async () => {
    await relay.close()
    await echo.close()
  })

  for (const variant of VARIANTS) {
    it(`${label(variant)}: the sandbox identifies the transport and echoes random packets`, async () => {
      const payloads = randomPayloads(20)
      const received = await echoRoundTrip({ host: '127.0.0.1', port: echo.port, transport: variant.kind, obfuscated: variant.obfuscated, dcId: 3 }, payloads)
      assertEchoed(variant.kind, received, payloads)
      const stream = echo.streams.at(-1)!
      assert.equal(stream.transport, variant.kind)
      assert.equal(stream.obfuscated, variant.obfuscated)
      if (variant.obfuscated) assert.equal(stream.dcId, 3)
    })

    it(`${label(variant)}: survives packet boundaries falling anywhere in both directions`, async () => {
      const payloads = randomPayloads(12)
      const received = await echoRoundTrip({ host: '127.0.0.1', port: relay.port, transport: variant.kind, obfuscated: variant.obfuscated }, payloads)
      assertEchoed(variant.kind, received, payloads)
    })
  }

  it('the server decodes our client codec’s bytes written one at a time', async () => {
    const socket = connect({ host: '127.0.0.1', port: echo.port })
    await once(socket, 'connect')
    const obfuscation = createObfuscation(obfuscatedTag('abridged'))
    const codec = createCodec('abridged')
    const payloads = randomPayloads(3)
    const stream = Buffer.concat([obfuscation.init, obfuscation.encrypt(Buffer.concat(payloads.map((p) => codec.encode(p))))])
    const replies: Uint8Array[] = []
    const allEchoed = new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        replies.push(...codec.decode(obfuscation.decrypt(chunk)))
        if (replies.length === payloads.length) resolve()
      })
      socket.on('close', () => reject(new Error('the sandbox closed the connection')))
    })
    for (const byte of stream.subarray(0, 200)) {
      socket.write(Uint8Array.of(byte))
      await new Promise((resolve) => setImmediate(resolve))
    }
    socket.write(stream.subarray(200))
    await allEchoed
    assertEchoed('abridged', replies, payloads)
    socket.destroy()
  })
})

describe('transport errors and hostile peers', () => {
  it('every transport surfaces a sandbox transport error as TransportError, then closes', async () => {
    const listener = await listenTransport({ onStream: (stream) => stream.on('packet', () => stream.sendTransportError(404)) })
    try {
      for (const variant of VARIANTS) {
        const connection = new Connection({ host: '127.0.0.1', port: listener.port, transport: variant.kind, obfuscated: variant.obfuscated })
        await connection.connect()
        const failed = once(connection, 'error')
        const closed = new Promise<void>((resolve) => connection.once('close', () => resolve())) // events.once would reject on 'error'
        connection.send(randomBytes(32))
        const [error] = await failed
        assert.ok(error instanceof TransportError, label(variant))
        assert.equal(error.code, 404)
        await closed
        assert.equal(connection.connected, false)
      }
    } finally {
      await listener.close()
    }
  })

  async function rawServer(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
    const server = createServer(onSocket)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return { server, port: (server.address() as AddressInfo).port }
  }

  it('the client rejects an oversized length prefix with FramingError and closes, without waiting for the body', async () => {
    const { server, port } = await rawServer((socket) => socket.once('data', () => socket.write(Buffer.from('ffffff7f', 'hex'))))
    const connection = new Connection({ host: '127.0.0.1', port, transport: 'intermediate', maxPacketSize: 1 << 20 })
    await connection.connect()
    const failed = once(connection, 'error')
    const closed = new Promise<void>((resolve) => connection.once('close', () => resolve())) // events.once would reject on 'error'
    connection.send(randomBytes(32))
    const [error] = await failed
    assert.ok(error instanceof FramingError)
    await closed
    server.close()
  })

  it('the client reports a stream cut mid-packet as FramingError', async () => {
    const { server, port } = await rawServer((socket) => socket.once('data', () => socket.end(Buffer.from('4000000001020304', 'hex'))))
    const connection = new Connection({ host: '127.0.0.1', port, transport: 'intermediate' })
    await connection.connect()
    const failed = once(connection, 'error')
    connection.send(randomBytes(32))
    const [error] = await failed
    assert.ok(error instanceof FramingError)
    assert.match(error.message, /middle of a packet/)
    server.close()
  })

  async function sandboxFault(bytes: Buffer, end: boolean): Promise<{ error: Error | undefined; stream: ServerPacketStream }> {
    let resolveStream: (stream: ServerPacketStream) => void
    const streamReady = new Promise<ServerPacketStream>((resolve) => (resolveStream = resolve))
    let error: Error | undefined
    const listener = await listenTransport({
      maxPacketSize: 1 << 20,
      onStream: (stream) => {
        stream.on('error', (e) => (error = e))
        resolveStream(stream)
      },
    })
    const socket = connect({ host: '127.0.0.1', port: listener.port })
    socket.on('error', () => {})
    await once(socket, 'connect')
    socket.write(bytes)
    if (end) socket.end()
    const stream = await streamReady
    await new Promise<void>((resolve) => stream.once('close', () => resolve()))
    await listener.close()
    return { error, stream }
  }

  it('the sandbox drops a garbage obfuscated init with unknownProtocol', async () => {
    const garbage = randomBytes(64)
    garbage[0] = 0x01
    garbage[4] = 0x01
    const { error } = await sandboxFault(garbage, false)
    assert.ok(error instanceof InboundStreamError)
    assert.equal(error.reason, 'unknownProtocol')
  })

  it('the sandbox rejects an oversized length prefix before the body arrives', async () => {
    const { error } = await sandboxFault(Buffer.from('eeeeeeee' + 'ffffff7f', 'hex'), false)
    assert.ok(error instanceof InboundStreamError)
    assert.equal(error.reason, 'oversizedPacket')
  })

  it('the sandbox reports a client that closes mid-packet as truncated', async () => {
    const { error } = await sandboxFault(Buffer.from('ef' + '10' + '0102', 'hex'), true)
    assert.ok(error instanceof InboundStreamError)
    assert.equal(error.reason, 'truncated')
  })

  it('the sandbox rejects a full-transport frame with a bad checksum', async () => {
    const frame = Buffer.from(createCodec('full').encode(randomBytes(32)))
    frame[12]! ^= 0xff
    const { error } = await sandboxFault(frame, false)
    assert.ok(error instanceof InboundStreamError)
    assert.equal(error.reason, 'badChecksum')
  })
})

describe('connect timeout', () => {
  it('gives up on a port that never completes the handshake with ConnectTimeoutError', async () => {
    const blackhole = await startBlackholeListener()
    try {
      const connection = new Connection({ host: '127.0.0.1', port: blackhole.port, connectTimeoutMs: 300 })
      await assert.rejects(connection.connect(), ConnectTimeoutError)
      assert.equal(connection.connected, false)
    } finally {
      blackhole.close()
    }
  })

  it('stops at the caller’s abort signal too', async () => {
    const blackhole = await startBlackholeListener()
    try {
      const abort = new AbortController()
      const connecting = new Connection({ host: '127.0.0.1', port: blackhole.port }).connect(abort.signal)
      abort.abort(new Error('user cancelled'))
      await assert.rejects(connecting, /user cancelled/)
    } finally {
      blackhole.close()
    }
  })
})
