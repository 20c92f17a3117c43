/**
 * The scratchpad cell language (`tl-request`): its grammar, tokenizer and error-tolerant parser.
 *
 *   cell      := { ordered | call [ ";" | "," ] }
 *   ordered   := a line comment reading exactly `// ordered`
 *   call      := name [ "(" [ object ] ")" ]  |  object          a method, or `{ _: "method", ... }`
 *   name      := ident { "." ident }                             messages.getHistory, inputPeerSelf
 *   value     := string | number | bigint | "true" | "false" | "null"
 *              | array | object | call | reference
 *   object    := "{" [ property { "," property } [ "," ] ] "}"
 *   property  := ( ident | string ) ":" value                   `_: "name"` makes the object a TL object
 *   array     := "[" [ value { "," value } [ "," ] ] "]"
 *   reference := "$" ( digits | "last" ) { "." ident | "[" digits "]" }
 *   string    := '...' | "..."                                  JSON5 escapes
 *   number    := [ "-" ] ( digits [ "." digits ] [ exponent ] | "0x" hexdigits )
 *   bigint    := [ "-" ] ( digits | "0x" hexdigits ) "n"
 *   comments  := "//" to end of line | "/*" to "*\/"
 *
 * The parser never throws. Whatever it cannot read becomes a diagnostic, and unclosed brackets end at
 * the end of the text, so the text up to a cursor still gives a tree that completion can walk.
 */
import type {
  ArrayNode,
  CallNode,
  KeyNode,
  NameNode,
  ObjectNode,
  PathSegment,
  PropertyNode,
  ReferenceNode,
  RequestComment,
  RequestDiagnostic,
  RequestDocument,
  SourceRange,
  TlObjectNode,
  ValueNode,
} from './ast'

/** Stable diagnostic codes produced by the parser. */
export const RequestParseCode = {
  /** A token that cannot appear where it was found. */
  syntax: 'syntax',
  /** A bracket, brace or parenthesis left open at the end of the text. */
  unclosed: 'unclosed',
  /** A string without its closing quote on the same line. */
  unterminatedString: 'unterminated-string',
  /** `/*` without `*\/`. */
  unterminatedComment: 'unterminated-comment',
  /** A backslash sequence JSON5 does not define (`\q` is read as `q`). */
  invalidEscape: 'invalid-escape',
  /** `0x` without digits, `1e` without an exponent, `1.5n`. */
  invalidNumber: 'invalid-number',
  /** A property whose value is missing: `{ peer: }`. */
  missingValue: 'missing-value',
  /** A constructor named as a value without `()`: `filter: inputMessagesFilterEmpty`. */
  missingParentheses: 'missing-parentheses',
  /** `$` not followed by a result number or `last`. */
  invalidReference: 'invalid-reference',
  /** A call given something other than one object: `getHistory("me")`. */
  unexpectedArgument: 'unexpected-argument',
  /** A top-level value that is not a call. */
  notACall: 'not-a-call',
} as const

const enum Kind {
  End,
  Name,
  String,
  Number,
  BigInt,
  Reference,
  Punct,
  Invalid,
}

interface Token {
  kind: Kind
  start: number
  end: number
  /** Source text, except for strings, where it is the decoded value. */
  text: string
  /** Strings: the range inside the quotes. */
  inner?: SourceRange
}

const ORDERED_MARKER = /^\/\/\s*ordered\s*$/

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f
}
function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c)
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
}

const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0', "'": "'", '"': '"', '\\': '\\', '/': '/',
}

/** Splits a cell into tokens, collecting comments and the diagnostics of malformed literals. */
class Tokenizer {
  private offset = 0
  readonly comments: RequestComment[] = []
  orderedRange: SourceRange | undefined

  constructor(
    private readonly text: string,
    private readonly diagnostics: RequestDiagnostic[],
  ) {}

  private report(start: number, end: number, code: string, message: string): void {
    this.diagnostics.push({ range: { start, end }, severity: 'error', code, message })
  }

  next(): Token {
    this.skipTrivia()
    const { text } = this
    const start = this.offset
    if (start >= text.length) return { kind: Kind.End, start, end: start, text: '' }
    const c = text.charCodeAt(start)

    if (isNameStart(c)) {
      let end = start + 1
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++
      return this.take(Kind.Name, end)
    }
    if (c === 0x22 || c === 0x27) return this.string(c)
    if (isDigit(c) || ((c === 0x2d || c === 0x2e) && this.startsNumber(start + 1, c === 0x2e))) return this.number()
    if (c === 0x24) {
      let end = start + 1
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++
      return this.take(Kind.Reference, end)
    }
    if ('{}[](),:.;'.includes(text[start]!)) return this.take(Kind.Punct, start + 1)

    const end = start + (c >= 0xd800 && c <= 0xdbff ? 2 : 1)
    this.report(start, end, RequestParseCode.syntax, `Unexpected character '${text.slice(start, end)}'.`)
    return this.take(Kind.Invalid, end)
  }

  private take(kind: Kind, end: number): Token {
    const token = { kind, start: this.offset, end, text: this.text.slice(this.offset, end) }
    this.offset = end
    return token
  }

  private startsNumber(at: number, afterDot: boolean): boolean {
    const c = this.text.charCodeAt(at)
    return isDigit(c) || (!afterDot && c === 0x2e && isDigit(this.text.charCodeAt(at + 1)))
  }

  private skipTrivia(): void {
    const { text } = this
    while (this.offset < text.length) {
      const c = text.charCodeAt(this.offset)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff || c === 0xa0 || c === 0x0c || c === 0x0b) {
        this.offset++
      } else if (c === 0x2f && text.charCodeAt(this.offset + 1) === 0x2f) {
        let end = text.indexOf('\n', this.offset)
        if (end < 0) end = text.length
        if (text.charCodeAt(end - 1) === 0x0d) end--
        this.comment(this.offset, end)
        if (ORDERED_MARKER.test(text.slice(this.offset, end))) this.orderedRange ??= { start: this.offset, end }
        this.offset = end
      } else if (c === 0x2f && text.charCodeAt(this.offset + 1) === 0x2a) {
        const close = text.indexOf('*/', this.offset + 2)
        const end = close < 0 ? text.length : close + 2
        if (close < 0) this.report(this.offset, end, RequestParseCode.unterminatedComment, "Comment is missing its closing '*/'.")
        this.comment(this.offset, end)
        this.offset = end
      } else {
        return
      }
    }
  }

  private comment(start: number, end: number): void {
    this.comments.push({ range: { start, end }, text: this.text.slice(start, end) })
  }

  private string(quote: number): Token {
    const { text } = this
    const start = this.offset
    let value = ''
    let at = start + 1
    for (;;) {
      if (at >= text.length || text.charCodeAt(at) === 0x0a || text.charCodeAt(at) === 0x0d) {
        this.report(start, at, RequestParseCode.unterminatedString, 'String is missing its closing quote.')
        break
      }
      const c = text.charCodeAt(at)
      if (c === quote) {
        at++
        break
      }
      if (c !== 0x5c) {
        value += text[at]
        at++
        continue
      }
      at = this.escape(at, (decoded) => (value += decoded))
    }
    this.offset = at
    const closed = text.charCodeAt(at - 1) === quote && at - 1 > start
    return { kind: Kind.String, start, end: at, text: value, inner: { start: start + 1, end: closed ? at - 1 : at } }
  }

  /** Decodes the escape at `at` (a backslash) and returns the offset after it. */
  private escape(at: number, append: (decoded: string) => void): number {
    const { text } = this
    const letter = text[at + 1]
    if (letter === undefined) return at + 1
    if (letter === '\n') return at + 2
    if (letter === '\r') return text[at + 2] === '\n' ? at + 3 : at + 2
    if (letter in SIMPLE_ESCAPES && !(letter === '0' && isDigit(text.charCodeAt(at + 2)))) {
      append(SIMPLE_ESCAPES[letter]!)
      return at + 2
    }
    const hex = letter === 'x' ? /^[0-9a-fA-F]{2}/ : letter === 'u' ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/ : undefined
    const digits = hex?.exec(text.slice(at + 2, at + 10))?.[0]
    if (digits) {
      const code = Number.parseInt(digits.replace(/[{}]/g, ''), 16)
      if (code <= 0x10ffff) {
        append(String.fromCodePoint(code))
        return at + 2 + digits.length
      }
    }
    this.report(at, at + 2, RequestParseCode.invalidEscape, `Unknown escape sequence '\\${letter}'.`)
    append(letter)
    return at + 2
  }

  private number(): Token {
    const { text } = this
    const start = this.offset
    let at = start
    if (text[at] === '-') at++
    let valid = true
    let integer = true
    if (text[at] === '0' && (text[at + 1] === 'x' || text[at + 1] === 'X')) {
      at += 2
      const digitsStart = at
      while (isHexDigit(text.charCodeAt(at))) at++
      valid = at > digitsStart
    } else {
      while (isDigit(text.charCodeAt(at))) at++
      if (text[at] === '.') {
        integer = false
        at++
        while (isDigit(text.charCodeAt(at))) at++
      }
      if (text[at] === 'e' || text[at] === 'E') {
        integer = false
        at++
        if (text[at] === '+' || text[at] === '-') at++
        const exponentStart = at
        while (isDigit(text.charCodeAt(at))) at++
        valid = at > exponentStart
      }
    }
    let kind = Kind.Number
    if (text[at] === 'n') {
      at++
      kind = Kind.BigInt
      if (!integer) valid = false
    }
    // `12abc`: the letters belong to the malformed literal, not to a following name.
    while (isNamePart(text.charCodeAt(at))) {
      at++
      valid = false
    }
    if (!valid) {
      this.report(start, at, RequestParseCode.invalidNumber, `'${text.slice(start, at)}' is not a valid number.`)
    }
    // A malformed literal still stands where a number was meant (its value NaN), so no error cascades from it.
    return this.take(valid ? kind : Kind.Number, at)
  }
}

/** Parses a scratchpad cell. Never throws; see the grammar at the top of this module. */
export function parseRequest(text: string): RequestDocument {
  return new Parser(text).parse()
}

/** Reads a number literal as written in a cell (`-0x10`, `1e3`). */
export function numberFromLiteral(text: string): number {
  const negative = text.startsWith('-')
  const body = negative ? text.slice(1) : text
  const value = /^0x/i.test(body) ? Number.parseInt(body.slice(2), 16) : Number(body)
  return negative ? -value : value
}

/** Reads an integer literal exactly, as a bigint (`-0x10`, `123n`); undefined when it has a fraction or exponent. */
export function bigintFromLiteral(text: string): bigint | undefined {
  const trimmed = text.endsWith('n') ? text.slice(0, -1) : text
  const negative = trimmed.startsWith('-')
  const body = negative ? trimmed.slice(1) : trimmed
  if (!/^(?:0x[0-9a-f]+|[0-9]+)$/i.test(body)) return undefined
  const value = BigInt(body)
  return negative ? -value : value
}

class Parser {
  private readonly diagnostics: RequestDiagnostic[] = []
  private readonly tokenizer: Tokenizer
  private token: Token
  /** End of the last consumed token: where a node that stops early ends. */
  private lastEnd = 0

  constructor(private readonly text: string) {
    this.tokenizer = new Tokenizer(text, this.diagnostics)
    this.token = this.tokenizer.next()
  }

  parse(): RequestDocument {
    const calls: TlObjectNode[] = []
    while (!this.atEnd()) {
      const before = this.token
      if (this.isPunct(';') || this.isPunct(',')) {
        this.advance()
        continue
      }
      const value = this.value()
      if (value?.kind === 'call' || value?.kind === 'object') {
        calls.push(value)
      } else if (value) {
        this.error(value.range, RequestParseCode.notACall, 'Expected a method call, such as help.getConfig().')
      }
      if (this.token === before) {
        this.unexpected('a method call')
        this.advance()
      }
    }
    const document: RequestDocument = {
      calls,
      ordered: this.tokenizer.orderedRange !== undefined,
      comments: this.tokenizer.comments,
      diagnostics: this.diagnostics.sort((a, b) => a.range.start - b.range.start),
    }
    if (this.tokenizer.orderedRange) document.orderedRange = this.tokenizer.orderedRange
    return document
  }

  private advance(): Token {
    const token = this.token
    this.lastEnd = token.end
    this.token = this.tokenizer.next()
    return token
  }

  private atEnd(): boolean {
    return this.token.kind === Kind.End
  }

  private isPunct(char: string): boolean {
    return this.token.kind === Kind.Punct && this.token.text === char
  }

  private error(range: SourceRange, code: string, message: string): void {
    this.diagnostics.push({ range, severity: 'error', code, message })
  }

  private unexpected(expected: string): void {
    const { token } = this
    if (token.kind === Kind.Invalid) return // already reported by the tokenizer
    const found = token.kind === Kind.End ? 'end of text' : `'${this.text.slice(token.start, token.end)}'`
    const range = token.kind === Kind.End ? { start: token.start, end: token.start } : { start: token.start, end: token.end }
    this.error(range, RequestParseCode.syntax, `Expected ${expected} but found ${found}.`)
  }

  /** Where a node left open ends: the end of the text when the text ran out, else its last token. */
  private openEnd(): number {
    return this.atEnd() ? this.token.start : this.lastEnd
  }

  /** Reports a bracket left open at the end of the text, at the opening bracket. */
  private unclosed(open: number, close: string): void {
    this.error({ start: open, end: open + 1 }, RequestParseCode.unclosed, `Missing '${close}' to match '${this.text[open]}'.`)
  }

  /** A value, or undefined (nothing consumed) when the current token cannot start one. */
  private value(): ValueNode | undefined {
    const token = this.token
    switch (token.kind) {
      case Kind.String:
        this.advance()
        return { kind: 'string', range: { start: token.start, end: token.end }, value: token.text }
      case Kind.Number:
        this.advance()
        return { kind: 'number', range: { start: token.start, end: token.end }, value: numberFromLiteral(token.text), text: token.text }
      case Kind.BigInt:
        this.advance()
        return { kind: 'bigint', range: { start: token.start, end: token.end }, value: bigintFromLiteral(token.text)! }
      case Kind.Reference:
        return this.reference()
      case Kind.Name:
        if (token.text === 'true' || token.text === 'false') {
          this.advance()
          return { kind: 'boolean', range: { start: token.start, end: token.end }, value: token.text === 'true' }
        }
        if (token.text === 'null') {
          this.advance()
          return { kind: 'null', range: { start: token.start, end: token.end } }
        }
        return this.call()
      case Kind.Punct:
        if (token.text === '{') return this.object()
        if (token.text === '[') return this.array()
        return undefined
      default:
        return undefined
    }
  }

  private name(): NameNode {
    const start = this.token.start
    this.advance()
    // A dotted name is read without spaces around the dots; `messages.` is kept for completion.
    while (this.isPunct('.') && this.token.start === this.lastEnd) {
      this.advance()
      if (this.token.kind === Kind.Name && this.token.start === this.lastEnd) this.advance()
      else break
    }
    const text = this.text.slice(start, this.lastEnd)
    return { range: { start, end: this.lastEnd }, text, name: text }
  }

  private call(): CallNode {
    const name = this.name()
    const node: CallNode = { kind: 'call', range: { start: name.range.start, end: name.range.end }, name, properties: [], closed: false }
    if (!this.isPunct('(')) {
      this.error(name.range, RequestParseCode.missingParentheses, `Expected '(' after '${name.text}'.`)
      return node
    }
    const open = this.advance()
    const argumentsStart = open.end
    while (!this.isPunct(')') && !this.atEnd()) {
      const before = this.token
      const argument = this.value()
      if (argument?.kind === 'object' && !argument.name && !node.objectRange) {
        node.objectRange = argument.range
        node.properties = argument.properties
      } else if (argument) {
        this.error(argument.range, RequestParseCode.unexpectedArgument, 'Parameters are passed as one object: name({ key: value }).')
      }
      if (this.isPunct(',')) this.advance()
      else if (!this.isPunct(')') && this.token === before) {
        if (this.isStructuralClose()) break
        this.unexpected("')'")
        this.advance()
      } else if (!this.isPunct(')') && !this.atEnd()) {
        this.unexpected("',' or ')'")
        if (this.isStructuralClose()) break
      }
    }
    node.argumentsRange = { start: argumentsStart, end: this.isPunct(')') || this.atEnd() ? this.token.start : this.lastEnd }
    if (this.isPunct(')')) {
      this.advance()
      node.closed = true
    } else {
      this.unclosed(open.start, ')')
    }
    node.range.end = node.closed ? this.lastEnd : this.openEnd()
    return node
  }

  /** A closing bracket that belongs to an enclosing construct: stop here and let it close that. */
  private isStructuralClose(): boolean {
    return this.isPunct('}') || this.isPunct(']') || this.isPunct(')')
  }

  private object(): ObjectNode {
    const open = this.advance()
    const node: ObjectNode = { kind: 'object', range: { start: open.start, end: open.end }, properties: [], closed: false }
    while (!this.isPunct('}') && !this.atEnd()) {
      const before = this.token
      const property = this.property()
      if (property) {
        const { key, value } = property
        if (key?.text === '_' && !node.name && value?.kind === 'string') {
          const inner = this.quotedRange(value.range)
          node.name = { range: inner, text: value.value, name: value.value }
        } else {
          node.properties.push(property)
        }
      }
      if (this.isPunct(',')) {
        this.advance()
      } else if (!this.isPunct('}') && !this.atEnd()) {
        if (this.isPunct(')') || this.isPunct(']')) break
        this.unexpected("',' or '}'")
        // Keep going when the next token can start a property, so one missing comma costs one diagnostic.
        if (this.token === before || (this.token.kind !== Kind.Name && this.token.kind !== Kind.String)) this.advance()
      }
    }
    if (this.isPunct('}')) {
      this.advance()
      node.closed = true
    } else {
      this.unclosed(open.start, '}')
    }
    node.range.end = node.closed ? this.lastEnd : this.openEnd()
    return node
  }

  private quotedRange(range: SourceRange): SourceRange {
    const closed = range.end - range.start >= 2 && this.text[range.end - 1] === this.text[range.start]
    return { start: range.start + 1, end: closed ? range.end - 1 : range.end }
  }

  private property(): PropertyNode | undefined {
    const token = this.token
    if (token.kind !== Kind.Name && token.kind !== Kind.String) {
      this.unexpected('a parameter name')
      return undefined
    }
    this.advance()
    const keyRange = token.kind === Kind.String ? token.inner! : { start: token.start, end: token.end }
    const key: KeyNode = { range: keyRange, text: token.text, name: token.text }
    const property: PropertyNode = { range: { start: token.start, end: token.end }, key, name: key.name }
    if (!this.isPunct(':')) {
      this.unexpected("':'")
      return property
    }
    this.advance()
    const value = this.value()
    if (value) {
      property.value = value
      property.range.end = this.lastEnd
    } else {
      // The property reaches up to what follows, so a cursor in `{ peer: | }` is inside it.
      const at = this.token.start
      this.error({ start: at, end: at }, RequestParseCode.missingValue, `Expected a value for '${key.text}'.`)
      property.range.end = at
    }
    return property
  }

  private array(): ArrayNode {
    const open = this.advance()
    const node: ArrayNode = { kind: 'array', range: { start: open.start, end: open.end }, elements: [], closed: false }
    while (!this.isPunct(']') && !this.atEnd()) {
      const before = this.token
      const element = this.value()
      if (element) node.elements.push(element)
      if (this.isPunct(',')) {
        this.advance()
      } else if (!this.isPunct(']') && !this.atEnd()) {
        if (this.isPunct('}') || this.isPunct(')')) break
        this.unexpected("',' or ']'")
        if (this.token === before) this.advance()
      }
    }
    if (this.isPunct(']')) {
      this.advance()
      node.closed = true
    } else {
      this.unclosed(open.start, ']')
    }
    node.range.end = node.closed ? this.lastEnd : this.openEnd()
    return node
  }

  private reference(): ReferenceNode {
    const token = this.advance()
    const body = token.text.slice(1)
    const targetRange = { start: token.start, end: token.end }
    let target: number | 'last' = 0
    if (body === 'last') target = 'last'
    else if (/^[1-9][0-9]*$/.test(body)) target = Number(body)
    else this.error(targetRange, RequestParseCode.invalidReference, `Expected '$' followed by a result number or 'last', such as $1.`)

    const path: PathSegment[] = []
    for (;;) {
      if (this.isPunct('.') && this.token.start === this.lastEnd) {
        const dot = this.advance()
        if (this.token.kind === Kind.Name && this.token.start === dot.end) {
          const name = this.advance()
          path.push({ kind: 'property', range: { start: name.start, end: name.end }, name: name.text })
        } else {
          // `$1.` while typing: an empty segment where completion will offer field names.
          path.push({ kind: 'property', range: { start: dot.end, end: dot.end }, name: '' })
          this.unexpected('a field name')
          break
        }
      } else if (this.isPunct('[') && this.token.start === this.lastEnd) {
        const open = this.advance()
        const index = this.token
        if (index.kind === Kind.Number && /^[0-9]+$/.test(index.text)) {
          this.advance()
          path.push({ kind: 'index', range: { start: index.start, end: index.end }, index: Number(index.text) })
        } else {
          this.unexpected('an index')
        }
        if (this.isPunct(']')) this.advance()
        else this.unclosed(open.start, ']')
      } else {
        break
      }
    }
    return { kind: 'reference', range: { start: token.start, end: this.lastEnd }, target, targetRange, path }
  }
}
