/**
 * Finds Telethon raw calls in Python source and maps them onto the request syntax tree:
 *
 *   from telethon.tl import functions, types          (or `from telethon import ...`)
 *   functions.messages.GetHistoryRequest(peer=types.InputPeerSelf(), limit=10)
 *   from telethon.tl.functions.messages import GetHistoryRequest as History
 *   History('me', limit=10)                            positional arguments in Telethon's order
 *   from telethon.tl.functions import messages
 *   messages.GetHistoryRequest(...)
 *
 * Only names bound by a Telethon import are followed, so an unrelated `GetHistoryRequest` is ignored.
 */
import { getLayer, type LayerReference } from '../../schema/layer/reference'
import { bigintFromLiteral, numberFromLiteral } from '../../schema/request/parser'
import type { CallNode, PropertyNode, ValueNode } from '../../schema/request/ast'
import type { CallTree, RawCall } from './model'
import { type PyTokenInfo, PyToken, tokenizePython } from './python-tokens'
import { resolveHostNames } from './resolve-names'
import { TokenCursor } from './token-cursor'

type Area = 'functions' | 'types'

/** What an imported local name stands for. */
type Binding =
  | { kind: 'module'; area: Area; namespace: string } // `functions` (namespace ''), or `functions.messages`
  | { kind: 'class'; area: Area; hostName: string } // `GetHistoryRequest` → messages.GetHistoryRequest
  | { kind: 'package' } // `telethon`, reached through `telethon.tl.functions`

export function extractPythonCalls(text: string, layer: LayerReference = getLayer()): CallTree {
  const reader = new PyCallReader(text, tokenizePython(text))
  const calls: RawCall[] = []
  while (!reader.done()) {
    const call = reader.next()
    if (call) {
      resolveHostNames(call.root, call.rootKind, 'telethon', layer)
      calls.push(call)
    }
  }
  return { source: 'python', calls }
}

/** `telethon.tl.functions.messages` → functions, messages; undefined for anything else. */
function telethonModule(path: string[]): { area: Area; namespace: string } | undefined {
  const start = path[0] === 'telethon' ? (path[1] === 'tl' ? 2 : 1) : -1
  if (start < 0) return undefined
  const area = path[start]
  if (area !== 'functions' && area !== 'types') return undefined
  if (path.length > start + 2) return undefined
  return { area, namespace: path[start + 1] ?? '' }
}

class PyCallReader extends TokenCursor<PyToken, PyTokenInfo> {
  private readonly bindings = new Map<string, Binding>()

  constructor(text: string, tokens: PyTokenInfo[]) {
    super(text, tokens, PyToken.Punct)
  }

  private isName(text?: string, offset = 0): boolean {
    return this.is(offset, PyToken.Name, text)
  }

  next(): RawCall | undefined {
    if (this.isName('from') || this.isName('import')) {
      this.importStatement()
      return undefined
    }
    const previous = this.previous()
    const afterDot = previous?.kind === PyToken.Punct && previous.text === '.'
    if (this.isName() && !afterDot && this.bindings.has(this.peek()!.text)) {
      const call = this.telethonCall()
      if (call) return call
      return undefined
    }
    this.at++
    return undefined
  }

  private dottedPath(): string[] {
    const path: string[] = []
    while (this.isName()) {
      path.push(this.peek()!.text)
      this.at++
      if (!this.isPunct('.') || !this.isName(undefined, 1)) break
      this.at++
    }
    return path
  }

  /** `import telethon` / `from telethon.tl.functions.messages import A, B as C` / `from telethon.tl import functions`. */
  private importStatement(): void {
    if (this.isName('import')) {
      this.at++
      const path = this.dottedPath()
      const alias = this.isName('as') ? (this.at++, this.peek()?.text) : undefined
      if (alias) this.at++
      const module = telethonModule(path)
      if (module && alias) this.bindings.set(alias, { kind: 'module', ...module })
      else if (path[0] === 'telethon' && !alias) this.bindings.set('telethon', { kind: 'package' })
      return
    }
    this.at++
    const path = this.dottedPath()
    if (!this.isName('import')) return
    this.at++
    const parenthesized = this.isPunct('(')
    if (parenthesized) this.at++
    const module = telethonModule(path)
    while (this.isName()) {
      const imported = this.peek()!.text
      this.at++
      let local = imported
      if (this.isName('as') && this.isName(undefined, 1)) {
        local = this.peek(1)!.text
        this.at += 2
      }
      const asModule = telethonModule([...path, imported])
      if (asModule) this.bindings.set(local, { kind: 'module', ...asModule })
      else if (module) this.bindings.set(local, { kind: 'class', area: module.area, hostName: module.namespace ? `${module.namespace}.${imported}` : imported })
      if (this.isPunct(',')) this.at++
      else break
    }
    if (parenthesized && this.isPunct(')')) this.at++
  }

  /** A name chain starting at a Telethon binding; a call when it ends at a class. */
  private telethonCall(): RawCall | undefined {
    const first = this.peek()!
    const binding = this.bindings.get(first.text)!
    const start = first.start
    const parts: PyTokenInfo[] = [first]
    this.at++
    while (this.isPunct('.') && this.isName(undefined, 1)) {
      parts.push(this.peek(1)!)
      this.at += 2
    }
    let area: Area
    let nameParts: PyTokenInfo[]
    let hostPrefix = ''
    if (binding.kind === 'class') {
      area = binding.area
      nameParts = parts
      hostPrefix = binding.hostName.slice(0, binding.hostName.lastIndexOf('.') + 1)
    } else if (binding.kind === 'module') {
      area = binding.area
      nameParts = parts.slice(1)
      if (binding.namespace) hostPrefix = `${binding.namespace}.`
    } else {
      const module = telethonModule(parts.slice(0, -1).map((part) => part.text).slice(0, 4))
      const areaIndex = parts.findIndex((part) => part.text === 'functions' || part.text === 'types')
      if (!module || areaIndex < 0) return undefined
      area = module.area
      nameParts = parts.slice(areaIndex + 1)
    }
    if (nameParts.length === 0 || nameParts.length > 2 || !this.isPunct('(')) return undefined
    const nameStart = nameParts[0]!.start
    const nameEnd = nameParts.at(-1)!.end
    const written = this.text.slice(nameStart, nameEnd)
    const hostName = binding.kind === 'class' ? binding.hostName : hostPrefix + written
    const implied = hostName.endsWith(written) ? hostName.slice(0, hostName.length - written.length) : ''
    const call = this.arguments({ start, nameStart, nameEnd, hostName, implied })
    return { root: call, dialect: 'telethon', rootKind: area === 'functions' ? 'method' : 'constructor' }
  }

  /** The argument list of a class call; the current token is `(`. */
  private arguments(name: { start: number; nameStart: number; nameEnd: number; hostName: string; implied: string }): CallNode {
    const open = this.peek()!
    this.at++
    const call: CallNode = {
      kind: 'call',
      range: { start: name.start, end: open.end },
      // `text` is the host name with the namespace an import implies, as the layer tables know it.
      name: { range: { start: name.nameStart, end: name.nameEnd }, text: name.hostName, name: name.hostName },
      properties: [],
      closed: false,
    }
    if (name.implied) call.name.implied = name.implied
    while (!this.done() && !this.isPunct(')')) {
      const property = this.argument()
      if (property) call.properties.push(property)
      if (this.isPunct(',')) this.at++
      else if (!this.isPunct(')')) this.skipExpression()
    }
    call.argumentsRange = { start: open.end, end: this.done() ? this.text.length : this.peek()!.start }
    if (this.isPunct(')')) {
      call.closed = true
      this.at++
    }
    call.range.end = this.nodeEnd(call.closed)
    return call
  }

  private argument(): PropertyNode | undefined {
    if (this.isPunct('*') || this.isPunct('**')) {
      this.skipExpression()
      return undefined
    }
    const token = this.peek()!
    if (token.kind === PyToken.Name && this.isPunct('=', 1)) {
      this.at += 2
      const property: PropertyNode = {
        range: { start: token.start, end: token.end },
        key: { range: { start: token.start, end: token.end }, text: token.text, name: token.text },
        name: token.text,
      }
      if (!this.done() && !this.isPunct(',') && !this.isPunct(')')) {
        property.value = this.value()
        property.range.end = property.value.range.end
      } else {
        property.range.end = this.done() ? this.text.length : this.peek()!.start
      }
      return property
    }
    const value = this.value()
    return { range: value.range, name: '', value }
  }

  private value(): ValueNode {
    const token = this.peek()!
    const range = { start: token.start, end: token.end }
    if (this.endsValue(1)) {
      if (token.kind === PyToken.String) {
        this.at++
        return { kind: 'string', range, value: token.text }
      }
      if (token.kind === PyToken.Number) return this.number(token, 1)
      if (token.kind === PyToken.Name && (token.text === 'True' || token.text === 'False')) {
        this.at++
        return { kind: 'boolean', range, value: token.text === 'True' }
      }
      if (token.kind === PyToken.Name && token.text === 'None') {
        this.at++
        return { kind: 'null', range }
      }
    }
    if (this.isPunct('-') && this.peek(1)?.kind === PyToken.Number && this.endsValue(2)) return this.number(this.peek(1)!, -1)
    if (this.isPunct('[')) return this.array(() => this.value())
    const previous = this.previous()
    if (token.kind === PyToken.Name && this.bindings.has(token.text) && !(previous?.text === '.')) {
      const nested = this.telethonCall()
      if (nested) return nested.root
      const end = this.previous()!.end
      return { kind: 'expression', range: { start: token.start, end }, text: this.text.slice(token.start, end) }
    }
    return this.expression()
  }

  private number(token: PyTokenInfo, sign: 1 | -1): ValueNode {
    const start = this.peek()!.start
    this.at += sign === 1 ? 1 : 2
    const range = { start, end: token.end }
    const clean = token.text.replace(/_/g, '')
    const text = (sign === 1 ? '' : '-') + clean
    if (/^0[bBoO]/.test(clean)) return { kind: 'number', range, value: sign * Number(clean), text: String(sign * Number(clean)) }
    const value = numberFromLiteral(text)
    // Python ints are unbounded: past 2^53 keep the exact value as a bigint.
    if (!Number.isSafeInteger(value) && /^-?(?:0x[0-9a-f]+|[0-9]+)$/i.test(text)) {
      return { kind: 'bigint', range, value: bigintFromLiteral(text)! }
    }
    return { kind: 'number', range, value, text }
  }
}
