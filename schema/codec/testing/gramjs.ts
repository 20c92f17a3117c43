/**
 * A bridge to GramJS (npm `telegram`), a second independent implementation, on an older layer:
 * converts our objects into GramJS class instances (camelCase fields, big-integer longs and
 * int128/256) for the constructors whose ids both layers share. Tests and the benchmark only.
 */
import type { LayerDefinition, LayerModel, Shape } from '../model'

/* eslint-disable @typescript-eslint/no-require-imports -- GramJS ships CommonJS without usable deep-import types */
const { tlobjects } = require('telegram/tl/AllTLObjects') as { tlobjects: Record<string, GramjsClass> }
const { snakeToCamelCase, variableSnakeToCamelCase } = require('telegram/tl/generationHelpers') as {
  snakeToCamelCase: (name: string) => string
  variableSnakeToCamelCase: (name: string) => string
}
const { Api } = require('telegram') as { Api: Record<string, unknown> }
const { BinaryReader } = require('telegram/extensions') as { BinaryReader: new (data: Buffer) => GramjsReader }
const bigInt = require('big-integer') as (value: string) => unknown
const { parseTl } = require('telegram/tl/generationHelpers') as {
  parseTl: (text: string, layer: number, methods: unknown[], ignoreIds: Set<number>) => Iterable<GramjsDefinition>
}
interface GramjsDefinition {
  constructorId: number
  argsConfig: Record<string, { type: string }>
}
const gramjsSchemas = [require('telegram/tl/apiTl') as string, require('telegram/tl/schemaTl') as string]
/* eslint-enable @typescript-eslint/no-require-imports */

export interface GramjsObject {
  getBytes(): Buffer
  className: string
}
type GramjsClass = new (args: Record<string, unknown>) => GramjsObject
export interface GramjsReader {
  tgReadObject(): GramjsObject
}

/** Reads one boxed object with GramJS's reader. */
export function gramjsRead(bytes: Uint8Array): GramjsObject {
  return new BinaryReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).tgReadObject()
}

/** GramJS's int128/int256 are signed little-endian big integers. */
function littleEndianToBigInt(bytes: Uint8Array): unknown {
  let value = 0n
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i])
  return bigInt(BigInt.asIntN(bytes.length * 8, value).toString())
}

/** Every definition GramJS builds its classes from, by id. */
function gramjsDefinitions(): Map<number, GramjsDefinition> {
  const definitions = new Map<number, GramjsDefinition>()
  for (const text of gramjsSchemas) for (const def of parseTl(text, 0, [], new Set())) definitions.set(def.constructorId >>> 0, def)
  return definitions
}

export class GramjsBridge {
  private readonly byName = new Map<string, LayerDefinition>()
  private readonly definitions = gramjsDefinitions()

  constructor(model: LayerModel) {
    for (const d of model.definitions) if (!d.bareOnly) this.byName.set(d.name, d)
  }

  /**
   * Whether GramJS's layer has this exact definition. The id alone is not enough: ids leave out
   * `flags.N?true` parameters, so a flag added since GramJS's layer keeps the id but not the fields.
   */
  has(d: LayerDefinition): boolean {
    const theirs = this.definitions.get(d.id)
    if (tlobjects[String(d.id)] === undefined || theirs === undefined) return false
    return Object.keys(theirs.argsConfig).join(' ') === d.fields.map((f) => variableSnakeToCamelCase(f.name)).join(' ')
  }

  /**
   * Whether GramJS declares `string` where our layer has `bytes` (msgs_state_info.info, for one).
   * Both travel identically, but GramJS decodes such a field as UTF-8, which does not round-trip.
   */
  readsBytesAsText(d: LayerDefinition): boolean {
    const theirs = this.definitions.get(d.id)
    return d.fields.some((f) => f.shape.kind === 'bytes' && theirs?.argsConfig[variableSnakeToCamelCase(f.name)]?.type === 'string')
  }

  /** Our object as the GramJS object with the same id. */
  convert(value: Record<string, unknown>, d: LayerDefinition = this.byName.get(value._ as string)!): GramjsObject {
    const Class = tlobjects[String(d.id)]
    if (Class === undefined) throw new Error(`GramJS has no ${d.name}`)
    return this.build(Class, d, value, (v) => this.convert(v))
  }

  /**
   * Our object as the GramJS object of the same constructor name in GramJS's older layer, whatever
   * its id there; fields GramJS's layer lacks are dropped. For benchmarks, where only the shape matters.
   */
  convertByName(value: Record<string, unknown>): GramjsObject {
    const d = this.byName.get(value._ as string)!
    const dot = d.name.lastIndexOf('.')
    const scope = (dot < 0 ? Api : Api[d.name.slice(0, dot)]) as Record<string, GramjsClass | undefined>
    const Class = scope[snakeToCamelCase(d.name.slice(dot + 1))]
    if (Class === undefined) throw new Error(`GramJS has no class for ${d.name}`)
    return this.build(Class, d, value, (v) => this.convertByName(v))
  }

  private build(Class: GramjsClass, d: LayerDefinition, value: Record<string, unknown>, nested: (v: Record<string, unknown>) => GramjsObject): GramjsObject {
    const args: Record<string, unknown> = {}
    for (const f of d.fields) {
      if (f.isFlags) continue
      const v = value[f.name]
      args[variableSnakeToCamelCase(f.name)] = v === undefined ? undefined : this.convertValue(f.shape, v, nested)
    }
    return new Class(args)
  }

  serialize(value: Record<string, unknown>): Uint8Array {
    return this.convert(value).getBytes()
  }

  private convertValue(shape: Shape, value: unknown, nested: (v: Record<string, unknown>) => GramjsObject): unknown {
    switch (shape.kind) {
      case 'long':
        return bigInt((value as bigint).toString())
      case 'int128':
      case 'int256':
        return littleEndianToBigInt(value as Uint8Array)
      case 'bytes':
        return Buffer.from(value as Uint8Array)
      case 'object':
      case 'method':
      case 'any':
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? nested(value as Record<string, unknown>) : value
      case 'vector':
        return (value as unknown[]).map((item) => this.convertValue(shape.item, item, nested))
      default:
        return value
    }
  }
}
