// Typed failures of the transport layer. The session engine switches on these classes, never on messages.

/** The server answered with a transport error code instead of a packet (MTProto "transport errors"). */
export class TransportError extends Error {
  override readonly name = 'TransportError'
  /** The code as Telegram documents it, positive: 404 (auth key not found), 429 (too many connections), ... */
  readonly code: number

  constructor(code: number) {
    super(`transport error ${code}${describe(code)}`)
    this.code = code
  }
}

function describe(code: number): string {
  switch (code) {
    case 404:
      return ': auth key not found'
    case 429:
      return ': too many connections or requests from this address'
    case 444:
      return ': invalid DC'
    default:
      return ''
  }
}

/** The byte stream broke a framing rule: bad length, checksum or sequence number, or it ended mid-packet. */
export class FramingError extends Error {
  override readonly name = 'FramingError'
}

/** The TCP connection (and any proxy handshake) did not complete in time. */
export class ConnectTimeoutError extends Error {
  override readonly name = 'ConnectTimeoutError'

  constructor(readonly timeoutMs: number) {
    super(`connection not established within ${timeoutMs} ms`)
  }
}

/** A SOCKS5, HTTP CONNECT or MTProxy server refused the connection or answered outside its protocol. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError'
}

/** The connection was closed by the peer or by us; sending is no longer possible. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError'
}
