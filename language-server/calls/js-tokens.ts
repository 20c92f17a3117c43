/**
 * A light JavaScript/TypeScript tokenizer: enough to find calls without mistaking text inside strings,
 * template literals, comments or regular expressions for code. It does not build a syntax tree.
 */

export const enum JsToken {
  Name,
  String,
  /** A template literal without `${...}`: its text is known. */
  Template,
  /** A template literal with substitutions. */
  TemplateExpression,
  Number,
  Punct,
  Regex,
}

export interface JsTokenInfo {
  kind: JsToken
  start: number
  end: number
  /** Source text; for strings and plain templates, the decoded value. */
  text: string
}

// After these, a `/` starts a regular expression rather than a division.
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await'])
const PUNCTUATORS = ['...', '?.', '=>', '&&', '||', '??', '==', '!=', '<=', '>=']

function isIdentifierStart(c: string): boolean {
  return /[\p{L}_$]/u.test(c)
}
function isIdentifierPart(c: string): boolean {
  return /[\p{L}\p{N}_$\u200c\u200d]/u.test(c)
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' }

export function tokenizeJs(text: string): JsTokenInfo[] {
  const tokens: JsTokenInfo[] = []
  let at = 0

  const regexAllowed = (): boolean => {
    const previous = tokens.at(-1)
    if (!previous) return true
    if (previous.kind === JsToken.Name) return KEYWORDS_BEFORE_EXPRESSION.has(previous.text)
    if (previous.kind === JsToken.Punct) return !(previous.text === ')' || previous.text === ']' || previous.text === '}')
    return false
  }

  while (at < text.length) {
    const c = text[at]!
    const start = at
    if (/\s/.test(c)) {
      at++
    } else if (c === '/' && text[at + 1] === '/') {
      const end = text.indexOf('\n', at)
      at = end < 0 ? text.length : end
    } else if (c === '/' && text[at + 1] === '*') {
      const end = text.indexOf('*/', at + 2)
      at = end < 0 ? text.length : end + 2
    } else if (c === '"' || c === "'") {
      let value = ''
      at++
      while (at < text.length && text[at] !== c && text[at] !== '\n') {
        if (text[at] === '\\') {
          const next = text[at + 1] ?? ''
          value += ESCAPES[next] ?? next
          at += 2
        } else {
          value += text[at++]
        }
      }
      if (text[at] === c) at++
      tokens.push({ kind: JsToken.String, start, end: at, text: value })
    } else if (c === '`') {
      at = skipTemplate(text, at)
      const raw = text.slice(start + 1, text[at - 1] === '`' ? at - 1 : at)
      const plain = !/(?<!\\)\$\{/.test(raw)
      tokens.push({ kind: plain ? JsToken.Template : JsToken.TemplateExpression, start, end: at, text: plain ? raw : text.slice(start, at) })
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[at + 1] ?? ''))) {
      const match = /^(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)n?/.exec(text.slice(at))!
      at += Math.max(1, match[0].length)
      tokens.push({ kind: JsToken.Number, start, end: at, text: text.slice(start, at) })
    } else if (isIdentifierStart(c)) {
      at++
      while (at < text.length && isIdentifierPart(text[at]!)) at++
      tokens.push({ kind: JsToken.Name, start, end: at, text: text.slice(start, at) })
    } else if (c === '/' && regexAllowed()) {
      at = skipRegex(text, at)
      tokens.push({ kind: JsToken.Regex, start, end: at, text: text.slice(start, at) })
    } else {
      const punct = PUNCTUATORS.find((candidate) => text.startsWith(candidate, at)) ?? c
      at += punct.length
      tokens.push({ kind: JsToken.Punct, start, end: at, text: punct })
    }
  }
  return tokens
}

/** Skips a template literal starting at its backtick, including nested `${ ... }` code. */
function skipTemplate(text: string, at: number): number {
  at++
  while (at < text.length) {
    const c = text[at]
    if (c === '\\') at += 2
    else if (c === '`') return at + 1
    else if (c === '$' && text[at + 1] === '{') at = skipSubstitution(text, at + 2)
    else at++
  }
  return at
}

/** Skips the code of a `${ ... }` up to its closing brace, strings and nested templates included. */
function skipSubstitution(text: string, at: number): number {
  let depth = 1
  while (at < text.length && depth > 0) {
    const c = text[at]!
    if (c === '{') depth++
    else if (c === '}') depth--
    else if (c === '`') {
      at = skipTemplate(text, at)
      continue
    } else if (c === '"' || c === "'") {
      at++
      while (at < text.length && text[at] !== c && text[at] !== '\n') at += text[at] === '\\' ? 2 : 1
    }
    at++
  }
  return at
}

function skipRegex(text: string, at: number): number {
  let inClass = false
  at++
  while (at < text.length && text[at] !== '\n') {
    const c = text[at]
    if (c === '\\') at++
    else if (c === '[') inClass = true
    else if (c === ']') inClass = false
    else if (c === '/' && !inClass) {
      at++
      while (at < text.length && /[a-z]/i.test(text[at]!)) at++
      return at
    }
    at++
  }
  return at
}
