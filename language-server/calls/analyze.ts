/**
 * "What is here" for a position in a raw call, and the completions that fit it, as plain data the
 * language server turns into LSP items. Offsets are UTF-16, like every range of the tree; a node's
 * end counts as inside it, so the position right after `messages.getHis` is in that name.
 */
import { getLayer, type ConstructorReference, type LayerReference, type MethodReference, type ParamReference } from '../../schema/layer/reference'
import type { NameNode, ReferenceNode, SourceRange, TlObjectNode, ValueNode } from '../../schema/request/ast'
import type { CallTree, RawCall, RootKind } from './model'
import { type Dialect, hostDefinitionName, hostFieldName } from './naming'
import { findHostDefinition } from './resolve-names'
import { booleanText, definitionSnippet, isFilledByLibrary, keyText } from './spelling'
import { type ExpectedValue, expectedValue } from './value-types'

type Definition = MethodReference | ConstructorReference

export type CallContext =
  /** A method or constructor name, complete or partial; `node` is absent at an empty spot of a cell. */
  | { kind: 'name'; call?: RawCall; node?: NameNode; prefix: string; wants: RootKind; expected?: ExpectedValue; dialect: Dialect; definition?: Definition }
  /** Where a parameter name goes, or on one; `present` lists the TL parameters already given. */
  | { kind: 'parameter'; call: RawCall; owner: TlObjectNode; definition?: Definition; param?: ParamReference; prefix: string; range: SourceRange; present: string[]; dialect: Dialect }
  /** Where a value goes, or on one; `node` is absent after `key:` with nothing typed yet. */
  | { kind: 'value'; call: RawCall; owner: TlObjectNode; definition: Definition; expected: ExpectedValue; node?: ValueNode; dialect: Dialect }
  /** On a `$N` reference; `segment` is the index of the path segment under the position, -1 on `$N` itself. */
  | { kind: 'reference'; call: RawCall; node: ReferenceNode; segment: number }

const within = (range: SourceRange, offset: number) => offset >= range.start && offset <= range.end

export function contextAt(tree: CallTree, offset: number, layer: LayerReference = getLayer()): CallContext | undefined {
  const call = tree.calls.find((candidate) => within(candidate.root.range, offset))
  if (!call) {
    return tree.source === 'cell' ? { kind: 'name', prefix: '', wants: 'method', dialect: 'tl' } : undefined
  }
  return new Locator(call, offset, layer).object(call.root, call.rootKind, undefined)
}

class Locator {
  constructor(
    private readonly call: RawCall,
    private readonly offset: number,
    private readonly layer: LayerReference,
  ) {}

  private definitionOf(node: TlObjectNode, kind: RootKind, expected: ExpectedValue | undefined): Definition | undefined {
    if (!node.name) return expected?.constructors.length === 1 ? expected.constructors[0] : undefined
    return findHostDefinition(this.layer, node.name.text, kind, this.call.dialect)
  }

  object(node: TlObjectNode, kind: RootKind, expected: ExpectedValue | undefined): CallContext | undefined {
    const { offset, call } = this
    const dialect = call.dialect
    const definition = this.definitionOf(node, kind, expected)
    if (node.name && within(node.name.range, offset)) {
      const prefix = node.name.text.slice(0, (node.name.implied?.length ?? 0) + offset - node.name.range.start)
      const context: CallContext = { kind: 'name', call, node: node.name, prefix, wants: kind, dialect }
      if (expected) context.expected = expected
      if (definition) context.definition = definition
      return context
    }
    const present = node.properties.map((property) => property.name).filter(Boolean)
    for (const property of node.properties) {
      const param = definition?.params.find((candidate) => candidate.name === property.name)
      if (property.key && within(property.key.range, offset)) {
        const context: CallContext = {
          kind: 'parameter',
          call,
          owner: node,
          prefix: property.key.text.slice(0, offset - property.key.range.start),
          range: property.key.range,
          present: present.filter((name) => name !== property.name),
          dialect,
        }
        if (definition) context.definition = definition
        if (param) context.param = param
        return context
      }
      if (property.value && within(property.value.range, offset)) {
        // Telethon `Request(pe|)`: a positional name being typed may be the start of a keyword.
        if (!property.key && property.value.kind === 'expression' && /^\w*$/.test(property.value.text)) {
          const context: CallContext = {
            kind: 'parameter', call, owner: node, prefix: property.value.text.slice(0, offset - property.value.range.start),
            range: property.value.range, present, dialect,
          }
          if (definition) context.definition = definition
          return context
        }
        if (!definition || !param) return undefined
        return this.value(property.value, node, definition, expectedValue(param, this.layer, false))
      }
      if (!property.value && property.key && offset > property.key.range.end && offset <= property.range.end) {
        if (!definition || !param) return undefined
        return { kind: 'value', call, owner: node, definition, expected: expectedValue(param, this.layer, false), dialect }
      }
    }
    const inside = node.kind === 'call' ? node.argumentsRange && within(node.argumentsRange, offset) : offset > node.range.start && (!node.closed || offset < node.range.end)
    if (!inside) return undefined
    const context: CallContext = { kind: 'parameter', call, owner: node, prefix: '', range: { start: offset, end: offset }, present, dialect }
    if (definition) context.definition = definition
    return context
  }

  private value(node: ValueNode, owner: TlObjectNode, definition: Definition, expected: ExpectedValue): CallContext | undefined {
    const { call, offset } = this
    switch (node.kind) {
      case 'call':
      case 'object':
        return this.object(node, 'constructor', expected)
      case 'array': {
        const element = expectedValue(expected.param, this.layer, true)
        const hit = node.elements.find((item) => within(item.range, offset))
        if (hit) return this.value(hit, owner, definition, element)
        return { kind: 'value', call, owner, definition, expected: element, dialect: call.dialect }
      }
      case 'reference': {
        const segment = node.path.findIndex((part) => within(part.range, offset))
        return { kind: 'reference', call, node, segment }
      }
      default:
        return { kind: 'value', call, owner, definition, expected, node, dialect: call.dialect }
    }
  }
}

/** One completion, before it becomes an LSP item. */
export interface CallCompletion {
  kind: 'namespace' | 'method' | 'constructor' | 'parameter' | 'value'
  /** The text shown, in the call's spelling. */
  label: string
  /** The plain text to insert. */
  insertText: string
  /** The same with snippet placeholders for required parameters, when it differs. */
  snippet?: string
  /** The TL type of a parameter, or the type a constructor belongs to. */
  detail?: string
  /** Markdown from the layer. */
  readonly documentation?: string | undefined
  /** Parameters: false when the parameter sits behind a flag. */
  required?: boolean
  /** A constructor without fields, offered for its type like an enum member. */
  enumLike?: boolean
  /** The TL name behind the item, for hover and resolve. */
  tlName?: string
  /** Orders items: required parameters first, enum-like constructors first. */
  sortText: string
}

export interface CompletionResult {
  context: CallContext | undefined
  /** The span the completion replaces (the partial name or key); empty at a bare position. */
  range: SourceRange
  items: CallCompletion[]
}

/** Completions at a position of a call tree, given as data. */
export function completionsAt(tree: CallTree, offset: number, layer: LayerReference = getLayer()): CompletionResult {
  const context = contextAt(tree, offset, layer)
  const empty = { start: offset, end: offset }
  if (!context) return { context, range: empty, items: [] }
  switch (context.kind) {
    case 'name':
      return { context, range: nameRange(context, offset), items: nameCompletions(context, tree, layer) }
    case 'parameter':
      return { context, range: context.range, items: context.definition ? parameterCompletions(context.definition, context.present, context.dialect) : [] }
    case 'value':
      return { context, range: context.node?.range ?? empty, items: valueCompletions(context.expected, context.dialect, tree.source) }
    case 'reference':
      return { context, range: empty, items: [] }
  }
}

function nameRange(context: Extract<CallContext, { kind: 'name' }>, offset: number): SourceRange {
  return context.node ? context.node.range : { start: offset, end: offset }
}

function describeParam(param: ParamReference): string {
  return param.optional ? `${param.type} (optional, ${param.flag!.field}.${param.flag!.bit})` : param.type
}

/** Parameter names not given yet: required ones first, each with its type, optionality and description. */
export function parameterCompletions(definition: Definition, present: readonly string[], dialect: Dialect): CallCompletion[] {
  const given = new Set(present)
  return definition.params
    .filter((param) => !param.isFlags && !given.has(param.name))
    .map((param, index) => {
      const required = !param.optional && !isFilledByLibrary(param, dialect)
      const label = hostFieldName(param.name, dialect)
      return lazyDocumentation(
        {
          kind: 'parameter' as const,
          label,
          insertText: keyText(param.name, dialect),
          detail: describeParam(param),
          required,
          tlName: param.name,
          sortText: `${required ? 0 : 1}${String(index).padStart(3, '0')}`,
        },
        () => param.description,
      )
    })
    .sort((a, b) => (a.sortText < b.sortText ? -1 : 1))
}

/** Values for an expected type: true/false, peer strings, and constructors (enum-like ones first). */
export function valueCompletions(expected: ExpectedValue, dialect: Dialect, source: CallTree['source'] = 'cell'): CallCompletion[] {
  const items: CallCompletion[] = []
  if (expected.list) {
    items.push({ kind: 'value', label: '[]', insertText: '[]', snippet: '[$0]', detail: expected.param.type, sortText: '0' })
    return items
  }
  if (expected.boolean) {
    for (const value of [true, false]) {
      items.push({ kind: 'value', label: booleanText(value, dialect), insertText: booleanText(value, dialect), detail: expected.type, sortText: `0${value ? 0 : 1}` })
    }
    return items
  }
  if (expected.peerLike) {
    const quote = dialect === 'telethon' ? "'" : '"'
    items.push({ kind: 'value', label: `${quote}me${quote}`, insertText: `${quote}me${quote}`, detail: 'the signed-in account, resolved by the client', sortText: '00' })
  }
  for (const constructor of expected.constructors) items.push(constructorCompletion(constructor, dialect, source !== 'cell'))
  return items
}

function constructorCompletion(constructor: ConstructorReference, dialect: Dialect, inSource: boolean): CallCompletion {
  const enumLike = constructor.params.length === 0
  const full = definitionSnippet(constructor, dialect, { inObject: inSource })
  const plain = full.replace(/\$\{\d+(?::([^}]*))?\}|\$\{\d+\|([^,|]*)[^}]*\}/g, (_, value?: string, choice?: string) => value ?? choice ?? '')
  const item: CallCompletion = {
    kind: 'constructor',
    label: hostDefinitionName(constructor.name, 'constructor', dialect),
    insertText: plain,
    detail: constructor.type,
    enumLike,
    tlName: constructor.name,
    sortText: `${enumLike ? 1 : 2}${constructor.name}`,
  }
  if (full !== plain) item.snippet = full
  return lazyDocumentation(item, () => constructor.description)
}

/** Names where a method or constructor name is being typed. */
function nameCompletions(context: Extract<CallContext, { kind: 'name' }>, tree: CallTree, layer: LayerReference): CallCompletion[] {
  const { dialect, wants } = context
  const hasArguments = context.node && context.call ? hasArgumentsAfter(context.call.root, context.node) : false
  const insertName = (definition: Definition): CallCompletion => {
    const name = hostDefinitionName(definition.name, definition.kind, dialect)
    const item: CallCompletion = {
      kind: definition.kind,
      label: name,
      insertText: name,
      detail: definition.kind === 'method' ? `→ ${definition.returns}` : definition.type,
      tlName: definition.name,
      sortText: `${definition.kind === 'constructor' && definition.params.length === 0 ? 1 : 2}${definition.name}`,
    }
    // A cell's bare name gets its parentheses and required parameters; inside `{ _: '...' }` only the name.
    if (tree.source === 'cell' && !hasArguments) {
      const snippet = definitionSnippet(definition, dialect, { inObject: false })
      if (snippet !== name) item.snippet = snippet
    }
    return lazyDocumentation(item, () => definition.description)
  }

  if (wants === 'constructor') {
    const constructors = context.expected?.constructors.length ? context.expected.constructors : layer.constructors.filter((c) => c.section === 'api')
    return constructors.map(insertName)
  }
  const typed = context.prefix
  const dot = typed.lastIndexOf('.')
  const methods = layer.methods.filter((method) => method.section === 'api')
  if (dot < 0) {
    // Namespaces first, then methods without one, then (for GramJS) constructors at the top level.
    const namespaces = new Set(methods.map((method) => method.name.slice(0, method.name.lastIndexOf('.') + 1)).filter(Boolean))
    const items: CallCompletion[] = [...namespaces].sort().map((namespace) => ({
      kind: 'namespace' as const,
      label: namespace.slice(0, -1),
      insertText: namespace,
      sortText: `0${namespace}`,
    }))
    items.push(...methods.filter((method) => !method.name.includes('.')).map(insertName))
    if (wants === 'any') items.push(...layer.constructors.filter((c) => c.section === 'api' && !c.name.includes('.')).map(insertName))
    return items
  }
  const namespace = typed.slice(0, dot + 1)
  const items = methods.filter((method) => method.name.startsWith(namespace)).map(insertName)
  if (wants === 'any') items.push(...layer.constructors.filter((c) => c.section === 'api' && c.name.startsWith(namespace)).map(insertName))
  return items
}

function hasArgumentsAfter(root: TlObjectNode, name: NameNode): boolean {
  const owner = findOwner(root, name)
  return owner?.kind === 'object' || (owner?.kind === 'call' && owner.argumentsRange !== undefined)
}

function findOwner(node: TlObjectNode, name: NameNode): TlObjectNode | undefined {
  if (node.name === name) return node
  for (const property of node.properties) {
    const found = property.value && findInValue(property.value, name)
    if (found) return found
  }
  return undefined
}

function findInValue(value: ValueNode, name: NameNode): TlObjectNode | undefined {
  if (value.kind === 'call' || value.kind === 'object') return findOwner(value, name)
  if (value.kind === 'array') {
    for (const element of value.elements) {
      const found = findInValue(element, name)
      if (found) return found
    }
  }
  return undefined
}

/** Adds a `documentation` getter, so descriptions are converted only for the items a client shows. */
function lazyDocumentation<T extends CallCompletion>(item: T, get: () => string | undefined): T {
  return Object.defineProperty(item, 'documentation', { enumerable: true, get })
}

