/**
 * The TL syntax tree. Every node carries the source range it was parsed from, as UTF-16 offsets
 * into the text (`start` inclusive, `end` exclusive), so editors can map it to positions.
 */

export interface SourceRange {
  start: number
  end: number
}

/**
 * A type reference: `int`, `InputPeer`, `messages.Messages`, `%Message`, `Vector<long>`,
 * `vector<%Message>`, `!X`, `#`, or the generic parameter `X`.
 */
export interface TypeExpr {
  range: SourceRange
  /** Full name including the namespace, without `%` or `!`: `messages.Messages`, `Vector`, `#`. */
  name: string
  /** `%T`, or a name whose last segment starts with a lowercase letter (a bare constructor or built-in). */
  bare: boolean
  /** `!X`: the parameter holds a serialized query of the generic type X. */
  bang: boolean
  /** Set when the type was written with `%` (`%Message`), which `bare` alone cannot tell for `%int`. */
  percent?: boolean
  /** Type arguments: `Vector<long>` and `Vector long` both give `[long]`. */
  args: TypeExpr[]
}

/** `flags.3?` in `reply_to:flags.3?InputReplyTo`. */
export interface FlagCondition {
  range: SourceRange
  /** The `#` field the bit lives in, e.g. `flags` or `flags2`. */
  field: string
  bit: number
}

export interface Param {
  range: SourceRange
  name: string
  nameRange: SourceRange
  condition?: FlagCondition
  type: TypeExpr
}

/** `{X:Type}` */
export interface GenericParam {
  range: SourceRange
  name: string
  /** The kind after the colon; `Type` in every definition Telegram uses. */
  type: string
}

export type DefinitionKind = 'constructor' | 'method'

export interface Definition {
  /** From the start of the name through the closing `;`. */
  range: SourceRange
  kind: DefinitionKind
  /** Full name including the namespace: `messages.sendMessage`. */
  name: string
  nameRange: SourceRange
  /** The id written after `#`, if any. */
  declaredId?: number
  idRange?: SourceRange
  generics: GenericParam[]
  params: Param[]
  /** The type a constructor belongs to, or a method returns. */
  result: TypeExpr
  /**
   * The built-in vector definition `vector#1cb5c415 {t:Type} # [ t ] = Vector t;` has a body
   * that is not a parameter list; it is kept as a flag rather than modelled as parameters.
   */
  builtinVector?: boolean
}

export type Severity = 'error' | 'warning'

export interface TlDiagnostic {
  range: SourceRange
  severity: Severity
  /** Stable machine-readable code, e.g. `syntax`, `id-mismatch`, `unknown-type`. */
  code: string
  message: string
  /** Facts a quick fix needs, such as the id an `id-mismatch` should be replaced with. */
  data?: TlDiagnosticData
}

export interface TlDiagnosticData {
  /** The CRC32 id the definition's text produces. */
  computedId?: number
}

export interface Comment {
  range: SourceRange
  text: string
}

export interface TlDocument {
  definitions: Definition[]
  diagnostics: TlDiagnostic[]
  comments: Comment[]
}
