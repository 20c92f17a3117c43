/**
 * Finds raw calls in TypeScript and JavaScript source and maps them onto the request syntax tree,
 * with ranges in the source file:
 *
 *   client.invoke({ _: 'messages.getHistory', peer, limit: 10 })      our client (TL field names)
 *   tg.call({ _: 'messages.getHistory', offsetId: 0 })                 mtcute (camelCase fields)
 *   new Api.messages.GetHistory({ peer: new Api.InputPeerSelf() })     GramJS (class names, camelCase)
 *   Api.messages.GetHistory                                            GramJS, a bare reference
 *
 * Values the model cannot read (variables, function calls) become `expression` nodes.
 */
import { getLayer, type LayerReference } from '../../schema/layer/reference'
import { bigintFromLiteral, numberFromLiteral } from '../../schema/request/parser'
import type { CallNode, ObjectNode, PropertyNode, SourceRange, ValueNode } from '../../schema/request/ast'
import { JsToken, type JsTokenInfo, tokenizeJs } from './js-tokens'
import { TokenCursor } from './token-cursor'
import type { CallTree, RawCall } from './model'
import { findHostDefinition, resolveHostNames } from './resolve-names'

export function extractTypeScriptCalls(text: string, layer: LayerReference = getLayer()): CallTree {
  const reader = new JsCallReader(text, tokenizeJs(text))
  const calls: RawCall[] = []
  while (!reader.done()) {
    const call = reader.nextCall(layer)
    if (call) {
      resolveHostNames(call.root, call.rootKind, call.dialect, layer)
      calls.push(call)
    }
  }
  return { source: 'typescript', calls }
}

/** JavaScript literal text to a number: separators removed, binary and octal read. */
function jsNumber(literal: string): { bigint?: bigint; number: number } {
  const clean = literal.replace(/_/g, '')
  if (clean.endsWith('n')) {
    const body = clean.slice(0, -1)
    const value = /^0[bBoO]/.test(body) ? BigInt(body) : bigintFromLiteral(body)
    return { bigint: value ?? 0n, number: Number.NaN }
  }
  if (/^0[bBoO]/.test(clean)) return { number: Number(clean) }
  return { number: numberFromLiteral(clean) }
}

class JsCallReader extends TokenCursor<JsToken, JsTokenInfo> {
  constructor(text: string, tokens: JsTokenInfo[]) {
    super(text, tokens, JsToken.Punct)
  }

  /** The call starting at the current token, if any; always moves forward. */
  nextCall(layer: LayerReference): RawCall | undefined {
    const member = (this.isPunct('.') || this.isPunct('?.')) && this.is(1, JsToken.Name)
    const method = member ? this.peek(1)!.text : undefined
    if ((method === 'invoke' || method === 'call') && this.isPunct('(', 2) && this.isPunct('{', 3)) {
      this.at += 3
      const object = this.object()
      if (object.name) return { root: object, dialect: method === 'invoke' ? 'tl' : 'mtcute', rootKind: 'method' }
      return undefined
    }
    const previous = this.previous()
    const afterMember = previous?.kind === JsToken.Punct && (previous.text === '.' || previous.text === '?.')
    if (this.is(0, JsToken.Name, 'Api') && this.isPunct('.', 1) && !afterMember) {
      const withNew = previous?.kind === JsToken.Name && previous.text === 'new'
      const call = this.gramjs()
      // A bare `Api.x` is taken only when it names a definition: `Api.TypeInputPeer` is a GramJS type.
      if (withNew || call.argumentsRange || findHostDefinition(layer, call.name.text, 'any', 'gramjs')) {
        return { root: call, dialect: 'gramjs', rootKind: 'any' }
      }
      return undefined
    }
    this.at++
    return undefined
  }

  /** `Api.messages.GetHistory`, then `({ ... })` when written; the current token is `Api`. */
  private gramjs(): CallNode {
    const start = this.peek()!.start
    this.at++
    let nameStart = -1
    let nameEnd = -1
    while (this.isPunct('.') && this.is(1, JsToken.Name)) {
      const part = this.peek(1)!
      if (nameStart < 0) nameStart = part.start
      nameEnd = part.end
      this.at += 2
    }
    const nameText = this.text.slice(nameStart, nameEnd)
    const call: CallNode = {
      kind: 'call',
      range: { start, end: nameEnd },
      name: { range: { start: nameStart, end: nameEnd }, text: nameText, name: nameText },
      properties: [],
      closed: false,
    }
    if (!this.isPunct('(')) return call
    const open = this.peek()!
    this.at++
    if (this.isPunct('{')) {
      const object = this.object()
      call.objectRange = object.range
      call.properties = object.properties
    }
    // Anything after the object (there should be nothing) is skipped up to the closing parenthesis.
    while (!this.done() && !this.isPunct(')')) this.skipExpression()
    call.argumentsRange = { start: open.end, end: this.done() ? this.text.length : this.peek()!.start }
    if (this.isPunct(')')) {
      call.closed = true
      this.at++
    }
    call.range.end = this.nodeEnd(call.closed)
    return call
  }

  private object(): ObjectNode {
    const open = this.peek()!
    this.at++
    const node: ObjectNode = { kind: 'object', range: { start: open.start, end: open.end }, properties: [], closed: false }
    while (!this.done() && !this.isPunct('}')) {
      const property = this.property()
      if (property?.key?.text === '_' && property.value?.kind === 'string' && !node.name) {
        const { range } = property.value
        const quoted = this.text[range.end - 1] === this.text[range.start] && range.end - range.start >= 2
        node.name = {
          range: { start: range.start + 1, end: quoted ? range.end - 1 : range.end },
          text: property.value.value,
          name: property.value.value,
        }
      } else if (property) {
        node.properties.push(property)
      }
      if (this.isPunct(',')) this.at++
      else if (!this.isPunct('}')) this.skipExpression()
    }
    if (this.isPunct('}')) {
      node.closed = true
      this.at++
    }
    node.range.end = this.nodeEnd(node.closed)
    return node
  }

  private property(): PropertyNode | undefined {
    const token = this.peek()!
    if (this.isPunct('...')) {
      this.skipExpression()
      return undefined
    }
    if (token.kind !== JsToken.Name && token.kind !== JsToken.String && token.kind !== JsToken.Number) {
      this.skipExpression()
      return undefined
    }
    this.at++
    const keyRange: SourceRange =
      token.kind === JsToken.String ? { start: token.start + 1, end: Math.max(token.start + 1, token.end - 1) } : { start: token.start, end: token.end }
    const property: PropertyNode = {
      range: { start: token.start, end: token.end },
      key: { range: keyRange, text: token.text, name: token.text },
      name: token.text,
    }
    if (this.isPunct(':')) {
      this.at++
      if (!this.done() && !this.isPunct(',') && !this.isPunct('}')) {
        property.value = this.value()
        property.range.end = property.value.range.end
      } else {
        property.range.end = this.done() ? this.text.length : this.peek()!.start
      }
    } else if (token.kind === JsToken.Name && (this.isPunct(',') || this.isPunct('}') || this.done())) {
      // Shorthand `{ peer }`: the value is the variable of the same name.
      property.value = { kind: 'expression', range: { start: token.start, end: token.end }, text: token.text }
    } else {
      this.skipExpression()
      return undefined
    }
    return property
  }

  private value(): ValueNode {
    const token = this.peek()!
    const range = { start: token.start, end: token.end }
    switch (token.kind) {
      case JsToken.String:
      case JsToken.Template:
        this.at++
        return { kind: 'string', range, value: token.text }
      case JsToken.Number:
        if (this.endsValue(1)) return this.number(token, 1)
        break
      case JsToken.Punct:
        if (token.text === '-' && this.is(1, JsToken.Number) && this.endsValue(2)) return this.number(this.peek(1)!, -1)
        if (token.text === '{') return this.object()
        if (token.text === '[') return this.array(() => this.value())
        break
      case JsToken.Name:
        if ((token.text === 'true' || token.text === 'false') && this.endsValue(1)) {
          this.at++
          return { kind: 'boolean', range, value: token.text === 'true' }
        }
        if ((token.text === 'null' || token.text === 'undefined') && this.endsValue(1)) {
          this.at++
          return { kind: 'null', range }
        }
        if (token.text === 'new' && this.is(1, JsToken.Name, 'Api') && this.isPunct('.', 2)) {
          this.at++
          return this.gramjs()
        }
        if (token.text === 'Api' && this.isPunct('.', 1)) return this.gramjs()
        if ((token.text === 'BigInt' || token.text === 'bigInt') && this.isPunct('(', 1) && this.isPunct(')', 3) && this.endsValue(4)) {
          const argument = this.peek(2)!
          const value =
            argument.kind === JsToken.Number ? jsNumber(argument.text.replace(/n$/, '')).number : argument.kind === JsToken.String ? argument.text : undefined
          const exact = typeof value === 'string' ? bigintFromLiteral(value.trim()) : value !== undefined && Number.isInteger(value) ? BigInt(value) : undefined
          if (exact !== undefined) {
            const end = this.peek(3)!.end
            this.at += 4
            return { kind: 'bigint', range: { start: token.start, end }, value: exact }
          }
        }
        break
    }
    return this.expression()
  }

  private number(token: JsTokenInfo, sign: 1 | -1): ValueNode {
    const start = this.peek()!.start
    this.at += sign === 1 ? 1 : 2
    const range = { start, end: token.end }
    const { bigint, number } = jsNumber(token.text)
    if (bigint !== undefined) return { kind: 'bigint', range, value: sign === 1 ? bigint : -bigint }
    return { kind: 'number', range, value: sign * number, text: (sign === 1 ? '' : '-') + token.text.replace(/_/g, '') }
  }
}
