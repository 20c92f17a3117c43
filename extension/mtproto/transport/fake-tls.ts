// MTProxy "fake TLS" (ee secrets): the client opens with a ClientHello whose random field is an HMAC of the secret,
// the proxy proves it knows the secret in its ServerHello random, and then the obfuscated stream travels inside
// TLS application-data records. To an observer this looks like a TLS 1.3 connection to the secret's domain.

import { createHmac, generateKeyPairSync, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto'
import type { Socket } from 'node:net'
import { ByteQueue } from './byte-queue'
import { FramingError, ProxyError } from './errors'
import { HandshakeReader } from './handshake-reader'

const RECORD_HANDSHAKE = 0x16
const RECORD_CHANGE_CIPHER_SPEC = 0x14
const RECORD_APPLICATION_DATA = 0x17
const RECORD_HEADER_SIZE = 5
/** Where the 32-byte random sits in a hello: record header (5), handshake header (4), version (2). */
const RANDOM_OFFSET = 11
const RANDOM_SIZE = 32
/** Browsers pad their ClientHello to this size; the reference MTProxy expects it. */
const CLIENT_HELLO_SIZE = 517
/** Payload per outgoing record, the size TDLib uses. */
const MAX_RECORD_PAYLOAD = 2878
const CHANGE_CIPHER_SPEC = Uint8Array.of(RECORD_CHANGE_CIPHER_SPEC, 0x03, 0x03, 0x00, 0x01, 0x01)

export interface FakeTlsSecret {
  key: Uint8Array
  domain: string
}

/**
 * Builds a Chrome-like ClientHello for `domain`, signed with the secret: the random field is
 * HMAC-SHA256(key, hello with a zero random), its last four bytes XORed with the little-endian unix time.
 */
export function buildClientHello(
  secret: FakeTlsSecret,
  unixTime = Math.floor(Date.now() / 1000),
  random: (count: number) => Uint8Array = nodeRandomBytes,
): Uint8Array {
  const grease = greaseValues(random)
  const domain = new TextEncoder().encode(secret.domain)
  const extensions: number[][] = [
    [...grease[0]!, 0x00, 0x00],
    extension(0x0000, u16Prefixed([0x00, ...u16Prefixed([...domain])])), // server_name
    extension(0x0017, []), // extended_master_secret
    extension(0xff01, [0x00]), // renegotiation_info
    extension(0x000a, u16Prefixed([...grease[1]!, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18])), // supported_groups
    extension(0x000b, [0x01, 0x00]), // ec_point_formats: uncompressed
    extension(0x0023, []), // session_ticket
    extension(0x0010, u16Prefixed([0x02, ...ascii('h2'), 0x08, ...ascii('http/1.1')])), // ALPN
    extension(0x0005, [0x01, 0x00, 0x00, 0x00, 0x00]), // status_request (OCSP)
    extension(0x000d, u16Prefixed([0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x05, 0x03, 0x08, 0x05, 0x05, 0x01, 0x08, 0x06, 0x06, 0x01])),
    extension(0x0012, []), // signed_certificate_timestamp
    extension(0x0033, u16Prefixed([...grease[1]!, 0x00, 0x01, 0x00, 0x00, 0x1d, ...u16Prefixed([...x25519PublicKey()])])), // key_share
    extension(0x002d, [0x01, 0x01]), // psk_key_exchange_modes: psk_dhe_ke
    extension(0x002b, [0x06, ...grease[2]!, 0x03, 0x04, 0x03, 0x03]), // supported_versions: TLS 1.3, 1.2
    extension(0x001b, [0x02, 0x00, 0x02]), // compress_certificate: brotli
    [...grease[3]!, 0x00, 0x01, 0x00],
  ]
  const cipherSuites = [...grease[4]!, 0x13, 0x01, 0x13, 0x02, 0x13, 0x03, 0xc0, 0x2b, 0xc0, 0x2f, 0xc0, 0x2c, 0xc0, 0x30,
    0xcc, 0xa9, 0xcc, 0xa8, 0xc0, 0x13, 0xc0, 0x14, 0x00, 0x9c, 0x00, 0x9d, 0x00, 0x2f, 0x00, 0x35]
  const body = (extensionBytes: number[]): number[] => [
    0x03, 0x03,
    ...new Array<number>(RANDOM_SIZE).fill(0),
    RANDOM_SIZE, ...random(32), // legacy_session_id, echoed by the server
    ...u16Prefixed(cipherSuites),
    0x01, 0x00, // compression: null
    ...u16Prefixed(extensionBytes),
  ]
  const wrap = (handshakeBody: number[]): number[] =>
    [RECORD_HANDSHAKE, 0x03, 0x01, ...u16Prefixed([0x01, ...u24Prefixed(handshakeBody)])]

  let extensionBytes = extensions.flat()
  const unpadded = wrap(body(extensionBytes)).length
  // The padding extension (0x0015) brings a short hello up to the browser size; its own header is 4 bytes.
  if (unpadded + 4 <= CLIENT_HELLO_SIZE) {
    extensionBytes = [...extensionBytes, ...extension(0x0015, new Array<number>(CLIENT_HELLO_SIZE - unpadded - 4).fill(0))]
  }
  const hello = Uint8Array.from(wrap(body(extensionBytes)))

  const digest = createHmac('sha256', secret.key).update(hello).digest()
  const tail = digest.readUInt32LE(28) ^ unixTime
  digest.writeUInt32LE(tail >>> 0, 28)
  hello.set(digest, RANDOM_OFFSET)
  return hello
}

/**
 * Runs the fake-TLS handshake on a socket connected to the proxy: sends the hello, reads the server's
 * ServerHello, ChangeCipherSpec and first application record, checks that the server knows the secret, and
 * sends our ChangeCipherSpec. Returns bytes that arrived after the server's handshake.
 */
export async function fakeTlsHandshake(socket: Socket, secret: FakeTlsSecret): Promise<Uint8Array> {
  const hello = buildClientHello(secret)
  const reader = new HandshakeReader(socket)
  try {
    socket.write(hello)
    const response: Uint8Array[] = []
    for (const expectedType of [RECORD_HANDSHAKE, RECORD_CHANGE_CIPHER_SPEC, RECORD_APPLICATION_DATA]) {
      const header = await reader.read(RECORD_HEADER_SIZE)
      if (header[0] !== expectedType || header[1] !== 0x03 || header[2] !== 0x03) {
        throw new ProxyError('MTProxy fake-TLS server hello is malformed')
      }
      response.push(header, await reader.read((header[3]! << 8) | header[4]!))
    }
    const serverHello = Buffer.concat(response)
    if (serverHello.length < RANDOM_OFFSET + RANDOM_SIZE) throw new ProxyError('MTProxy fake-TLS server hello is too short')
    const serverRandom = serverHello.subarray(RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_SIZE)
    const signed = Buffer.from(serverHello)
    signed.fill(0, RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_SIZE)
    const expected = createHmac('sha256', secret.key)
      .update(hello.subarray(RANDOM_OFFSET, RANDOM_OFFSET + RANDOM_SIZE))
      .update(signed)
      .digest()
    if (!timingSafeEqual(expected, serverRandom)) {
      throw new ProxyError('MTProxy fake-TLS server does not know the secret (server random mismatch)')
    }
    socket.write(CHANGE_CIPHER_SPEC)
    return reader.release()
  } catch (error) {
    reader.release() // the caller destroys the socket; stop listening to it
    throw error
  }
}

/** Wraps outgoing bytes into application-data records and unwraps incoming ones. */
export interface TlsRecordLayer {
  wrap(bytes: Uint8Array): Uint8Array
  unwrap(chunk: Uint8Array): Uint8Array
}

export function tlsRecordLayer(): TlsRecordLayer {
  const incoming = new ByteQueue()
  return {
    wrap(bytes) {
      const records = Math.max(1, Math.ceil(bytes.length / MAX_RECORD_PAYLOAD))
      const out = new Uint8Array(bytes.length + records * RECORD_HEADER_SIZE)
      let written = 0
      for (let offset = 0; offset < bytes.length || written === 0; offset += MAX_RECORD_PAYLOAD) {
        const part = bytes.subarray(offset, offset + MAX_RECORD_PAYLOAD)
        out.set([RECORD_APPLICATION_DATA, 0x03, 0x03, part.length >> 8, part.length & 0xff], written)
        out.set(part, written + RECORD_HEADER_SIZE)
        written += RECORD_HEADER_SIZE + part.length
      }
      return out
    },
    unwrap(chunk) {
      incoming.push(chunk)
      const payloads: Uint8Array[] = []
      while (incoming.length >= RECORD_HEADER_SIZE) {
        if (incoming.peekByte(0) !== RECORD_APPLICATION_DATA || incoming.peekByte(1) !== 0x03 || incoming.peekByte(2) !== 0x03) {
          throw new FramingError('MTProxy fake-TLS stream carries a record that is not application data')
        }
        const length = (incoming.peekByte(3) << 8) | incoming.peekByte(4)
        if (incoming.length < RECORD_HEADER_SIZE + length) break
        incoming.skip(RECORD_HEADER_SIZE)
        payloads.push(incoming.take(length))
      }
      return payloads.length === 1 ? payloads[0]! : Buffer.concat(payloads)
    },
  }
}

function extension(type: number, data: number[]): number[] {
  return [type >> 8, type & 0xff, ...u16Prefixed(data)]
}

function u16Prefixed(bytes: number[]): number[] {
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes]
}

function u24Prefixed(bytes: number[]): number[] {
  return [bytes.length >> 16, (bytes.length >> 8) & 0xff, bytes.length & 0xff, ...bytes]
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0))
}

/** GREASE values (RFC 8701): 0x?a?a with both bytes equal, distinct per position like a browser's. */
function greaseValues(random: (count: number) => Uint8Array): number[][] {
  const seen = new Set<number>()
  const values: number[][] = []
  for (const byte of random(32)) {
    const value = (byte & 0xf0) | 0x0a
    if (seen.has(value)) continue
    seen.add(value)
    values.push([value, value])
    if (values.length === 5) return values
  }
  for (let value = 0x0a; values.length < 5; value += 0x10) if (!seen.has(value)) values.push([value, value])
  return values
}

/** A real X25519 public key, so the key_share is not distinguishable from a browser's. */
function x25519PublicKey(): Uint8Array {
  const der = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' })
  return der.subarray(der.length - 32)
}
