/**
 * The TL lexer. It scans lazily, one token at a time, straight from the source string, so the
 * parser allocates nothing per token and can reach back into the text (for `name#hex` ids).
 */
import type { Comment } from './ast'

export enum Token {
  EndOfFile,
  /** `messages.sendMessage`, `flags`, `int128`: letters, digits and `_`, joined by `.` before a letter. */
  Identifier,
  Number,
  /** `---types---` or `---functions---`, or any other `---word---`. */
  SectionMarker,
  Hash,
  Colon,
  Question,
  Dot,
  Percent,
  Bang,
  Equals,
  Semicolon,
  Comma,
  LessThan,
  GreaterThan,
  OpenBrace,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  /** A character TL has no use for, or an unterminated comment. */
  Unknown,
}

const enum Char {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Bang = 33,
  Hash = 35,
  Percent = 37,
  Asterisk = 42,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Digit0 = 48,
  Digit9 = 57,
  Colon = 58,
  Semicolon = 59,
  LessThan = 60,
  Equals = 61,
  GreaterThan = 62,
  Question = 63,
  UpperA = 65,
  UpperF = 70,
  UpperZ = 90,
  OpenBracket = 91,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerF = 102,
  LowerZ = 122,
  OpenBrace = 123,
  CloseBrace = 125,
}

export function isLowercase(c: number): boolean {
  return c >= Char.LowerA && c <= Char.LowerZ
}

export function isLetter(c: number): boolean {
  return (c >= Char.LowerA && c <= Char.LowerZ) || (c >= Char.UpperA && c <= Char.UpperZ)
}

function isDigit(c: number): boolean {
  return c >= Char.Digit0 && c <= Char.Digit9
}

function isIdentifierPart(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === Char.Underscore
}

export function isHexDigit(c: number): boolean {
  return (
    isDigit(c) || (c >= Char.LowerA && c <= Char.LowerF) || (c >= Char.UpperA && c <= Char.UpperF)
  )
}

/** The token of a one-character punctuation mark; a switch is markedly faster here than a Map. */
function punctuation(c: number): Token {
  switch (c) {
    case Char.Hash:
      return Token.Hash
    case Char.Colon:
      return Token.Colon
    case Char.Question:
      return Token.Question
    case Char.Dot:
      return Token.Dot
    case Char.Percent:
      return Token.Percent
    case Char.Bang:
      return Token.Bang
    case Char.Equals:
      return Token.Equals
    case Char.Semicolon:
      return Token.Semicolon
    case Char.Comma:
      return Token.Comma
    case Char.LessThan:
      return Token.LessThan
    case Char.GreaterThan:
      return Token.GreaterThan
    case Char.OpenBrace:
      return Token.OpenBrace
    case Char.CloseBrace:
      return Token.CloseBrace
    case Char.OpenBracket:
      return Token.OpenBracket
    case Char.CloseBracket:
      return Token.CloseBracket
    default:
      return Token.Unknown
  }
}

export class Scanner {
  /** Kind of the current token. */
  token: Token = Token.EndOfFile
  tokenStart = 0
  tokenEnd = 0
  /** Whether a line break separates the current token from the previous one (or it starts the text). */
  newlineBefore = true
  /** For an identifier, where its last namespace segment starts (`Messages` in `messages.Messages`). */
  lastSegmentStart = 0
  /** Set when the current Unknown token is a `/*` comment that never closes. */
  unterminatedComment = false
  private pos = 0

  constructor(
    readonly text: string,
    private readonly comments: Comment[],
  ) {}

  tokenText(): string {
    return this.text.slice(this.tokenStart, this.tokenEnd)
  }

  /** Advances to the next token, collecting the comments it passes over. */
  next(): Token {
    const text = this.text
    const length = text.length
    let pos = this.pos
    this.newlineBefore = pos === 0
    this.unterminatedComment = false
    for (;;) {
      if (pos >= length) {
        this.pos = this.tokenStart = this.tokenEnd = length
        return (this.token = Token.EndOfFile)
      }
      const c = text.charCodeAt(pos)
      if (c === Char.LineFeed) {
        this.newlineBefore = true
        pos++
      } else if (c === Char.Space || c === Char.Tab || c === Char.CarriageReturn) {
        pos++
      } else if (c === Char.Slash && text.charCodeAt(pos + 1) === Char.Slash) {
        let end = text.indexOf('\n', pos + 2)
        if (end < 0) end = length
        let textEnd = end
        if (text.charCodeAt(textEnd - 1) === Char.CarriageReturn) textEnd--
        this.comments.push({ range: { start: pos, end: textEnd }, text: text.slice(pos + 2, textEnd).trim() })
        pos = end
      } else if (c === Char.Slash && text.charCodeAt(pos + 1) === Char.Asterisk) {
        const close = text.indexOf('*/', pos + 2)
        if (close < 0) {
          // Everything to the end is swallowed; the parser reports it once.
          this.tokenStart = pos
          this.pos = this.tokenEnd = length
          this.unterminatedComment = true
          return (this.token = Token.Unknown)
        }
        this.comments.push({ range: { start: pos, end: close + 2 }, text: text.slice(pos + 2, close).trim() })
        if (text.lastIndexOf('\n', close) > pos) this.newlineBefore = true
        pos = close + 2
      } else {
        this.tokenStart = pos
        this.token = this.scanToken(c, pos)
        return this.token
      }
    }
  }

  private scanToken(c: number, start: number): Token {
    const text = this.text
    let pos = start
    if (isLetter(c) || c === Char.Underscore) {
      this.lastSegmentStart = pos
      pos++
      for (;;) {
        const d = text.charCodeAt(pos)
        if (isIdentifierPart(d)) pos++
        // A dot joins namespace segments (`messages.Messages`) but not `flags.3`.
        else if (d === Char.Dot && isLetter(text.charCodeAt(pos + 1))) {
          this.lastSegmentStart = pos + 1
          pos += 2
        } else break
      }
      this.pos = this.tokenEnd = pos
      return Token.Identifier
    }
    if (isDigit(c)) {
      while (isDigit(text.charCodeAt(pos))) pos++
      this.pos = this.tokenEnd = pos
      return Token.Number
    }
    if (c === Char.Minus && text.startsWith('---', pos)) {
      let end = pos + 3
      while (isLetter(text.charCodeAt(end))) end++
      if (end > pos + 3 && text.startsWith('---', end)) {
        this.pos = this.tokenEnd = end + 3
        return Token.SectionMarker
      }
    }
    this.pos = this.tokenEnd = pos + 1
    return punctuation(c)
  }

  /**
   * Reads the hex digits of a `name#hex` id right after the current `#` token, without skipping
   * whitespace (a space after `#` makes it the flags type, not an id). Returns the end offset.
   */
  scanHexDigits(): number {
    let pos = this.pos
    while (isHexDigit(this.text.charCodeAt(pos))) pos++
    this.pos = pos
    return pos
  }

}
