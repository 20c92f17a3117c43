/**
 * The syntax tree of raw requests: scratchpad cells (`tl-request`), and calls found inside TypeScript,
 * JavaScript and Python files, which map onto the same nodes. Every node carries its SourceRange as
 * UTF-16 offsets into the text it came from (`start` inclusive, `end` exclusive).
 */
import type { Severity, SourceRange } from '../tl/ast'

export type { Severity, SourceRange }

/**
 * A TL name as written, and the TL name it stands for. In a cell both are the same
 * (`messages.getHistory`); in host languages `text` is the host spelling (`messages.GetHistory`,
 * `GetHistoryRequest`) and `name` its TL name, converted even when the layer does not know it, so
 * that "did you mean" can compare TL names.
 */
export interface NameNode {
  range: SourceRange
  text: string
  name: string
  /**
   * A leading part of `text` that the context implies instead of the source: Python's
   * `from telethon.tl.functions.messages import GetHistoryRequest` makes `GetHistoryRequest` stand for
   * `messages.GetHistoryRequest`, with `messages.` implied.
   */
  implied?: string
}

/** A parameter key: `offset_id`, `"offset_id"`, mtcute's `offsetId`, or a Telethon keyword. */
export interface KeyNode {
  range: SourceRange
  text: string
  /** The TL parameter name (`offset_id`). */
  name: string
}

export interface PropertyNode {
  range: SourceRange
  /** Absent for a positional argument (Telethon's `SendMessageRequest(peer, 'hi')`). */
  key?: KeyNode
  /** The TL parameter name: the key's name, or the parameter a positional argument fills ('' if none). */
  name: string
  /** Absent when the text stops after the key or the colon (`{ peer: `). */
  value?: ValueNode
}

/** `name(...)`: a method call at the top level, a constructor (`inputPeerSelf()`) as a value. */
export interface CallNode {
  kind: 'call'
  range: SourceRange
  name: NameNode
  /** Named parameters: the object literal's properties, or keyword arguments. */
  properties: PropertyNode[]
  /** The span between the parentheses; absent when the name is not followed by `(` yet. */
  argumentsRange?: SourceRange
  /** The braces of the `{...}` passed as the single argument, when written. */
  objectRange?: SourceRange
  /** False while `)` is missing. */
  closed: boolean
}

/** `{ ... }`. With a string `_` property it is a TL object: `{ _: "inputPeerSelf" }`. */
export interface ObjectNode {
  kind: 'object'
  range: SourceRange
  /** The `_` property's string, its range inside the quotes. */
  name?: NameNode
  /** Every property except `_`. */
  properties: PropertyNode[]
  /** False while `}` is missing. */
  closed: boolean
}

/** A node that names a TL constructor or method and lists its parameters. */
export type TlObjectNode = CallNode | ObjectNode

export interface StringNode {
  kind: 'string'
  range: SourceRange
  value: string
}

export interface NumberNode {
  kind: 'number'
  range: SourceRange
  value: number
  /** The literal as written (`-0x10`, `1e3`), so a `long` can be read exactly even past 2^53. */
  text: string
}

export interface BigIntNode {
  kind: 'bigint'
  range: SourceRange
  value: bigint
}

export interface BooleanNode {
  kind: 'boolean'
  range: SourceRange
  value: boolean
}

export interface NullNode {
  kind: 'null'
  range: SourceRange
}

export interface ArrayNode {
  kind: 'array'
  range: SourceRange
  elements: ValueNode[]
  closed: boolean
}

export type PathSegment =
  | { kind: 'property'; range: SourceRange; name: string }
  | { kind: 'index'; range: SourceRange; index: number }

/** `$2.messages[0].id`, `$last`. */
export interface ReferenceNode {
  kind: 'reference'
  range: SourceRange
  /** The result number (1-based), or 'last'. */
  target: number | 'last'
  targetRange: SourceRange
  path: PathSegment[]
}

/** Host-language code the model does not evaluate (a variable, `BigInt(x)`, `utils.get_input_peer(x)`). */
export interface ExpressionNode {
  kind: 'expression'
  range: SourceRange
  text: string
}

export type ValueNode =
  | StringNode
  | NumberNode
  | BigIntNode
  | BooleanNode
  | NullNode
  | ArrayNode
  | ObjectNode
  | CallNode
  | ReferenceNode
  | ExpressionNode

export interface RequestDiagnostic {
  range: SourceRange
  severity: Severity
  /** Stable machine-readable code (see RequestParseCode and CallCheckCode). */
  code: string
  message: string
}

export interface RequestComment {
  range: SourceRange
  text: string
}

/** A parsed scratchpad cell. */
export interface RequestDocument {
  calls: TlObjectNode[]
  /** Set by a `// ordered` line: the calls run one after another instead of together in a container. */
  ordered: boolean
  orderedRange?: SourceRange
  comments: RequestComment[]
  diagnostics: RequestDiagnostic[]
}
