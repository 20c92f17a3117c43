// A test-only MTProxy: accepts clients holding a plain, dd or ee (fake TLS) secret, strips the client's
// obfuscation and forwards the stream to a sandbox port in the plain form of the same framing.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { connect, createServer, type Socket } from 'node:net'
import { acceptObfuscatedInit } from '../sandbox/transport/obfuscation'
import { transportForTag } from '../sandbox/transport/identify'
import { listen, reader, type TestProxy } from './socks5-proxy'

export interface MtProxyServerOptions {
  /** Where decrypted streams go (a sandbox transport listener). */
  upstreamPort: number
  /** The 16-byte key. */
  key: Buffer
  /** 'plain' accepts any framing, 'padded' only padded intermediate, 'fakeTls' adds the TLS disguise. */
  mode: 'plain' | 'padded' | 'fakeTls'
  /** For fakeTls: the domain the ClientHello must name. */
  domain?: string
  /** For fakeTls: skip the ClientHello HMAC check, to play a proxy that answers without knowing the secret. */
  acceptAnyClient?: boolean
}

export interface MtProxyServer extends TestProxy {
  /** DC ids read from client inits, in order. */
  readonly dcIds: number[]
  /** Why clients were turned away, in order. */
  readonly rejections: string[]
}

/** How far a ClientHello's timestamp may drift from our clock. */
const MAX_CLOCK_SKEW_SECONDS = 120

export async function startMtProxyServer(options: MtProxyServerOptions): Promise<MtProxyServer> {
  let tunnels = 0
  const dcIds: number[] = []
  const rejections: string[] = []
  const sockets = new Set<Socket>()

  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    void serve(client).catch((error: unknown) => {
      rejections.push(error instanceof Error ? error.message : String(error))
      client.destroy()
    })
  })

  async function serve(client: Socket): Promise<void> {
    const read = reader(client)
    let nextChunk: () => Promise<Buffer>
    let wrapOutgoing = (bytes: Buffer): Buffer => bytes
    if (options.mode === 'fakeTls') {
      await answerClientHello(client, read)
      nextChunk = tlsPayloads(read)
      wrapOutgoing = (bytes) => {
        const header = Buffer.of(0x17, 0x03, 0x03, 0, 0)
        header.writeUInt16BE(bytes.length, 3)
        return Buffer.concat([header, bytes])
      }
    } else {
      nextChunk = () => read.some()
    }

    // Collect the 64-byte init, which may be split across chunks or TLS records.
    let pending = Buffer.alloc(0)
    while (pending.length < 64) pending = Buffer.concat([pending, await nextChunk()])
    const init = acceptObfuscatedInit(pending.subarray(0, 64), options.key)
    const transport = transportForTag(init.tag)
    if (!transport) throw new Error(`unknown tag ${init.tag.toString('hex')}`)
    if (options.mode !== 'plain' && transport !== 'paddedIntermediate') throw new Error(`${transport} refused in ${options.mode} mode`)
    dcIds.push(init.dcId)

    const upstream = connect({ host: '127.0.0.1', port: options.upstreamPort })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
    await new Promise<void>((resolve) => upstream.once('connect', () => resolve()))
    tunnels++
    const opening = { abridged: Buffer.of(0xef), intermediate: Buffer.alloc(4, 0xee), paddedIntermediate: Buffer.alloc(4, 0xdd), full: Buffer.alloc(0) }[transport]
    upstream.write(Buffer.concat([opening, init.fromClient.update(pending.subarray(64))]))
    upstream.on('data', (chunk: Buffer) => client.write(wrapOutgoing(init.toClient.update(chunk))))
    for (;;) upstream.write(init.fromClient.update(await nextChunk()))
  }

  /** Checks the fake-TLS ClientHello against the key and domain, and answers with a signed ServerHello. */
  async function answerClientHello(client: Socket, read: ReturnType<typeof reader>): Promise<void> {
    const header = await read(5)
    if (header[0] !== 0x16 || header[1] !== 0x03 || header[2] !== 0x01) throw new Error('not a TLS handshake record')
    const hello = Buffer.concat([header, await read(header.readUInt16BE(3))])
    const clientRandom = Buffer.from(hello.subarray(11, 43))
    const zeroed = Buffer.from(hello)
    zeroed.fill(0, 11, 43)
    const digest = createHmac('sha256', options.key).update(zeroed).digest()
    if (!options.acceptAnyClient) {
      if (!timingSafeEqual(digest.subarray(0, 28), clientRandom.subarray(0, 28))) throw new Error('ClientHello HMAC mismatch')
      const timestamp = (digest.readUInt32LE(28) ^ clientRandom.readUInt32LE(28)) >>> 0
      if (Math.abs(timestamp - Date.now() / 1000) > MAX_CLOCK_SKEW_SECONDS) throw new Error('ClientHello timestamp out of range')
    }
    const { sessionId, serverName } = parseClientHello(hello)
    if (serverName !== options.domain) throw new Error(`ClientHello names ${serverName}, expected ${options.domain}`)

    const extensions = Buffer.concat([
      Buffer.of(0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20), randomBytes(32), // key_share: x25519
      Buffer.of(0x00, 0x2b, 0x00, 0x02, 0x03, 0x04), // supported_versions: TLS 1.3
    ])
    const serverHelloBody = Buffer.concat([
      Buffer.of(0x03, 0x03), Buffer.alloc(32), Buffer.of(sessionId.length), sessionId,
      Buffer.of(0x13, 0x01, 0x00), u16(extensions.length), extensions,
    ])
    const handshake = Buffer.concat([Buffer.of(0x02), u24(serverHelloBody.length), serverHelloBody])
    const fakeCertificate = randomBytes(1024 + (randomBytes(1)[0]! << 4))
    const response = Buffer.concat([
      Buffer.of(0x16, 0x03, 0x03), u16(handshake.length), handshake,
      Buffer.of(0x14, 0x03, 0x03, 0x00, 0x01, 0x01),
      Buffer.of(0x17, 0x03, 0x03), u16(fakeCertificate.length), fakeCertificate,
    ])
    createHmac('sha256', options.key).update(clientRandom).update(response).digest().copy(response, 11)
    client.write(response)
  }

  return Object.assign(await listen(server, sockets, () => tunnels), { dcIds, rejections })
}

/** Yields the payloads of the client's records after the handshake, skipping its ChangeCipherSpec. */
function tlsPayloads(read: ReturnType<typeof reader>): () => Promise<Buffer> {
  return async () => {
    for (;;) {
      const header = await read(5)
      const body = await read(header.readUInt16BE(3))
      if (header[0] === 0x14) continue
      if (header[0] !== 0x17) throw new Error(`unexpected TLS record type ${header[0]}`)
      return Buffer.from(body)
    }
  }
}

function parseClientHello(hello: Buffer): { sessionId: Buffer; serverName: string | undefined } {
  let offset = 43
  const sessionId = hello.subarray(offset + 1, offset + 1 + hello[offset]!)
  offset += 1 + sessionId.length
  offset += 2 + hello.readUInt16BE(offset) // cipher suites
  offset += 1 + hello[offset]! // compression methods
  const end = offset + 2 + hello.readUInt16BE(offset)
  offset += 2
  let serverName: string | undefined
  while (offset + 4 <= end) {
    const type = hello.readUInt16BE(offset)
    const length = hello.readUInt16BE(offset + 2)
    if (type === 0x0000) {
      // server_name_list length (2), name_type (1), host_name length (2), host_name
      const nameLength = hello.readUInt16BE(offset + 4 + 3)
      serverName = hello.subarray(offset + 4 + 5, offset + 4 + 5 + nameLength).toString()
    }
    offset += 4 + length
  }
  return { sessionId: Buffer.from(sessionId), serverName }
}

function u16(value: number): Buffer {
  const out = Buffer.alloc(2)
  out.writeUInt16BE(value)
  return out
}

function u24(value: number): Buffer {
  return Buffer.of(value >> 16, (value >> 8) & 0xff, value & 0xff)
}
