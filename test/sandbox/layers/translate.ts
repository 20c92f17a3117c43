/**
 * Moves plain TL objects from one layer to another by constructor name. Constructor ids change between
 * layers for the same name whenever a field is added, so names are the only stable key.
 *
 * Rules, applied recursively:
 * - a constructor or method with the same name: fields are copied by name, each converted to the
 *   target field's type (int/long, string/bytes and Bool/`true` convert into each other);
 * - a field the target lacks is dropped; a field the source lacks is unset when optional in the target,
 *   and a type-correct default when required (see `defaultValue`);
 * - a constructor the target lacks becomes the target constructor of the same type that keeps most of
 *   the object's filled fields; when none keeps any, a `…Unsupported` constructor, then an `…Empty`
 *   one, then the first. Each substitution is reported to the log;
 * - a method the target lacks cannot be substituted (a different call would do something else), so it
 *   throws LayerTranslateError, which the sandbox answers as an unknown method.
 */
import type { TlPlainObject } from './codec'
import { LayerTranslateError } from './errors'
import type { EntrySpec, FieldSpec, LayerSchema, TypeRef } from './schema'
import { utf8 } from './wire'

export interface SubstitutionEvent {
  /** The layer the object is being translated into. */
  layer: number
  from: string
  /** The constructor used instead, or undefined when the value was dropped or defaulted. */
  to: string | undefined
  reason: string
}

export type TranslationLog = (event: SubstitutionEvent) => void

/** Bounds the construction of default objects, whose required fields may themselves need objects. */
const MAX_DEFAULT_DEPTH = 8

export class LayerTranslator {
  constructor(
    readonly source: LayerSchema,
    readonly target: LayerSchema,
    private readonly log: TranslationLog,
  ) {}

  /** Translates an object, a method call, an array of them, or a scalar result (passed through). */
  translate(value: unknown): unknown {
    return this.convertUntyped(value)
  }

  private convertUntyped(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.convertUntyped(item))
    if (isTlObject(value)) return this.translateObject(value, undefined)
    return value
  }

  private translateObject(object: TlPlainObject, expected: TypeRef | undefined): TlPlainObject {
    const sourceEntry = this.source.entryNamed(object._)
    const isMethod = sourceEntry ? sourceEntry.kind === 'method' : expected?.kind === 'query' || Boolean(this.target.methodNamed(object._))
    let targetEntry = isMethod ? this.target.methodNamed(object._) : this.target.constructorNamed(object._)
    // A constructor that moved to another type cannot stand where the target expects its old type.
    if (targetEntry && expected?.kind === 'boxed' && targetEntry.typeName !== expected.type) targetEntry = undefined
    if (!targetEntry) {
      if (isMethod) throw new LayerTranslateError('the target layer has no such method', object._, this.target.layer)
      targetEntry = this.closestConstructor(object, sourceEntry, expected)
      this.log({ layer: this.target.layer, from: object._, to: targetEntry.name, reason: 'constructor missing in the target layer' })
    }
    const result: TlPlainObject = { _: targetEntry.name }
    for (const field of targetEntry.fields) {
      const value = object[field.name]
      result[field.name] = value === undefined || value === null ? this.unsetValue(field) : this.convertField(value, field, object._)
    }
    return result
  }

  private unsetValue(field: FieldSpec): unknown {
    if (field.type.kind === 'true') return false
    return field.condition ? undefined : this.defaultValue(field.type, 0)
  }

  private convertField(value: unknown, field: FieldSpec, owner: string): unknown {
    const converted = this.convert(value, field.type)
    if (converted !== MISMATCH) return converted
    this.log({ layer: this.target.layer, from: `${owner}.${field.name}`, to: undefined, reason: 'value does not fit the target type' })
    return this.unsetValue(field)
  }

  /** Converts one value to the target type, or returns MISMATCH when it cannot be expressed. */
  private convert(value: unknown, type: TypeRef): unknown {
    switch (type.kind) {
      case 'int':
        if (typeof value === 'number' && Number.isInteger(value)) return value
        if (typeof value === 'bigint' && BigInt.asIntN(32, value) === value) return Number(value)
        return MISMATCH
      case 'long':
        if (typeof value === 'bigint') return value
        if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
        return MISMATCH
      case 'double':
        if (typeof value === 'number') return value
        if (typeof value === 'bigint') return Number(value)
        return MISMATCH
      case 'string':
        if (typeof value === 'string') return value
        if (value instanceof Uint8Array) return utf8.decode(value)
        return MISMATCH
      case 'bytes':
        if (value instanceof Uint8Array) return value
        if (typeof value === 'string') return utf8.encode(value)
        return MISMATCH
      case 'int128':
      case 'int256':
        return value instanceof Uint8Array && value.length === (type.kind === 'int128' ? 16 : 32) ? value : MISMATCH
      case 'Bool':
      case 'true':
        return typeof value === 'boolean' ? value : MISMATCH
      case 'vector': {
        if (!Array.isArray(value)) return MISMATCH
        const items: unknown[] = []
        for (const item of value) {
          const converted = this.convert(item, type.item)
          // An item that fits nowhere is left out rather than spoiling the whole list.
          if (converted !== MISMATCH) items.push(converted)
        }
        return items
      }
      case 'boxed':
      case 'bare':
      case 'any':
      case 'query':
        return isTlObject(value) ? this.translateObject(value, type) : MISMATCH
    }
  }

  private closestConstructor(object: TlPlainObject, sourceEntry: EntrySpec | undefined, expected: TypeRef | undefined): EntrySpec {
    const candidates = this.candidatesFor(sourceEntry, expected)
    if (candidates.length === 0) {
      throw new LayerTranslateError('the target layer has no constructor of this type', object._, this.target.layer)
    }
    let best = candidates[0]!
    let bestScore = -Infinity
    for (const candidate of candidates) {
      const kept = candidate.fields.filter((f) => object[f.name] !== undefined && object[f.name] !== null).length
      // Required fields the object cannot fill become defaults: prefer candidates needing fewer.
      const invented = candidate.requiredFields.filter((f) => object[f.name] === undefined).length
      const score = kept - invented
      if (score > bestScore) {
        best = candidate
        bestScore = score
      }
    }
    if (bestScore > 0) return best
    return (
      candidates.find((c) => c.name.endsWith('Unsupported')) ??
      candidates.find((c) => c.name.endsWith('Empty')) ??
      best
    )
  }

  private candidatesFor(sourceEntry: EntrySpec | undefined, expected: TypeRef | undefined): readonly EntrySpec[] {
    if (expected?.kind === 'boxed') {
      const ofExpected = this.target.constructorsOf(expected.type)
      if (ofExpected.length > 0) return ofExpected
    }
    if (expected?.kind === 'bare') {
      const bare = this.target.bareConstructor(expected)
      if (bare) return [bare]
    }
    return sourceEntry ? this.target.constructorsOf(sourceEntry.typeName) : []
  }

  /**
   * A required field the source cannot fill: zero, empty, false, or for an object type its first
   * constructor without required fields; failing that, the one with the fewest, filled the same way.
   */
  defaultValue(type: TypeRef, depth: number): unknown {
    switch (type.kind) {
      case 'int':
      case 'double':
        return 0
      case 'long':
        return 0n
      case 'string':
        return ''
      case 'bytes':
        return new Uint8Array(0)
      case 'int128':
        return new Uint8Array(16)
      case 'int256':
        return new Uint8Array(32)
      case 'Bool':
      case 'true':
        return false
      case 'vector':
        return []
      case 'boxed':
        return this.defaultObject(this.target.constructorsOf(type.type), type.type, depth)
      case 'bare': {
        const entry = this.target.bareConstructor(type)
        return this.defaultObject(entry ? [entry] : [], type.constructorName, depth)
      }
      case 'any':
      case 'query':
        throw new LayerTranslateError('a generic value has no default', type.kind === 'any' ? 'Object' : '!X', this.target.layer)
    }
  }

  private defaultObject(candidates: readonly EntrySpec[], typeName: string, depth: number): TlPlainObject {
    if (candidates.length === 0 || depth >= MAX_DEFAULT_DEPTH) {
      throw new LayerTranslateError('no default object can be built', typeName, this.target.layer)
    }
    let chosen = candidates[0]!
    for (const candidate of candidates) {
      if (candidate.requiredFields.length < chosen.requiredFields.length) chosen = candidate
      if (chosen.requiredFields.length === 0) break
    }
    const object: TlPlainObject = { _: chosen.name }
    for (const field of chosen.fields) {
      object[field.name] = field.type.kind === 'true' ? false : field.condition ? undefined : this.defaultValue(field.type, depth + 1)
    }
    return object
  }
}

const MISMATCH: unique symbol = Symbol('mismatch')

function isTlObject(value: unknown): value is TlPlainObject {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as { _?: unknown })._ === 'string'
}
