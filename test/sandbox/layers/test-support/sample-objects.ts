/**
 * Test support: builds a deterministic plain object for any constructor or method of a layer, driven
 * by its schema, with every optional field set or every one left unset. Used to put each definition
 * of a layer through our codec and an independent implementation.
 */
import type { TlPlainObject } from '../codec'
import type { EntrySpec, LayerSchema, TypeRef } from '../schema'

export type OptionalFields = 'all-set' | 'all-unset'

/** Nested objects beyond this depth leave their optional fields unset, so recursive types end. */
const NESTED_OPTIONALS_DEPTH = 3

export function sampleObject(schema: LayerSchema, entry: EntrySpec, optionals: OptionalFields): TlPlainObject {
  return new SampleBuilder(schema).object(entry, optionals, 0)
}

class SampleBuilder {
  private counter = 0

  constructor(private readonly schema: LayerSchema) {}

  object(entry: EntrySpec, optionals: OptionalFields, depth: number): TlPlainObject {
    const setOptionals = optionals === 'all-set' && depth <= NESTED_OPTIONALS_DEPTH
    const object: TlPlainObject = { _: entry.name }
    for (const field of entry.fields) {
      if (field.type.kind === 'true') object[field.name] = setOptionals
      else if (field.condition && !setOptionals) object[field.name] = undefined
      else object[field.name] = this.value(field.type, optionals, depth)
    }
    return object
  }

  private value(type: TypeRef, optionals: OptionalFields, depth: number): unknown {
    const n = ++this.counter
    switch (type.kind) {
      case 'int':
        return 1000 + n
      case 'long':
        // Small enough for mtcute's int53 fields to read back exactly.
        return 1_000_000n + BigInt(n)
      case 'double':
        return n + 0.5
      case 'string':
        return `text ${n} ✓`
      case 'bytes':
        return Uint8Array.from({ length: (n % 7) + 1 }, (_, i) => (n + i) & 0xff)
      case 'int128':
        return Uint8Array.from({ length: 16 }, (_, i) => (n * 3 + i) & 0xff)
      case 'int256':
        return Uint8Array.from({ length: 32 }, (_, i) => (n * 5 + i) & 0xff)
      case 'Bool':
        return n % 2 === 0
      case 'true':
        return true
      case 'vector':
        return [this.value(type.item, optionals, depth)]
      case 'bare':
        return this.object(this.schema.bareConstructor(type)!, optionals, depth + 1)
      case 'boxed':
        return this.object(this.simplestConstructor(type.type), optionals, depth + 1)
      case 'any':
        return { _: 'inputPeerSelf' }
      case 'query':
        return { _: 'help.getConfig' }
    }
  }

  /**
   * The constructor with the fewest fields keeps nested samples small; one that contains its own type
   * (`secureRequiredTypeOneOf`) is taken only when there is no other, so recursive types end.
   */
  private simplestConstructor(typeName: string): EntrySpec {
    const all = this.schema.constructorsOf(typeName)
    if (all.length === 0) throw new Error(`no constructor of ${typeName} in layer ${this.schema.layer}`)
    const nonRecursive = all.filter((c) => !c.fields.some((f) => mentionsType(f.type, typeName)))
    const candidates = nonRecursive.length > 0 ? nonRecursive : all
    return candidates.reduce((best, c) => (c.fields.length < best.fields.length ? c : best))
  }
}

function mentionsType(type: TypeRef, typeName: string): boolean {
  if (type.kind === 'vector') return mentionsType(type.item, typeName)
  return type.kind === 'boxed' && type.type === typeName
}
