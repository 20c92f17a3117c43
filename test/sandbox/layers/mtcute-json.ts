/**
 * Converts mtcute's JSON schema format (`api-schema.json` in `@mtcute/tl` and `@mtcute/core`) into the
 * same `Definition` model our TL parser produces, so both sources feed one schema builder.
 *
 * Differences from TL text that matter here: `int53` is mtcute's name for a `long` it narrows to a
 * JS number (on the wire it is a long); vectors, bare types and flag conditions are `typeModifiers`
 * rather than syntax; built-ins (`Bool`, `true`, `vector`) are left out; and the `mtcute.` namespace
 * holds the library's own helpers, which no server knows.
 */
import type { Definition, Param, SourceRange, TypeExpr } from '../../../schema/tl/ast'

export interface MtcuteTypeModifiers {
  predicate?: string
  isVector?: boolean
  isBareVector?: boolean
  isBareType?: boolean
  isBareUnion?: boolean
}

export interface MtcuteArgument {
  name: string
  type: string
  typeModifiers?: MtcuteTypeModifiers
}

export interface MtcuteEntry {
  kind: 'class' | 'method'
  name: string
  id: number
  type: string
  generics?: { name: string; type: string }[]
  arguments: MtcuteArgument[]
  /** On a method: `isVector` means it returns `Vector<type>`. */
  typeModifiers?: MtcuteTypeModifiers
}

export interface MtcuteSchema {
  /** The layer number. */
  l: number
  e: MtcuteEntry[]
}

/** Converted definitions have no source text; every range is this empty one. */
const NO_RANGE: SourceRange = { start: 0, end: 0 }

export function isMtcuteSchema(value: unknown): value is MtcuteSchema {
  const candidate = value as Partial<MtcuteSchema> | null
  return typeof candidate === 'object' && candidate !== null && typeof candidate.l === 'number' && Array.isArray(candidate.e)
}

export function definitionsFromMtcuteJson(schema: MtcuteSchema): Definition[] {
  return schema.e.filter((entry) => !entry.name.startsWith('mtcute.')).map(toDefinition)
}

function toDefinition(entry: MtcuteEntry): Definition {
  return {
    range: NO_RANGE,
    kind: entry.kind === 'method' ? 'method' : 'constructor',
    name: entry.name.replace(/^mt_/, ''),
    nameRange: NO_RANGE,
    declaredId: entry.id >>> 0,
    generics: (entry.generics ?? []).map((g) => ({ range: NO_RANGE, name: g.name, type: g.type })),
    params: entry.arguments.map(toParam),
    result: typeExpr(entry.type, entry.typeModifiers),
  }
}

function toParam(arg: MtcuteArgument): Param {
  const param: Param = { range: NO_RANGE, name: arg.name, nameRange: NO_RANGE, type: typeExpr(arg.type, arg.typeModifiers) }
  const predicate = arg.typeModifiers?.predicate
  if (predicate) {
    const match = /^(\w+)\.(\d+)$/.exec(predicate)
    if (!match) throw new Error(`${arg.name}: unreadable flag predicate ${predicate}`)
    param.condition = { range: NO_RANGE, field: match[1]!, bit: Number(match[2]) }
  }
  return param
}

function typeExpr(type: string, modifiers: MtcuteTypeModifiers = {}): TypeExpr {
  const bang = type.startsWith('!')
  const name = wireTypeName(bang ? type.slice(1) : type)
  const lastSegment = name.slice(name.lastIndexOf('.') + 1)
  const item: TypeExpr = {
    range: NO_RANGE,
    name,
    bare: Boolean(modifiers.isBareType || modifiers.isBareUnion) || /^[a-z]/.test(lastSegment),
    bang,
    args: [],
  }
  if (modifiers.isBareVector) return { range: NO_RANGE, name: 'vector', bare: true, bang: false, args: [item] }
  if (modifiers.isVector) return { range: NO_RANGE, name: 'Vector', bare: false, bang: false, args: [item] }
  return item
}

/** `int53` is a long on the wire; service-layer names carry an `mt_` prefix in mtcute's files. */
const wireTypeName = (type: string): string => (type === 'int53' ? 'long' : type.replace(/^mt_/, ''))
