// HTTP CONNECT tunnelling (RFC 9110 section 9.3.6), with Basic proxy authentication when credentials are given.

import type { Socket } from 'node:net'
import { ProxyError } from './errors'
import { HandshakeReader } from './handshake-reader'

export interface HttpProxy {
  type: 'http'
  host: string
  port: number
  username?: string
  password?: string
}

/** A proxy's response head is a few hundred bytes; anything this long is not one. */
const MAX_RESPONSE_HEAD = 16 * 1024
const HEAD_END = new TextEncoder().encode('\r\n\r\n')

/** Asks the proxy on `socket` to open a tunnel to host:port; returns bytes that arrived after the response head. */
export async function httpConnect(socket: Socket, proxy: HttpProxy, host: string, port: number): Promise<Uint8Array> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`]
  if (proxy.username !== undefined) {
    const credentials = Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')
    lines.push(`Proxy-Authorization: Basic ${credentials}`)
  }
  const reader = new HandshakeReader(socket)
  try {
    socket.write(`${lines.join('\r\n')}\r\n\r\n`)
    let head: Uint8Array
    try {
      head = await reader.readUntil(HEAD_END, MAX_RESPONSE_HEAD)
    } catch (error) {
      if (error instanceof RangeError) throw new ProxyError('HTTP proxy response head is too long')
      throw error
    }
    const statusLine = new TextDecoder().decode(head).split('\r\n', 1)[0] ?? ''
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)
    if (!status) throw new ProxyError(`HTTP proxy sent a malformed status line: ${JSON.stringify(statusLine.slice(0, 80))}`)
    if (!status[1]!.startsWith('2')) throw new ProxyError(`HTTP proxy refused the tunnel: ${statusLine.slice(0, 80)}`)
    return reader.release()
  } catch (error) {
    reader.release() // the caller destroys the socket; stop listening to it
    throw error
  }
}
