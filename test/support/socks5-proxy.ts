// A minimal SOCKS5 server for tests (RFC 1928 CONNECT, optional RFC 1929 username/password).

import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface TestProxy {
  readonly port: number
  /** Number of tunnels opened, so a test can prove traffic went through the proxy. */
  readonly tunnels: number
  close(): Promise<void>
}

export async function startSocks5Proxy(credentials?: { username: string; password: string }): Promise<TestProxy> {
  let tunnels = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    void negotiate(client).then(
      (upstream) => {
        if (!upstream) return client.destroy()
        tunnels++
        sockets.add(upstream)
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
      },
      () => client.destroy(),
    )
  })

  async function negotiate(client: Socket): Promise<Socket | undefined> {
    const read = reader(client)
    const [version, methodCount] = await read(2)
    if (version !== 5) return undefined
    const methods = [...(await read(methodCount!))]
    const wanted = credentials ? 0x02 : 0x00
    if (!methods.includes(wanted)) {
      client.write(Buffer.of(5, 0xff))
      return undefined
    }
    client.write(Buffer.of(5, wanted))
    if (credentials) {
      const [, userLength] = await read(2)
      const user = (await read(userLength!)).toString()
      const [passLength] = await read(1)
      const pass = (await read(passLength!)).toString()
      const ok = user === credentials.username && pass === credentials.password
      client.write(Buffer.of(1, ok ? 0 : 1))
      if (!ok) return undefined
    }
    const [, command, , addressType] = await read(4)
    let host: string
    if (addressType === 1) host = [...(await read(4))].join('.')
    else if (addressType === 3) host = (await read((await read(1))[0]!)).toString()
    else return undefined
    const port = (await read(2)).readUInt16BE(0)
    if (command !== 1) {
      client.write(Buffer.of(5, 7, 0, 1, 0, 0, 0, 0, 0, 0))
      return undefined
    }
    const upstream = connect({ host, port })
    const connected = await new Promise<boolean>((resolve) => {
      upstream.once('connect', () => resolve(true))
      upstream.once('error', () => resolve(false))
    })
    client.write(Buffer.of(5, connected ? 0 : 5, 0, 1, 127, 0, 0, 1, 0, 0))
    if (!connected) return undefined
    const rest = read.rest()
    if (rest.length > 0) upstream.write(rest)
    client.pipe(upstream)
    upstream.pipe(client)
    upstream.on('error', () => client.destroy())
    return upstream
  }

  return listen(server, sockets, () => tunnels)
}

/** Reads exact byte counts from a socket in paused mode; `rest()` hands back what was read ahead. */
export function reader(socket: Socket): ((count: number) => Promise<Buffer>) & { rest(): Buffer; some(): Promise<Buffer> } {
  let buffered = Buffer.alloc(0)
  let waiting: (() => void) | undefined
  let ended = false
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk])
    waiting?.()
  }
  const onEnd = (): void => {
    ended = true
    waiting?.()
  }
  socket.on('data', onData)
  socket.on('close', onEnd)
  const read = async (count: number): Promise<Buffer> => {
    while (buffered.length < count) {
      if (ended) throw new Error('closed during handshake')
      await new Promise<void>((resolve) => (waiting = resolve))
    }
    const out = buffered.subarray(0, count)
    buffered = buffered.subarray(count)
    return out
  }
  return Object.assign(read, {
    /** Waits for at least one byte and takes everything buffered. */
    async some(): Promise<Buffer> {
      await read(0)
      while (buffered.length === 0) {
        if (ended) throw new Error('closed')
        await new Promise<void>((resolve) => (waiting = resolve))
      }
      return read(buffered.length)
    },
    rest(): Buffer {
      socket.off('data', onData)
      socket.off('close', onEnd)
      return buffered
    },
  })
}

export function listen(server: import('node:net').Server, sockets: Set<Socket>, tunnels: () => number): Promise<TestProxy> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        get tunnels() {
          return tunnels()
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      }),
    )
  })
}
