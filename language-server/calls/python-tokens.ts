/**
 * A light Python tokenizer: names, strings (any prefix, triple-quoted too), numbers and punctuation,
 * with comments dropped, so calls are never found inside strings, docstrings or comments.
 */

export const enum PyToken {
  Name,
  String,
  /** An f-string, or a string with a prefix whose value the model does not decode (bytes). */
  OtherString,
  Number,
  Punct,
}

export interface PyTokenInfo {
  kind: PyToken
  start: number
  end: number
  /** Source text; for plain strings, the decoded value. */
  text: string
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' }
const STRING_START = /^([rRuUbBfF]{0,2})('''|"""|'|")/

export function tokenizePython(text: string): PyTokenInfo[] {
  const tokens: PyTokenInfo[] = []
  let at = 0
  while (at < text.length) {
    const c = text[at]!
    const start = at
    const rest = text.slice(at, at + 6)
    const stringStart = STRING_START.exec(rest)
    if (/\s/.test(c) || (c === '\\' && text[at + 1] === '\n')) {
      at++
    } else if (c === '#') {
      const end = text.indexOf('\n', at)
      at = end < 0 ? text.length : end
    } else if (stringStart && (stringStart[1] === '' || /[\p{L}_]/u.test(c))) {
      const prefix = stringStart[1]!.toLowerCase()
      const quote = stringStart[2]!
      at += stringStart[0].length
      const raw = prefix.includes('r')
      let value = ''
      for (;;) {
        if (at >= text.length || (quote.length === 1 && text[at] === '\n')) break
        if (text.startsWith(quote, at)) {
          at += quote.length
          break
        }
        if (text[at] === '\\' && at + 1 < text.length) {
          value += raw ? text.slice(at, at + 2) : (ESCAPES[text[at + 1]!] ?? (text[at + 1] === '\n' ? '' : text.slice(at, at + 2)))
          at += 2
        } else {
          value += text[at++]
        }
      }
      const plain = !prefix.includes('f') && !prefix.includes('b')
      tokens.push({ kind: plain ? PyToken.String : PyToken.OtherString, start, end: at, text: plain ? value : text.slice(start, at) })
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[at + 1] ?? ''))) {
      const match = /^(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)[jJ]?/.exec(text.slice(at))!
      at += Math.max(1, match[0].length)
      tokens.push({ kind: PyToken.Number, start, end: at, text: text.slice(start, at) })
    } else if (/[\p{L}_]/u.test(c)) {
      at++
      while (at < text.length && /[\p{L}\p{N}_]/u.test(text[at]!)) at++
      tokens.push({ kind: PyToken.Name, start, end: at, text: text.slice(start, at) })
    } else {
      const punct = ['**', '//', '->', ':=', '==', '!=', '<=', '>='].find((candidate) => text.startsWith(candidate, at)) ?? c
      at += punct.length
      tokens.push({ kind: PyToken.Punct, start, end: at, text: punct })
    }
  }
  return tokens
}
