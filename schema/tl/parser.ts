/**
 * A recursive-descent parser for TL as Telegram writes it (api.tl, mtproto.tl). It never throws:
 * a definition it cannot read becomes one diagnostic, the parser skips to the end of that
 * definition, and the rest of the text is parsed as usual.
 */
import type {
  Comment,
  Definition,
  DefinitionKind,
  FlagCondition,
  GenericParam,
  Param,
  SourceRange,
  TlDiagnostic,
  TlDocument,
  TypeExpr,
} from './ast'
import { isLetter, isLowercase, Scanner, Token as ScannerToken } from './scanner'

// A module-local binding: when this file is loaded through a CommonJS transform (tsx, tests),
// every `Token.X` read on the import itself would go through an export getter in the hot loop.
const Token = ScannerToken
type Token = ScannerToken

/** Stable diagnostic codes produced by the parser. */
export const ParseErrorCode = {
  /** A token that cannot appear where it was found. */
  syntax: 'syntax',
  /** A definition whose result type is not followed by `;`. */
  missingSemicolon: 'missing-semicolon',
  /** `name#` followed by something other than 1 to 8 hex digits. */
  invalidId: 'invalid-id',
  /** A flag bit that is not a plain decimal number. */
  invalidFlagBit: 'invalid-flag-bit',
  /** `/*` without its closing `*\/`. */
  unterminatedComment: 'unterminated-comment',
  /** A `---word---` marker other than `---types---` and `---functions---`. */
  unknownSection: 'unknown-section',
} as const

const tokenDescriptions: Record<Token, string> = {
  [Token.EndOfFile]: 'end of file',
  [Token.Identifier]: 'a name',
  [Token.Number]: 'a number',
  [Token.SectionMarker]: 'a section marker',
  [Token.Hash]: "'#'",
  [Token.Colon]: "':'",
  [Token.Question]: "'?'",
  [Token.Dot]: "'.'",
  [Token.Percent]: "'%'",
  [Token.Bang]: "'!'",
  [Token.Equals]: "'='",
  [Token.Semicolon]: "';'",
  [Token.Comma]: "','",
  [Token.LessThan]: "'<'",
  [Token.GreaterThan]: "'>'",
  [Token.OpenBrace]: "'{'",
  [Token.CloseBrace]: "'}'",
  [Token.OpenBracket]: "'['",
  [Token.CloseBracket]: "']'",
  [Token.Unknown]: 'an unexpected character',
}

/** Thrown inside one definition and caught at the definition boundary; never escapes parseTl. */
class DefinitionError {
  constructor(readonly diagnostic: TlDiagnostic) {}
}

export function parseTl(text: string): TlDocument {
  return new Parser(text).parseDocument()
}

class Parser {
  private readonly definitions: Definition[] = []
  private readonly diagnostics: TlDiagnostic[] = []
  private readonly comments: Comment[] = []
  private readonly scanner: Scanner
  private kind: DefinitionKind = 'constructor'
  /** The last token consumed, for ranges that stop before the current token. */
  private lastStart = 0
  private lastEnd = 0

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text, this.comments)
  }

  parseDocument(): TlDocument {
    const scanner = this.scanner
    scanner.next()
    while (scanner.token !== Token.EndOfFile) {
      if (scanner.token === Token.SectionMarker) {
        this.parseSectionMarker()
        continue
      }
      if (scanner.token === Token.Unknown && scanner.unterminatedComment) {
        this.report(this.tokenRange(), ParseErrorCode.unterminatedComment, "Comment is missing its closing '*/'")
        scanner.next()
        continue
      }
      try {
        this.definitions.push(this.parseDefinition())
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error
        this.diagnostics.push(error.diagnostic)
        this.recover()
      }
    }
    return { definitions: this.definitions, diagnostics: this.diagnostics, comments: this.comments }
  }

  private parseSectionMarker(): void {
    const marker = this.scanner.tokenText()
    if (marker === '---functions---') this.kind = 'method'
    else if (marker === '---types---') this.kind = 'constructor'
    else {
      const message = `Unknown section '${marker}'; expected '---types---' or '---functions---'`
      this.report(this.tokenRange(), ParseErrorCode.unknownSection, message)
    }
    this.advance()
  }

  /**
   * Skips the rest of a broken definition: through its `;`, or up to a section marker or a line
   * that starts like a new definition (`name#id`), so a missing `;` costs only one definition.
   */
  private recover(): void {
    const scanner = this.scanner
    for (;;) {
      const token = scanner.token
      if (token === Token.EndOfFile || token === Token.SectionMarker) return
      if (token === Token.Semicolon) {
        this.advance()
        return
      }
      if (this.atDefinitionStart()) return
      this.advance()
    }
  }

  /** A line that begins with `name#`: the start of the next definition, whatever came before. */
  private atDefinitionStart(): boolean {
    const scanner = this.scanner
    return scanner.newlineBefore && scanner.token === Token.Identifier && this.text.charCodeAt(scanner.tokenEnd) === 35
  }

  private parseDefinition(): Definition {
    const scanner = this.scanner
    const start = scanner.tokenStart
    const name = this.expectIdentifier('a definition name')
    const nameRange = this.lastRange()

    let declaredId: number | undefined
    let idRange: SourceRange | undefined
    // `name#hex` with nothing in between; `name #` would be an anonymous flags parameter.
    if (scanner.token === Token.Hash && scanner.tokenStart === nameRange.end) {
      const hashStart = scanner.tokenStart
      const hexEnd = scanner.scanHexDigits()
      const digits = hexEnd - hashStart - 1
      idRange = { start: hashStart, end: hexEnd }
      if (digits === 0 || digits > 8) {
        throw this.error(idRange, ParseErrorCode.invalidId, 'A constructor id is 1 to 8 hex digits after #')
      }
      declaredId = Number.parseInt(this.text.slice(hashStart + 1, hexEnd), 16)
      this.advance()
    }

    const generics: GenericParam[] = []
    while (scanner.token === Token.OpenBrace) generics.push(this.parseGeneric())

    const params: Param[] = []
    let builtinVector = false
    if (scanner.token === Token.Hash) {
      this.parseVectorBody()
      builtinVector = true
    } else {
      while (scanner.token !== Token.Equals && !this.atDefinitionStart()) params.push(this.parseParam())
    }
    this.expect(Token.Equals, "'=' before the result type")
    const result = this.parseTypeExpr(true)

    let end: number
    if (scanner.token === Token.Semicolon) {
      end = scanner.tokenEnd
      this.advance()
    } else if (scanner.newlineBefore || scanner.token === Token.EndOfFile) {
      // Keep the definition: a forgotten `;` at the end of a line is the likeliest slip.
      end = result.range.end
      this.report({ start: end, end }, ParseErrorCode.missingSemicolon, "Expected ';' after the result type")
    } else {
      throw this.unexpected("';' after the result type")
    }

    const definition: Definition = {
      range: { start, end },
      kind: this.kind,
      name,
      nameRange,
      generics,
      params,
      result,
    }
    if (declaredId !== undefined) {
      definition.declaredId = declaredId
      definition.idRange = idRange
    }
    if (builtinVector) definition.builtinVector = true
    return definition
  }

  /** `{X:Type}` */
  private parseGeneric(): GenericParam {
    const start = this.scanner.tokenStart
    this.advance()
    const name = this.expectIdentifier('a generic parameter name')
    this.expect(Token.Colon, "':' after the generic parameter name")
    const type = this.expectIdentifier("the generic parameter's kind, such as 'Type'")
    this.expect(Token.CloseBrace, "'}' closing the generic parameter")
    return { range: { start, end: this.lastEnd }, name, type }
  }

  /** The body `# [ t ]` that only the built-in vector definition has. */
  private parseVectorBody(): void {
    this.advance()
    this.expect(Token.OpenBracket, "'[' in the built-in vector definition")
    this.expectIdentifier('the element type of the built-in vector')
    this.expect(Token.CloseBracket, "']' in the built-in vector definition")
  }

  /** `name:Type` or `name:flags.N?Type` */
  private parseParam(): Param {
    const scanner = this.scanner
    const start = scanner.tokenStart
    const name = this.expectIdentifier("a parameter name or '='")
    const nameRange = this.lastRange()
    this.expect(Token.Colon, "':' after the parameter name")

    let condition: FlagCondition | undefined
    if (scanner.token === Token.Identifier && this.isFlagCondition()) condition = this.parseFlagCondition()

    const type = this.parseTypeExpr(false)
    const param: Param = { range: { start, end: type.range.end }, name, nameRange, type }
    if (condition) param.condition = condition
    return param
  }

  /** Whether the identifier at the cursor is followed by `.` and a digit, as in `flags.3?`. */
  private isFlagCondition(): boolean {
    const end = this.scanner.tokenEnd
    if (this.text.charCodeAt(end) !== 46) return false
    const next = this.text.charCodeAt(end + 1)
    return !isLetter(next)
  }

  private parseFlagCondition(): FlagCondition {
    const scanner = this.scanner
    const start = scanner.tokenStart
    const field = scanner.tokenText()
    this.advance()
    this.expect(Token.Dot, "'.' between the flags field and the bit")
    if (scanner.token !== Token.Number) {
      throw this.error(this.tokenRange(), ParseErrorCode.invalidFlagBit, 'Expected a bit number after the flags field')
    }
    const bit = Number(scanner.tokenText())
    this.advance()
    this.expect(Token.Question, "'?' after the flag bit")
    return { range: { start, end: this.lastEnd }, field, bit }
  }

  /**
   * A type: `int`, `%Message`, `!X`, `#`, `Vector<long>`, or with space-separated arguments
   * (`Vector t`). Space-separated arguments must stay on the type's line and, among parameters,
   * must not be followed by `:` (that would be the next parameter's name).
   */
  private parseTypeExpr(isResult: boolean): TypeExpr {
    const scanner = this.scanner
    const start = scanner.tokenStart
    if (scanner.token === Token.Hash) {
      this.advance()
      return { range: { start, end: this.lastEnd }, name: '#', bare: false, bang: false, args: [] }
    }
    let bang = false
    let percent = false
    if (scanner.token === Token.Bang) {
      bang = true
      this.advance()
    } else if (scanner.token === Token.Percent) {
      percent = true
      this.advance()
    }
    // A bare type is named by its constructor: the last namespace segment starts lowercase.
    const bare =
      percent || (scanner.token === Token.Identifier && isLowercase(this.text.charCodeAt(scanner.lastSegmentStart)))
    const name = this.expectIdentifier('a type')
    const args: TypeExpr[] = []
    if (!bang) {
      if (scanner.token === Token.LessThan) {
        this.advance()
        args.push(this.parseTypeExpr(false))
        while (this.at(Token.Comma)) {
          this.advance()
          args.push(this.parseTypeExpr(false))
        }
        this.expect(Token.GreaterThan, "'>' closing the type arguments")
      } else {
        while (this.atSpaceSeparatedArgument(isResult)) args.push(this.parseTypeExpr(isResult))
      }
    }
    const type: TypeExpr = { range: { start, end: this.lastEnd }, name, bare, bang, args }
    if (percent) type.percent = true
    return type
  }

  private atSpaceSeparatedArgument(isResult: boolean): boolean {
    const scanner = this.scanner
    if (scanner.newlineBefore) return false
    if (scanner.token === Token.Percent) return true
    if (scanner.token !== Token.Identifier) return false
    return isResult || this.text.charCodeAt(scanner.tokenEnd) !== 58
  }

  /** Reads the current token afresh, past TypeScript's narrowing from earlier checks. */
  private at(token: Token): boolean {
    return this.scanner.token === token
  }

  private expectIdentifier(what: string): string {
    if (this.scanner.token !== Token.Identifier) throw this.unexpected(what)
    const name = this.scanner.tokenText()
    this.advance()
    return name
  }

  private expect(token: Token, what: string): void {
    if (this.scanner.token !== token) throw this.unexpected(what)
    this.advance()
  }

  private advance(): void {
    this.lastStart = this.scanner.tokenStart
    this.lastEnd = this.scanner.tokenEnd
    this.scanner.next()
  }

  /** The range of the last token consumed. */
  private lastRange(): SourceRange {
    return { start: this.lastStart, end: this.lastEnd }
  }

  private tokenRange(): SourceRange {
    return { start: this.scanner.tokenStart, end: this.scanner.tokenEnd }
  }

  private unexpected(what: string): DefinitionError {
    const scanner = this.scanner
    const found =
      scanner.token === Token.Identifier || scanner.token === Token.Number
        ? `'${scanner.tokenText()}'`
        : tokenDescriptions[scanner.token]
    return this.error(this.tokenRange(), ParseErrorCode.syntax, `Expected ${what}, found ${found}`)
  }

  private error(range: SourceRange, code: string, message: string): DefinitionError {
    return new DefinitionError({ range, severity: 'error', code, message })
  }

  private report(range: SourceRange, code: string, message: string): void {
    this.diagnostics.push({ range, severity: 'error', code, message })
  }
}
