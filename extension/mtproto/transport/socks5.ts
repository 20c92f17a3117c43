// SOCKS5 client handshake (RFC 1928), with username/password authentication (RFC 1929) when credentials are given.

import type { Socket } from 'node:net'
import { isIP } from 'node:net'
import { ProxyError } from './errors'
import { HandshakeReader } from './handshake-reader'

export interface Socks5Proxy {
  type: 'socks5'
  host: string
  port: number
  username?: string
  password?: string
}

const VERSION = 0x05
const METHOD_NO_AUTH = 0x00
const METHOD_USERNAME_PASSWORD = 0x02
const METHOD_NONE_ACCEPTABLE = 0xff
const COMMAND_CONNECT = 0x01
const ADDRESS_IPV4 = 0x01
const ADDRESS_DOMAIN = 0x03
const ADDRESS_IPV6 = 0x04

const REPLY_MESSAGES: Record<number, string> = {
  0x01: 'general failure',
  0x02: 'connection not allowed by ruleset',
  0x03: 'network unreachable',
  0x04: 'host unreachable',
  0x05: 'connection refused',
  0x06: 'TTL expired',
  0x07: 'command not supported',
  0x08: 'address type not supported',
}

/** Asks the proxy on `socket` to connect to host:port; returns bytes that arrived after the proxy's reply. */
export async function socks5Connect(socket: Socket, proxy: Socks5Proxy, host: string, port: number): Promise<Uint8Array> {
  const reader = new HandshakeReader(socket)
  try {
    const withPassword = proxy.username !== undefined
    socket.write(Uint8Array.of(VERSION, 1, withPassword ? METHOD_USERNAME_PASSWORD : METHOD_NO_AUTH))
    const [version, method] = await reader.read(2)
    if (version !== VERSION) throw new ProxyError(`SOCKS5 proxy answered with version ${version}`)
    if (method === METHOD_NONE_ACCEPTABLE) throw new ProxyError('SOCKS5 proxy accepts none of our authentication methods')
    if (method === METHOD_USERNAME_PASSWORD) {
      if (!withPassword) throw new ProxyError('SOCKS5 proxy requires a username and password')
      await authenticate(socket, reader, proxy.username ?? '', proxy.password ?? '')
    } else if (method !== METHOD_NO_AUTH) {
      throw new ProxyError(`SOCKS5 proxy chose unsupported method ${method}`)
    }

    socket.write(connectRequest(host, port))
    const [replyVersion, reply, , addressType] = await reader.read(4)
    if (replyVersion !== VERSION) throw new ProxyError(`SOCKS5 proxy answered with version ${replyVersion}`)
    if (reply !== 0) throw new ProxyError(`SOCKS5 proxy could not connect: ${REPLY_MESSAGES[reply!] ?? `reply ${reply}`}`)
    // The bound address that follows is of no use to us, but must be consumed.
    if (addressType === ADDRESS_IPV4) await reader.read(4 + 2)
    else if (addressType === ADDRESS_IPV6) await reader.read(16 + 2)
    else if (addressType === ADDRESS_DOMAIN) await reader.read((await reader.read(1))[0]! + 2)
    else throw new ProxyError(`SOCKS5 proxy replied with address type ${addressType}`)
    return reader.release()
  } catch (error) {
    reader.release() // the caller destroys the socket; stop listening to it
    throw error
  }
}

async function authenticate(socket: Socket, reader: HandshakeReader, username: string, password: string): Promise<void> {
  const user = new TextEncoder().encode(username)
  const pass = new TextEncoder().encode(password)
  if (user.length > 255 || pass.length > 255) throw new ProxyError('SOCKS5 username and password are limited to 255 bytes')
  socket.write(Uint8Array.of(0x01, user.length, ...user, pass.length, ...pass))
  const [, status] = await reader.read(2)
  if (status !== 0) throw new ProxyError('SOCKS5 proxy rejected the username or password')
}

function connectRequest(host: string, port: number): Uint8Array {
  let address: Uint8Array
  switch (isIP(host)) {
    case 4:
      address = Uint8Array.of(ADDRESS_IPV4, ...host.split('.').map(Number))
      break
    case 6:
      address = Uint8Array.of(ADDRESS_IPV6, ...ipv6Bytes(host))
      break
    default: {
      const name = new TextEncoder().encode(host)
      if (name.length > 255) throw new ProxyError('SOCKS5 host names are limited to 255 bytes')
      address = Uint8Array.of(ADDRESS_DOMAIN, name.length, ...name)
    }
  }
  return Uint8Array.of(VERSION, COMMAND_CONNECT, 0x00, ...address, port >> 8, port & 0xff)
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail = ''] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
  return groups.flatMap((group) => {
    const value = parseInt(group, 16)
    return [value >> 8, value & 0xff]
  })
}
