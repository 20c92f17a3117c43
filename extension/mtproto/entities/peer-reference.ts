/**
 * What a user may write to name a peer: 'me', '@username', t.me links, invite links, '+phone', or a
 * marked id (number, bigint or decimal string). Parsing is pure; resolving is the cache's and the
 * client's job.
 */
import type { PeerType } from '../sessions/session'
import { resolveId } from './peer-id'

export type PeerReference =
  | { kind: 'self' }
  | { kind: 'username'; username: string }
  | { kind: 'invite'; hash: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'id'; markedId: bigint; id: bigint; type: PeerType }

// t.me and its aliases; the optional path part says an invite follows (joinchat/ or +).
const LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(joinchat\/|\+)?([^?#]*)/i
const RESOLVE_LINK = /^tg:\/\/resolve\?(?:.*&)?domain=([^&#]+)/i
// Telegram's rules: starts with a letter, letters/digits/underscores, no '__', no trailing '_'.
const USERNAME = /^[a-z](?:(?!__)\w){1,30}[a-z\d]$/i
const INVITE_HASH = /^[\w-]+$/
const PHONE = /^\+\d{5,15}$/

/** Digits only, without '+' and separators; undefined when it is not an international phone number. */
export function normalizePhone(text: string): string | undefined {
  const compact = text.replace(/[\s().-]/g, '')
  return PHONE.test(compact) ? compact.slice(1) : undefined
}

/** Lower-cased username without '@', or undefined when the text cannot be one. */
export function normalizeUsername(text: string): string | undefined {
  const name = text.startsWith('@') ? text.slice(1) : text
  return USERNAME.test(name) ? name.toLowerCase() : undefined
}

export function parsePeerReference(input: string | number | bigint): PeerReference | undefined {
  if (typeof input !== 'string') return idReference(input)
  const text = input.trim()
  const lower = text.toLowerCase()
  if (lower === 'me' || lower === 'self') return { kind: 'self' }
  if (/^-?\d+$/.test(text)) return idReference(text)
  if (text.startsWith('+')) {
    const phone = normalizePhone(text)
    return phone ? { kind: 'phone', phone } : undefined
  }
  const resolve = RESOLVE_LINK.exec(text)
  if (resolve) return usernameReference(decodeURIComponent(resolve[1]))
  const link = LINK.exec(text)
  if (link) {
    const [, invite, rest] = link
    const path = rest.replace(/\/+$/, '')
    // t.me/+<digits> is a phone number link; any other t.me/+<hash> is an invite.
    if (invite === '+' && /^\d+$/.test(path)) return parsePeerReference('+' + path)
    if (invite) return INVITE_HASH.test(path) ? { kind: 'invite', hash: path } : undefined
    // t.me/name/123 links to a message; the peer is the name.
    const [name, message, extra] = path.split('/')
    if (extra !== undefined || (message !== undefined && !/^\d+$/.test(message))) return undefined
    return usernameReference(name)
  }
  return usernameReference(text)
}

function usernameReference(text: string): PeerReference | undefined {
  const username = normalizeUsername(text)
  return username ? { kind: 'username', username } : undefined
}

function idReference(value: string | number | bigint): PeerReference | undefined {
  try {
    const { id, type } = resolveId(value)
    return { kind: 'id', markedId: BigInt(value), id, type }
  } catch {
    return undefined
  }
}
