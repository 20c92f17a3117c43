/**
 * Turns a parsed call into the plain TL object the client sends:
 *
 *   messages.getHistory({ peer: "me", limit: 10, hash: 0 })
 *     → { _: 'messages.getHistory', peer: 'me', limit: 10, hash: 0n }
 *
 * With the layer, values take the shape their parameter's TL type needs (the codec's object model):
 * integers become bigint for `long`, strings become UTF-8 bytes for `bytes`, an object without `_`
 * names the only constructor of its type, and `#` fields are left to the encoder. Peer-like strings
 * (`"me"`, `"@name"`) stay strings: the client resolves them. `null` leaves an optional field out.
 */
import type { LayerReference, ParamReference } from '../layer/reference'
import { bigintFromLiteral } from './parser'
import type { PathSegment, ReferenceNode, SourceRange, TlObjectNode, ValueNode } from './ast'

export interface TlObject {
  _: string
  [field: string]: unknown
}

/** A value that cannot be built; `range` points at the node responsible. */
export class RequestValueError extends Error {
  constructor(
    readonly range: SourceRange,
    readonly code: 'unresolved-reference' | 'not-a-value' | 'missing-name',
    message: string,
  ) {
    super(message)
    this.name = 'RequestValueError'
  }
}

export interface ToTlOptions {
  /**
   * The value a `$N`/`$last` reference stands for, path included. `followReferencePath` walks the path;
   * throw a RequestValueError for a result that does not exist.
   */
  resolveReference?: (reference: ReferenceNode) => unknown
  /** Shapes values by parameter type when given; without it, values are taken as written. */
  layer?: LayerReference
}

/** The TL object a call or `{ _: ... }` node describes. */
export function toTlObject(node: TlObjectNode, options: ToTlOptions = {}): TlObject {
  return new Converter(options).object(node)
}

/** Follows `.field` and `[index]` segments from a result, failing at the first segment that is missing. */
export function followReferencePath(result: unknown, reference: ReferenceNode): unknown {
  let value = result
  let walked = reference.target === 'last' ? '$last' : `$${reference.target}`
  for (const segment of reference.path) {
    const next = step(value, segment)
    walked += segment.kind === 'index' ? `[${segment.index}]` : `.${segment.name}`
    if (next === undefined) {
      throw new RequestValueError(segment.range, 'unresolved-reference', `${walked} does not exist in the result.`)
    }
    value = next
  }
  return value
}

function step(value: unknown, segment: PathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined
  if (segment.kind === 'index') return Array.isArray(value) ? value[segment.index] : undefined
  return Object.hasOwn(value, segment.name) ? (value as Record<string, unknown>)[segment.name] : undefined
}

const utf8 = new TextEncoder()

class Converter {
  constructor(private readonly options: ToTlOptions) {}

  object(node: TlObjectNode, impliedName?: string): TlObject {
    const name = node.name?.name ?? impliedName
    if (!name) {
      throw new RequestValueError(node.range, 'missing-name', "This object does not name its constructor: add _: \"name\".")
    }
    const layer = this.options.layer
    const definition = layer && (layer.findMethod(name) ?? layer.findConstructor(name))
    const result: TlObject = { _: name }
    for (const property of node.properties) {
      if (!property.value || !property.name) continue
      const param = definition?.params.find((candidate) => candidate.name === property.name)
      if (param?.isFlags) continue
      const value = this.value(property.value, param)
      if (value !== undefined) result[property.name] = value
    }
    return result
  }

  private value(node: ValueNode, param: ParamReference | undefined, inVector = false): unknown {
    const type = param && (param.vector && !inVector ? 'Vector' : param.elementType)
    switch (node.kind) {
      case 'string':
        return type === 'bytes' ? utf8.encode(node.value) : node.value
      case 'number':
        if (type === 'long') return bigintFromLiteral(node.text) ?? node.value
        return node.value
      case 'bigint':
        return node.value
      case 'boolean':
        return node.value
      case 'null':
        return undefined
      case 'array':
        return node.elements.map((element) => this.value(element, param, true))
      case 'object':
      case 'call':
        return this.object(node, node.name ? undefined : this.onlyConstructor(type))
      case 'reference':
        if (!this.options.resolveReference) {
          throw new RequestValueError(node.range, 'unresolved-reference', 'References to earlier results are not available here.')
        }
        return this.options.resolveReference(node)
      case 'expression':
        throw new RequestValueError(node.range, 'not-a-value', `'${node.text}' is not a value.`)
    }
  }

  /** The constructor an object without `_` must be, when its type has exactly one. */
  private onlyConstructor(type: string | undefined): string | undefined {
    const constructors = type ? this.options.layer?.findType(type)?.constructors : undefined
    return constructors?.length === 1 ? constructors[0]!.name : undefined
  }
}
