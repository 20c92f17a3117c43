/**
 * The token walk the TypeScript and Python call readers share: look ahead, test punctuation, skip
 * what the model cannot read, and read a bracketed list. Each reader extends it with its own
 * grammar (objects and GramJS classes, or Telethon imports and keyword arguments).
 *
 * Readers are error-tolerant: source being edited is often cut off mid-call, so a node whose closing
 * bracket never came ends at the end of the text, and skipping always moves forward.
 */
import type { ArrayNode, ValueNode } from '../../schema/request/ast'

/** A token as both tokenizers produce it; `kind` is the tokenizer's own enum. */
export interface SourceToken<Kind> {
  kind: Kind
  start: number
  end: number
  text: string
}

/** Closing punctuation ends a value or a skipped expression at its own depth, in both languages. */
const CLOSERS: readonly string[] = [',', '}', ']', ')']
const OPENERS: readonly string[] = ['(', '[', '{']
const BRACKET_CLOSERS: readonly string[] = [')', ']', '}']

export abstract class TokenCursor<Kind, Token extends SourceToken<Kind> = SourceToken<Kind>> {
  protected at = 0

  constructor(
    protected readonly text: string,
    protected readonly tokens: readonly Token[],
    /** The tokenizer's kind for punctuation. */
    private readonly punctKind: Kind,
  ) {}

  done(): boolean {
    return this.at >= this.tokens.length
  }

  protected peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset]
  }

  /** The token just consumed. */
  protected previous(): Token | undefined {
    return this.tokens[this.at - 1]
  }

  protected is(offset: number, kind: Kind, text?: string): boolean {
    const token = this.peek(offset)
    return token !== undefined && token.kind === kind && (text === undefined || token.text === text)
  }

  protected isPunct(text: string, offset = 0): boolean {
    return this.is(offset, this.punctKind, text)
  }

  /** True when a value ends `offset` tokens ahead: a literal followed by an operator is an expression. */
  protected endsValue(offset: number): boolean {
    const next = this.peek(offset)
    return next === undefined || (next.kind === this.punctKind && CLOSERS.includes(next.text))
  }

  /** Where a node that started at a bracket ends: after its last token, or at the end of a cut-off text. */
  protected nodeEnd(closed: boolean): number {
    return this.done() && !closed ? this.text.length : this.previous()!.end
  }

  /** Skips one expression: up to a `,` or closing bracket at its own depth; always consumes a token. */
  protected skipExpression(): void {
    let depth = 0
    let first = true
    while (!this.done()) {
      const token = this.peek()!
      if (token.kind === this.punctKind) {
        if (depth === 0 && CLOSERS.includes(token.text)) {
          if (first) this.at++
          return
        }
        if (OPENERS.includes(token.text)) depth++
        else if (BRACKET_CLOSERS.includes(token.text)) depth--
      }
      first = false
      this.at++
    }
  }

  /** `[a, b, ...]` with each element read by `value`; the current token is `[`. */
  protected array(value: () => ValueNode): ArrayNode {
    const open = this.peek()!
    this.at++
    const node: ArrayNode = { kind: 'array', range: { start: open.start, end: open.end }, elements: [], closed: false }
    while (!this.done() && !this.isPunct(']')) {
      if (this.isPunct(',')) {
        this.at++
        continue
      }
      node.elements.push(value())
      if (!this.isPunct(',') && !this.isPunct(']')) this.skipExpression()
    }
    if (this.isPunct(']')) {
      node.closed = true
      this.at++
    }
    node.range.end = this.nodeEnd(node.closed)
    return node
  }

  /** An unreadable value (a variable, a call): skipped, and kept as its source text. */
  protected expression(): ValueNode {
    const start = this.peek()!.start
    this.skipExpression()
    const end = this.previous()?.end ?? start
    return { kind: 'expression', range: { start, end }, text: this.text.slice(start, end) }
  }
}
