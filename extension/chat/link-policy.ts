/**
 * Which links from chat messages the host opens. Message links are hostile: only http(s), tg and
 * mailto are opened, and when the visible text is not the URL itself the user sees the real
 * destination first (a "https://bank.example" label on a link to elsewhere is the classic phish).
 */
export type LinkDecision =
  | { action: 'open'; url: string }
  | { action: 'confirm'; url: string }
  | { action: 'refuse'; reason: string }

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'tg:', 'mailto:'])

export function decideLink(url: string, text: string): LinkDecision {
  const parsed = parseUrl(url.trim())
  if (!parsed) return { action: 'refuse', reason: 'This link is not a valid address.' }
  if (!ALLOWED_SCHEMES.has(parsed.protocol)) return { action: 'refuse', reason: `Links of the kind "${parsed.protocol}" are not opened from chats.` }
  const href = parsed.href
  return sameDestination(text, parsed) ? { action: 'open', url: href } : { action: 'confirm', url: href }
}

/** Telegram's url entities are often written without a scheme ("example.com"); those mean https. */
function parseUrl(url: string): URL | undefined {
  if (url === '' || /[\u0000-\u001f\u007f]/.test(url)) return undefined
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`
  try {
    return new URL(withScheme)
  } catch {
    return undefined
  }
}

/** The text names the same destination when, parsed the same way, it gives the same address. */
function sameDestination(text: string, target: URL): boolean {
  const shown = parseUrl(text.trim())
  if (!shown) return false
  const normalize = (u: URL) => u.href.replace(/\/$/, '')
  return normalize(shown) === normalize(target)
}
