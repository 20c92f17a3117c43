/**
 * Python's `repr()` of the values a Telethon object holds, for the stringify output and for
 * "Copy as… Telethon": str, bytes, int, float, bool, None and UTC datetimes, written exactly as
 * CPython writes them, so the text reads (and pastes) as Python.
 */

/** Python's choice of quote: single, unless the text has a single quote and no double quote. */
function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'"
}

const hex2 = (code: number) => code.toString(16).padStart(2, '0')

/** `str.isprintable()`: every character except the Unicode categories Other and Separator, space aside. */
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u

export function pythonString(text: string): string {
  const quote = quoteFor(text.includes("'"), text.includes('"'))
  let result = quote
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (char === '\\' || char === quote) result += `\\${char}`
    else if (char === '\n') result += '\\n'
    else if (char === '\r') result += '\\r'
    else if (char === '\t') result += '\\t'
    else if (char !== ' ' && NOT_PRINTABLE.test(char)) {
      if (code < 0x100) result += `\\x${hex2(code)}`
      else if (code < 0x10000) result += `\\u${code.toString(16).padStart(4, '0')}`
      else result += `\\U${code.toString(16).padStart(8, '0')}`
    } else result += char
  }
  return result + quote
}

export function pythonBytes(bytes: Uint8Array): string {
  const quote = quoteFor(bytes.includes(0x27), bytes.includes(0x22))
  let result = `b${quote}`
  for (const byte of bytes) {
    const char = String.fromCharCode(byte)
    if (char === '\\' || char === quote) result += `\\${char}`
    else if (byte === 0x0a) result += '\\n'
    else if (byte === 0x0d) result += '\\r'
    else if (byte === 0x09) result += '\\t'
    else if (byte < 0x20 || byte >= 0x7f) result += `\\x${hex2(byte)}`
    else result += char
  }
  return result + quote
}

/**
 * `repr(float)`: the shortest digits that read back to the same double (as JavaScript also finds
 * them), in fixed notation for exponents from -4 to 15 and scientific notation otherwise.
 */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string]
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  const sign = negative ? '-' : ''
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
    const exponentSign = exponent < 0 ? '-' : '+'
    return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')
  const fraction = digits.slice(exponent + 1) || '0'
  return `${sign}${whole}.${fraction}`
}

export function pythonBool(value: boolean): string {
  return value ? 'True' : 'False'
}

export const PYTHON_NONE = 'None'

/** `repr()` of the timezone-aware datetime Telethon makes of a TL date (seconds since the epoch, UTC). */
export function pythonUtcDatetime(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000)
  const parts = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
  // CPython leaves out a zero microsecond, then a zero second.
  if (parts[5] === 0) parts.pop()
  return `datetime.datetime(${parts.join(', ')}, tzinfo=datetime.timezone.utc)`
}
