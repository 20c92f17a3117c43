/**
 * The bundled layers as the code generator sees them: every definition of api.tl and mtproto.tl
 * with its id and each parameter resolved to a wire shape. Both layers share one id space and one
 * name space; the only overlaps allowed are the built-ins both files repeat and service definitions
 * that are bare-only (no id), such as mtproto's `message` inside `msg_container`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Definition, TypeExpr } from '../tl/ast'
import { computeId } from '../tl/constructor-id'
import { parseTl } from '../tl/parser'

export type LayerName = 'api' | 'mtproto'

/** How a value travels on the wire. */
export type Shape =
  | { kind: 'int' | 'long' | 'double' | 'string' | 'bytes' | 'int128' | 'int256' | 'bool' }
  /** `flags.N?true`: no bytes, only the bit. */
  | { kind: 'true' }
  /** A boxed object whose constructor belongs to `type`. */
  | { kind: 'object'; type: string }
  /** The TL type `Object`: any boxed value. */
  | { kind: 'any' }
  /** `!X`: a serialized method call. */
  | { kind: 'method' }
  /** A bare constructor (`%Message`, `future_salt`): its fields without the id. */
  | { kind: 'bare'; definition: LayerDefinition }
  | { kind: 'vector'; boxed: boolean; item: Shape }

export interface Field {
  name: string
  shape: Shape
  /** For `#` fields: none; for conditional fields, the flags field and bit. */
  condition?: { field: string; bit: number }
  /** True for a `#` field, which never appears in objects. */
  isFlags: boolean
}

export interface LayerDefinition {
  layer: LayerName
  kind: 'constructor' | 'method'
  name: string
  /** Unsigned 32-bit id: the declared one, or computed for the rare definition without one. */
  id: number
  /** Constructors: the TL type. Methods: the result type expression. */
  type: string
  result: TypeExpr
  /** Methods: how the result travels; undefined for wrappers, whose result is their query's. */
  resultShape?: Shape
  fields: Field[]
  /** True when the definition is reached only bare (it has no id, or its name is taken by the API layer). */
  bareOnly: boolean
  /** `{X:Type} ... query:!X = X`: answers with the result of its query. */
  isWrapper: boolean
  /** A unique identifier for generated code. */
  symbol: string
}

export interface LayerModel {
  definitions: LayerDefinition[]
  /** Constructors by TL type, for the TlTypes unions (API first, then service-only types). */
  typeConstructors: Map<string, LayerDefinition[]>
  layerNumber: number | undefined
}

const PRIMITIVES = new Set(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256'])

/** Definitions the binary format handles itself rather than as TL objects. */
const BUILTIN_NAMES = new Set(['vector', 'boolFalse', 'boolTrue'])

export function layerFiles(root = join(__dirname, '..', 'layer')): Record<LayerName, string> {
  return { api: join(root, 'api.tl'), mtproto: join(root, 'mtproto.tl') }
}

export function loadModel(files = layerFiles()): LayerModel {
  const apiText = readFileSync(files.api, 'utf8')
  const api = parseLayer('api', apiText)
  const mtproto = parseLayer('mtproto', readFileSync(files.mtproto, 'utf8'))
  const layerNumber = /\blayer\s+(\d+)/i.exec(apiText)?.[1]

  const byName = new Map<string, Definition>()
  const byId = new Map<number, string>()
  const raw: { layer: LayerName; def: Definition; id: number; bareOnly: boolean }[] = []
  for (const [layer, defs] of [['api', api], ['mtproto', mtproto]] as const) {
    for (const def of defs) {
      if (BUILTIN_NAMES.has(def.name) || def.builtinVector) continue
      const id = (def.declaredId ?? computeId(def)) >>> 0
      const previous = byName.get(def.name)
      if (previous !== undefined) {
        if (previous.declaredId === def.declaredId && def.declaredId !== undefined) continue // a shared built-in
        if (def.declaredId !== undefined) throw new Error(`${def.name} is defined in both layers with different ids`)
        raw.push({ layer, def, id, bareOnly: true })
        continue
      }
      const owner = byId.get(id)
      if (owner !== undefined) throw new Error(`id ${id.toString(16)} of ${def.name} collides with ${owner}`)
      byName.set(def.name, def)
      byId.set(id, def.name)
      raw.push({ layer, def, id, bareOnly: def.declaredId === undefined && layer === 'mtproto' })
    }
  }

  // Bare references resolve within their own layer first: mtproto's %Message is its own `message`.
  const constructorsOf = (layer: LayerName, type: string) => {
    const all = raw.filter((d) => d.def.kind === 'constructor' && d.def.result.name === type)
    const local = all.filter((d) => d.layer === layer)
    return local.length > 0 ? local : all.filter((d) => !d.bareOnly)
  }
  const definitions: LayerDefinition[] = raw.map((d) => ({
    layer: d.layer,
    kind: d.def.kind,
    name: d.def.name,
    id: d.id,
    type: d.def.kind === 'constructor' ? d.def.result.name : '',
    result: d.def.result,
    fields: [],
    bareOnly: d.bareOnly,
    isWrapper: d.def.generics.length > 0 && d.def.result.args.length === 0 && d.def.generics.some((g) => g.name === d.def.result.name),
    symbol: (d.bareOnly ? `${d.layer}_` : '') + d.def.name.replace(/\./g, '_'),
  }))
  const find = (layer: LayerName, name: string) =>
    definitions.find((d) => d.name === name && d.kind === 'constructor' && d.layer === layer) ??
    definitions.find((d) => d.name === name && d.kind === 'constructor')

  const resolve = (layer: LayerName, owner: Definition, type: TypeExpr): Shape => {
    const name = type.name
    if (type.bang || owner.generics.some((g) => g.name === name)) return { kind: 'method' }
    if (PRIMITIVES.has(name)) return { kind: name as 'int' }
    if (name === 'Bool') return { kind: 'bool' }
    if (name === 'true') return { kind: 'true' }
    if (name === 'Object') return { kind: 'any' }
    if (name === 'Vector' || name === 'vector') {
      if (type.args.length !== 1) throw new Error(`${owner.name}: ${name} needs one type argument`)
      return { kind: 'vector', boxed: name === 'Vector', item: resolve(layer, owner, type.args[0]) }
    }
    const lastSegment = name.slice(name.lastIndexOf('.') + 1)
    if (type.bare) {
      // `%Type` names a type with one constructor; a lowercase name is that constructor itself.
      const isConstructorName = lastSegment[0] === lastSegment[0].toLowerCase()
      const target = isConstructorName ? find(layer, name) : undefined
      const candidates = isConstructorName ? (target ? [target] : []) : constructorsOf(layer, name).map((c) => find(c.layer, c.def.name)!)
      if (candidates.length !== 1) throw new Error(`${owner.name}: bare ${name} must name exactly one constructor`)
      return { kind: 'bare', definition: candidates[0] }
    }
    return { kind: 'object', type: name }
  }

  for (const [i, d] of raw.entries()) {
    definitions[i].fields = d.def.params.map((p) => ({
      name: p.name,
      shape: p.type.name === '#' ? { kind: 'int' } : resolve(d.layer, d.def, p.type),
      condition: p.condition ? { field: p.condition.field, bit: p.condition.bit } : undefined,
      isFlags: p.type.name === '#',
    }))
    if (d.def.kind === 'method' && !definitions[i].isWrapper) definitions[i].resultShape = resolve(d.layer, d.def, d.def.result)
  }

  const typeConstructors = new Map<string, LayerDefinition[]>()
  for (const d of definitions) {
    if (d.kind !== 'constructor' || d.bareOnly) continue
    const list = typeConstructors.get(d.type) ?? []
    list.push(d)
    typeConstructors.set(d.type, list)
  }
  const symbols = new Set<string>()
  for (const d of definitions) {
    if (symbols.has(d.symbol)) throw new Error(`two definitions map to the identifier ${d.symbol}`)
    symbols.add(d.symbol)
  }
  return { definitions, typeConstructors, layerNumber: layerNumber === undefined ? undefined : Number(layerNumber) }
}

function parseLayer(layer: LayerName, text: string): Definition[] {
  const doc = parseTl(text)
  const errors = doc.diagnostics.filter((d) => d.severity === 'error')
  if (errors.length > 0) throw new Error(`${layer}.tl: ${errors.length} parse errors, first: ${errors[0].message}`)
  return doc.definitions
}

/** The fewest bytes a value of this shape can occupy, used to bound vector counts before allocating. */
export function minWireSize(shape: Shape, seen = new Set<LayerDefinition>()): number {
  switch (shape.kind) {
    case 'true':
      return 0
    case 'int':
    case 'bool':
    case 'string':
    case 'bytes':
    case 'object':
    case 'any':
    case 'method':
      return 4
    case 'long':
    case 'double':
      return 8
    case 'int128':
      return 16
    case 'int256':
      return 32
    case 'vector':
      return shape.boxed ? 8 : 4
    case 'bare': {
      if (seen.has(shape.definition)) return 0
      seen.add(shape.definition)
      let size = 0
      for (const f of shape.definition.fields) if (f.condition === undefined) size += minWireSize(f.shape, seen)
      seen.delete(shape.definition)
      return size
    }
  }
}
