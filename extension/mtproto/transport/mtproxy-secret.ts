// MTProxy secrets, as shared in tg://proxy links: hex or (url-safe) base64.
//   16 bytes                       plain: obfuscated transport, any framing
//   0xdd + 16 bytes                "secure": obfuscated padded intermediate only
//   0xee + 16 bytes + domain       fake TLS: a TLS 1.3 look-alike to `domain`, padded intermediate inside

import { ProxyError } from './errors'

export type MtProxySecret =
  | { kind: 'plain'; key: Uint8Array }
  | { kind: 'padded'; key: Uint8Array }
  | { kind: 'fakeTls'; key: Uint8Array; domain: string }

const KEY_SIZE = 16
const PADDED_PREFIX = 0xdd
const FAKE_TLS_PREFIX = 0xee
/** A domain must fit in the ClientHello's server_name extension. */
const MAX_DOMAIN_LENGTH = 253

export function parseMtProxySecret(secret: string | Uint8Array): MtProxySecret {
  const bytes = typeof secret === 'string' ? decodeText(secret) : secret
  if (bytes.length === KEY_SIZE) return { kind: 'plain', key: bytes.slice() }
  if (bytes.length === KEY_SIZE + 1 && bytes[0] === PADDED_PREFIX) return { kind: 'padded', key: bytes.slice(1) }
  if (bytes.length > KEY_SIZE + 1 && bytes[0] === FAKE_TLS_PREFIX) {
    const domainBytes = bytes.subarray(KEY_SIZE + 1)
    if (domainBytes.length > MAX_DOMAIN_LENGTH) throw new ProxyError('MTProxy fake-TLS domain is too long')
    const domain = new TextDecoder('utf-8', { fatal: false }).decode(domainBytes)
    return { kind: 'fakeTls', key: bytes.slice(1, KEY_SIZE + 1), domain }
  }
  throw new ProxyError(`unsupported MTProxy secret (${bytes.length} bytes, prefix 0x${(bytes[0] ?? 0).toString(16)})`)
}

function decodeText(secret: string): Uint8Array {
  const trimmed = secret.trim()
  if (/^(?:[0-9a-f]{2})+$/i.test(trimmed)) return Buffer.from(trimmed, 'hex')
  if (/^[A-Za-z0-9+/_-]+=*$/.test(trimmed)) return Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  throw new ProxyError('MTProxy secret is neither hex nor base64')
}
