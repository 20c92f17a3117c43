/**
 * Keeps secrets out of the "Telegram" output channel. Two layers:
 *  - exact values the extension knows are secret (api_hash, bot tokens, codes and passwords typed
 *    during sign-in, proxy passwords) are registered and replaced wherever they appear;
 *  - shapes that are secret whatever their value: bot tokens, string sessions, long hex or base64
 *    runs (auth keys, file references, SRP values), and `field: value` pairs whose field names a
 *    secret (phone_code, password, api_hash, bot_auth_token, token, secret).
 */
const MASK = '[redacted]'

const PATTERNS: readonly RegExp[] = [
  // A bot token from @BotFather: the bot id, a colon, 35 URL-safe characters.
  /\b\d{5,}:[A-Za-z0-9_-]{30,}/g,
  // Secret-named fields, as key=value, key: value or "key":"value".
  /\b("?(?:phone_code|code|password|api_hash|bot_auth_token|token|secret|auth_key|session)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;)}\]]+)/gi,
  // Long hex: auth keys, hashes, nonces.
  /\b[0-9a-fA-F]{32,}\b/g,
  // Long base64 or base64url: string sessions, serialized keys (see looksRandom for paths).
  /[A-Za-z0-9+/_-]{40,}={0,2}/g,
]

/** Long paths and identifiers match the base64 shape too; random bytes mix digits and both cases. */
function looksRandom(run: string): boolean {
  return /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run)
}

export class Redactor {
  private readonly secrets = new Set<string>()

  /** Masks `value` from now on. Values under 4 characters would mask ordinary text, so they are ignored. */
  addSecret(value: string | undefined): void {
    if (value !== undefined && value.length >= 4) this.secrets.add(value)
  }

  redact(text: string): string {
    let result = text
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(MASK)
    for (const pattern of PATTERNS) {
      result = result.replace(pattern, (match: string, field: unknown) => {
        if (typeof field === 'string') return field + MASK
        return pattern === PATTERNS[3] && !looksRandom(match) ? match : MASK
      })
    }
    return result
  }
}
