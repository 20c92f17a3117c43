/**
 * One layer's definitions, indexed for the interpreting codec and the translator: constructors and
 * methods by name and by id, the constructors of each type, and every parameter's type resolved to a
 * small `TypeRef` so that encoding and decoding never look at TL syntax again.
 */
import type { Definition, TypeExpr } from '../../../schema/tl/ast'
import { computeId } from '../../../schema/tl/constructor-id'

/** Types whose wire form the codec knows without a definition. */
export type ScalarKind = 'int' | 'long' | 'double' | 'string' | 'bytes' | 'int128' | 'int256' | 'Bool' | 'true'

export type TypeRef =
  | { readonly kind: ScalarKind }
  /** `Vector<T>` (boxed: written with the vector id) or `vector<T>` (bare: count and items only). */
  | { readonly kind: 'vector'; readonly boxed: boolean; readonly item: TypeRef }
  /** A boxed type: any constructor of `type`, written with its id. */
  | { readonly kind: 'boxed'; readonly type: string }
  /**
   * A bare constructor (`%Message`, `future_salt`): its fields only, no id. The scope says which
   * definitions the name belongs to: the service layer's `message` is not the API's.
   */
  | { readonly kind: 'bare'; readonly constructorName: string; readonly scope: DefinitionScope }
  /** `Object`, or a generic parameter used as a value: any boxed constructor. */
  | { readonly kind: 'any' }
  /** `!X`: a serialized method call. */
  | { readonly kind: 'query' }

/** API definitions and MTProto service definitions share a few names (`message`, type `Message`). */
export type DefinitionScope = 'api' | 'service'

export interface FieldSpec {
  readonly name: string
  readonly type: TypeRef
  /** For `flags.N?T`: the `#` field and bit that say whether the field is present. */
  readonly condition?: { readonly field: string; readonly bit: number }
}

export interface EntrySpec {
  readonly kind: 'constructor' | 'method'
  readonly name: string
  readonly id: number
  /** The type a constructor builds, or the type a method returns (`Vector`, `X` included). */
  readonly typeName: string
  /** A method's result as a TypeRef; for constructors, the boxed type itself. */
  readonly result: TypeRef
  /** The value fields, in wire order, without the `#` fields. */
  readonly fields: readonly FieldSpec[]
  /** The `#` fields, in wire order, interleaved with the value fields by `wireOrder`. */
  readonly wireOrder: readonly (FieldSpec | { readonly flagsField: string })[]
  /** Fields that must be present (neither conditional nor a `true` flag). */
  readonly requiredFields: readonly FieldSpec[]
}

const SCALARS = new Set<string>(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'Bool', 'true'])

/** Types the codec handles itself, so their definitions (`boolTrue`, `true`, `vector`) are not indexed. */
const NATIVE_TYPES = new Set(['Bool', 'True', 'Vector'])

export class LayerSchema {
  private readonly byIdMap = new Map<number, EntrySpec>()
  private readonly constructorsByName = new Map<string, EntrySpec>()
  private readonly methodsByName = new Map<string, EntrySpec>()
  private readonly constructorsByType = new Map<string, EntrySpec[]>()
  private readonly bareConstructors = { api: new Map<string, EntrySpec>(), service: new Map<string, EntrySpec>() }

  /**
   * Where the two sets share a name, the API definition is the one found by name and by type; the
   * service one stays reachable by its id and from bare references inside the service layer.
   */
  constructor(
    readonly layer: number,
    apiDefinitions: readonly Definition[],
    serviceDefinitions: readonly Definition[] = [],
  ) {
    this.addScope(apiDefinitions, 'api')
    this.addScope(serviceDefinitions, 'service')
  }

  private addScope(definitions: readonly Definition[], scope: DefinitionScope): void {
    const seen = { constructor: new Set<string>(), method: new Set<string>() }
    const accepted = definitions.filter((def) => {
      const native = def.builtinVector || (def.kind === 'constructor' && NATIVE_TYPES.has(def.result.name))
      if (native || seen[def.kind].has(def.name)) return false
      seen[def.kind].add(def.name)
      return true
    })
    const bareTypeOwners = bareTypeConstructors(accepted)
    for (const def of accepted) {
      const entry = compileEntry(def, bareTypeOwners, scope)
      // The service layer leaves an id off only where a constructor is always bare (`message`).
      const boxable = def.declaredId !== undefined || scope === 'api'
      if (boxable && !this.byIdMap.has(entry.id)) this.byIdMap.set(entry.id, entry)
      if (def.kind === 'method') {
        if (!this.methodsByName.has(def.name)) this.methodsByName.set(def.name, entry)
        continue
      }
      this.bareConstructors[scope].set(def.name, entry)
      if (this.constructorsByName.has(def.name)) continue
      this.constructorsByName.set(def.name, entry)
      const list = this.constructorsByType.get(entry.typeName)
      if (list) list.push(entry)
      else this.constructorsByType.set(entry.typeName, [entry])
    }
  }

  byId(id: number): EntrySpec | undefined {
    return this.byIdMap.get(id)
  }

  constructorNamed(name: string): EntrySpec | undefined {
    return this.constructorsByName.get(name)
  }

  methodNamed(name: string): EntrySpec | undefined {
    return this.methodsByName.get(name)
  }

  /** A constructor by that name, else a method. TL keeps the two name spaces apart; objects do not. */
  entryNamed(name: string): EntrySpec | undefined {
    return this.constructorsByName.get(name) ?? this.methodsByName.get(name)
  }

  /** The constructor a bare reference (`%Message`, `future_salt`) stands for. */
  bareConstructor(ref: TypeRef & { kind: 'bare' }): EntrySpec | undefined {
    return this.bareConstructors[ref.scope].get(ref.constructorName)
  }

  constructorsOf(typeName: string): readonly EntrySpec[] {
    return this.constructorsByType.get(typeName) ?? []
  }

  get constructorCount(): number {
    return this.constructorsByName.size
  }

  get methodCount(): number {
    return this.methodsByName.size
  }

  *entries(): IterableIterator<EntrySpec> {
    yield* this.constructorsByName.values()
    yield* this.methodsByName.values()
  }
}

/** `%Type` means "the only constructor of Type": map each type name to that constructor's name. */
function bareTypeConstructors(definitions: readonly Definition[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const def of definitions) {
    if (def.kind === 'constructor' && !owners.has(def.result.name)) owners.set(def.result.name, def.name)
  }
  return owners
}

function compileEntry(def: Definition, bareTypeOwners: ReadonlyMap<string, string>, scope: DefinitionScope): EntrySpec {
  const generics = new Set(def.generics.map((g) => g.name))
  const resolve = (expr: TypeExpr): TypeRef => resolveType(expr, { generics, bareTypeOwners, scope })
  const fields: FieldSpec[] = []
  const wireOrder: (FieldSpec | { flagsField: string })[] = []
  for (const param of def.params) {
    if (param.type.name === '#') {
      wireOrder.push({ flagsField: param.name })
      continue
    }
    const field: FieldSpec = param.condition
      ? { name: param.name, type: resolve(param.type), condition: { field: param.condition.field, bit: param.condition.bit } }
      : { name: param.name, type: resolve(param.type) }
    fields.push(field)
    wireOrder.push(field)
  }
  return {
    kind: def.kind,
    name: def.name,
    id: def.declaredId ?? computeId(def),
    typeName: def.result.name,
    result: def.kind === 'method' ? resolve(def.result) : { kind: 'boxed', type: def.result.name },
    fields,
    wireOrder,
    requiredFields: fields.filter((f) => !f.condition && f.type.kind !== 'true'),
  }
}

interface ResolveContext {
  generics: ReadonlySet<string>
  bareTypeOwners: ReadonlyMap<string, string>
  scope: DefinitionScope
}

function resolveType(expr: TypeExpr, context: ResolveContext): TypeRef {
  if (expr.bang) return { kind: 'query' }
  const { name } = expr
  if (name === 'Vector' || name === 'vector') {
    const item = expr.args[0]
    if (!item) throw new Error(`${name} without an item type`)
    return { kind: 'vector', boxed: name === 'Vector', item: resolveType(item, context) }
  }
  if (SCALARS.has(name)) return { kind: name as ScalarKind }
  if (name === 'Object' || context.generics.has(name)) return { kind: 'any' }
  if (!expr.bare) return { kind: 'boxed', type: name }
  // `%Type` names a type; a lowercase name is already a constructor.
  const isTypeName = /^[A-Z]/.test(name.slice(name.lastIndexOf('.') + 1))
  return { kind: 'bare', constructorName: isTypeName ? (context.bareTypeOwners.get(name) ?? name) : name, scope: context.scope }
}

export const isFieldSpec = (item: FieldSpec | { flagsField: string }): item is FieldSpec => 'name' in item
