/**
 * String sessions: a whole login (DC, address, auth key) in one pasteable string.
 *
 * Telethon's format, which we read and write:
 *   '1' + urlsafe_base64( dc_id:u8 | ip:4 or 16 bytes | port:u16 big-endian | auth_key:256 bytes )
 * The IP length follows from the total: 263 bytes for IPv4, 275 for IPv6.
 *
 * GramJS's format, which we read:
 *   '1' + base64( dc_id:u8 | address_length:u16 BE | address as text | port:u16 BE | auth_key:256 bytes )
 * It can have the same total as Telethon's IPv6 form (a 14-character address); the length prefix and
 * a well-formed textual address decide, since a real IPv6 address does not begin with 0x000e.
 */
import { isIP } from 'node:net'
import { StringSessionError } from './errors'
import { bytesToIp, ipToBytes } from './ip-address'
import { MemorySession } from './memory-session'
import type { Session } from './session'

const VERSION = '1'
const AUTH_KEY_LENGTH = 256
const TELETHON_IPV4_LENGTH = 1 + 4 + 2 + AUTH_KEY_LENGTH
const TELETHON_IPV6_LENGTH = 1 + 16 + 2 + AUTH_KEY_LENGTH
const GRAMJS_FIXED_LENGTH = 1 + 2 + 2 + AUTH_KEY_LENGTH
/** Either base64 alphabet, padded or not. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/

export interface StringSessionData {
  dcId: number
  /** An IP address (Telethon's format); GramJS's may also hold a host name. */
  host: string
  port: number
  authKey: Uint8Array
}

export type StringSessionFormat = 'telethon' | 'gramjs'

/** Writes Telethon's format. The host must be an IPv4 or IPv6 address. */
export function exportStringSession(data: StringSessionData): string {
  if (!Number.isInteger(data.dcId) || data.dcId < 1 || data.dcId > 255) {
    throw new StringSessionError('dc id', `${data.dcId} does not fit an unsigned byte (1-255)`)
  }
  const ip = ipToBytes(data.host)
  if (!ip) throw new StringSessionError('address', `"${data.host}" is not an IPv4 or IPv6 address`)
  if (!Number.isInteger(data.port) || data.port < 1 || data.port > 0xffff) {
    throw new StringSessionError('port', `${data.port} is not a TCP port`)
  }
  if (data.authKey.length !== AUTH_KEY_LENGTH) {
    throw new StringSessionError('key', `the auth key is ${data.authKey.length} bytes, not ${AUTH_KEY_LENGTH}`)
  }
  const bytes = Buffer.alloc(1 + ip.length + 2 + AUTH_KEY_LENGTH)
  bytes[0] = data.dcId
  bytes.set(ip, 1)
  bytes.writeUInt16BE(data.port, 1 + ip.length)
  bytes.set(data.authKey, 3 + ip.length)
  // Python's urlsafe_b64encode keeps the '=' padding, and Telethon's reader relies on the length.
  return VERSION + bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

/** Reads Telethon's or GramJS's format; throws StringSessionError naming the part that is wrong. */
export function importStringSession(text: string): StringSessionData & { format: StringSessionFormat } {
  const input = text.trim()
  if (input.length === 0) throw new StringSessionError('version', 'the string is empty')
  if (input[0] !== VERSION) {
    throw new StringSessionError('version', `starts with "${input[0]}", but only version "${VERSION}" exists`)
  }
  const body = input.slice(1)
  if (!BASE64.test(body) || body.replace(/=+$/, '').length % 4 === 1) {
    throw new StringSessionError('base64', 'the text after the version is not base64')
  }
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64')

  const gramjs = readGramjs(bytes)
  if (gramjs) return gramjs
  if (bytes.length === TELETHON_IPV4_LENGTH || bytes.length === TELETHON_IPV6_LENGTH) {
    const ipLength = bytes.length === TELETHON_IPV4_LENGTH ? 4 : 16
    return finish(
      'telethon',
      bytes[0],
      bytesToIp(bytes.subarray(1, 1 + ipLength)),
      bytes.readUInt16BE(1 + ipLength),
      bytes.subarray(3 + ipLength),
    )
  }
  if (bytes.length >= 3) {
    // Not Telethon's; report GramJS's layout, whose length prefix says what to expect.
    const addressLength = bytes.readUInt16BE(1)
    throw new StringSessionError(
      'length',
      `${bytes.length} bytes decoded; Telethon's format has ${TELETHON_IPV4_LENGTH} or ${TELETHON_IPV6_LENGTH}, ` +
        `GramJS's with a ${addressLength}-byte address would have ${GRAMJS_FIXED_LENGTH + addressLength}`,
    )
  }
  throw new StringSessionError('length', `only ${bytes.length} bytes decoded`)
}

function readGramjs(bytes: Buffer): (StringSessionData & { format: StringSessionFormat }) | undefined {
  if (bytes.length < GRAMJS_FIXED_LENGTH) return undefined
  const addressLength = bytes.readUInt16BE(1)
  if (bytes.length !== GRAMJS_FIXED_LENGTH + addressLength) return undefined
  const raw = bytes.subarray(3, 3 + addressLength)
  const printable = raw.every((b) => b >= 0x20 && b < 0x7f)
  // Binary bytes of Telethon's length are Telethon's IP, not a GramJS address.
  if (!printable && (bytes.length === TELETHON_IPV4_LENGTH || bytes.length === TELETHON_IPV6_LENGTH)) return undefined
  const host = raw.toString('latin1')
  if (!printable || (!isIP(host) && !/^[a-z0-9.-]+$/i.test(host))) {
    throw new StringSessionError('address', `${JSON.stringify(host)} is neither an IP address nor a host name`)
  }
  return finish('gramjs', bytes[0], host, bytes.readUInt16BE(3 + addressLength), bytes.subarray(5 + addressLength))
}

function finish(
  format: StringSessionFormat,
  dcId: number,
  host: string,
  port: number,
  authKey: Uint8Array,
): StringSessionData & { format: StringSessionFormat } {
  if (dcId === 0) throw new StringSessionError('dc id', 'DC 0 does not exist')
  if (port === 0) throw new StringSessionError('port', 'port 0 is not connectable')
  if (authKey.length !== AUTH_KEY_LENGTH) {
    throw new StringSessionError('key', `the auth key is ${authKey.length} bytes, not ${AUTH_KEY_LENGTH}`)
  }
  if (authKey.every((b) => b === 0)) throw new StringSessionError('key', 'the auth key is all zeros')
  return { format, dcId, host, port, authKey: new Uint8Array(authKey) }
}

/** A memory session signed in with the string's key on its DC (salt and clock are learned on connect). */
export function sessionFromString(text: string): MemorySession {
  const data = importStringSession(text)
  const session = new MemorySession()
  session.setMainDc({ id: data.dcId, host: data.host, port: data.port })
  session.setAuthKey(data.dcId, { authKey: data.authKey, serverSalt: 0n, timeOffset: 0 })
  return session
}

/** Telethon's string for any session's main DC; throws when it has no address or key yet. */
export function sessionToString(session: Session): string {
  const dc = session.mainDc
  if (!dc) throw new StringSessionError('dc id', 'the session has no main DC yet')
  const key = session.authKey(dc.id)
  if (!key) throw new StringSessionError('key', `the session has no auth key for DC ${dc.id}`)
  if (!dc.host || !dc.port) throw new StringSessionError('address', `the session has no address for DC ${dc.id}`)
  return exportStringSession({ dcId: dc.id, host: dc.host, port: dc.port, authKey: key.authKey })
}
