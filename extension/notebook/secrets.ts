/**
 * What the scratchpad never saves: credentials that a result or an output may carry.
 *
 * The rule, applied to every output and to notebook and cell metadata when a .tlnb is written:
 *   1. Fields that hold a credential in a TL result are replaced, wherever that result appears:
 *      the exported authorization (auth.exportedAuthorization.bytes), login tokens
 *      (auth.loginToken.token, auth.loginTokenMigrateTo.token), the future auth token of
 *      auth.authorization, the temporary password of account.tmpPassword, and the phone code hash.
 *   2. A byte string of exactly 256 bytes is replaced: that is an auth key's size, and no result the
 *      scratchpad shows needs one that long to be read.
 *   3. In any text: a string session (Telethon's and GramJS's `1` + base64 of 261 bytes or more), and
 *      a run of exactly 512 hex digits or 344 base64 characters (256 bytes, an auth key written out).
 * Cell sources are the user's own text and are never changed.
 */

export const REDACTED = '[redacted]'

/** Rule 1: constructor → fields that carry a credential. */
const CREDENTIAL_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['auth.exportedAuthorization', ['bytes']],
  ['auth.authorization', ['future_auth_token']],
  ['auth.loginToken', ['token']],
  ['auth.loginTokenMigrateTo', ['token']],
  ['account.tmpPassword', ['tmp_password']],
  ['auth.sentCode', ['phone_code_hash']],
])

/** Rule 2. */
export const AUTH_KEY_BYTES = 256

const TEXT_PATTERNS: readonly RegExp[] = [
  // A string session: version '1', then base64 (either alphabet) of dc, address, port and a 256-byte key.
  /(?<![A-Za-z0-9+/_-])1[A-Za-z0-9+/_-]{344,}={0,2}/g,
  /(?<![0-9a-fA-F])[0-9a-fA-F]{512}(?![0-9a-fA-F])/g,
  /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{342}==/g,
]

/** Rule 1 for one field of one constructor. */
export function isCredentialField(constructor: string, field: string): boolean {
  return CREDENTIAL_FIELDS.get(constructor)?.includes(field) ?? false
}

/** Rule 3: the text with every session string and written-out auth key replaced. */
export function redactText(text: string): string {
  let result = text
  for (const pattern of TEXT_PATTERNS) result = result.replace(pattern, REDACTED)
  return result
}

/**
 * Rules 1 and 2 over a TL value (`{ _: name, ... }` objects, arrays, Uint8Array), and over the
 * renderer's tree (`{ kind: 'object', type, fields: [{ name, value }] }`); rule 3 over its strings.
 * Returns a copy; the input is not changed.
 */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value instanceof Uint8Array) return value.length === AUTH_KEY_BYTES ? REDACTED : value
  if (Array.isArray(value)) return value.map(redactValue)
  if (value === null || typeof value !== 'object') return value

  const record = value as Record<string, unknown>
  const constructor = typeof record._ === 'string' ? record._ : undefined
  const copy: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(record)) {
    copy[key] = constructor !== undefined && isCredentialField(constructor, key) ? REDACTED : redactValue(field)
  }
  if (record.kind === 'object' && typeof record.type === 'string' && Array.isArray(record.fields)) {
    copy.fields = record.fields.map((entry: unknown) => redactRenderField(record.type as string, entry))
  }
  if (record.kind === 'bytes' && record.length === AUTH_KEY_BYTES) return { ...copy, hex: REDACTED }
  return copy
}

function redactRenderField(constructor: string, entry: unknown): unknown {
  if (entry === null || typeof entry !== 'object') return entry
  const field = entry as { name?: unknown; value?: unknown }
  if (typeof field.name === 'string' && isCredentialField(constructor, field.name)) {
    return { ...field, value: { kind: 'string', value: REDACTED } }
  }
  return redactValue(entry)
}
