/**
 * A bridge to @mtcute/tl, the independent implementation our codec is checked against: converts our
 * objects into mtcute's (camelCase fields, `mt_` service names, Long or int53 numbers for `long`)
 * and serializes them with mtcute's own generated writers. Tests and the benchmark only.
 */
import type { LayerDefinition, LayerModel, Shape } from '../model'

// mtcute warns once per process that tsx loads its CommonJS build; the warning is noise in test output.
;(globalThis as { _MTCUTE_CJS_DEPRECATION_WARNED?: boolean })._MTCUTE_CJS_DEPRECATION_WARNED = true
// eslint-disable-next-line @typescript-eslint/no-require-imports -- must run after the flag above
const runtime = require('@mtcute/tl-runtime') as typeof import('@mtcute/tl-runtime')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js') as typeof import('@mtcute/tl/binary/writer.js')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { __tlReaderMap } = require('@mtcute/tl/binary/reader.js') as typeof import('@mtcute/tl/binary/reader.js')

export const { TlBinaryReader, TlBinaryWriter } = runtime
export const mtcuteWriterMap = __tlWriterMap as unknown as import('@mtcute/tl-runtime').TlWriterMap
export const mtcuteReaderMap = __tlReaderMap as unknown as import('@mtcute/tl-runtime').TlReaderMap

type Plain = Record<string, unknown>

/** `volume_id` -> `volumeId`, the field naming mtcute's generated code uses. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase())
}

/** mtcute's `long` takes any object with the two signed 32-bit halves. */
function toLong(value: bigint): { low: number; high: number } {
  return { low: Number(BigInt.asIntN(32, value)), high: Number(BigInt.asIntN(32, value >> 32n)) }
}

export class MtcuteBridge {
  /** Per mtcute name, the camelCase fields its writer emits with `int53` (JS numbers) rather than `long`. */
  private readonly int53Fields = new Map<string, Set<string>>()
  private readonly byName = new Map<string, LayerDefinition>()

  constructor(model: LayerModel) {
    for (const d of model.definitions) if (!d.bareOnly) this.byName.set(d.name, d)
    const int53 = /int53\((?:h\(v,'(\w+)'\)|v\.(\w+))\)|vector\(w\.int53,(?:h\(v,'(\w+)'\)|v\.(\w+))/g
    for (const [name, writer] of Object.entries(mtcuteWriterMap)) {
      if (typeof writer !== 'function') continue
      const fields = new Set<string>()
      for (const m of String(writer).matchAll(int53)) fields.add(m[1] ?? m[2] ?? m[3] ?? m[4])
      if (fields.size > 0) this.int53Fields.set(name, fields)
    }
  }

  /** The name mtcute gives a definition: service-layer names carry an `mt_` prefix. */
  nameOf(d: LayerDefinition): string {
    return d.layer === 'mtproto' ? `mt_${d.name}` : d.name
  }

  hasWriter(d: LayerDefinition): boolean {
    return typeof mtcuteWriterMap[this.nameOf(d)] === 'function'
  }

  /** Whether mtcute carries this `long` field as a JS number, so samples must stay within ±2^53. */
  isInt53(d: LayerDefinition, field: string): boolean {
    return this.int53Fields.get(this.nameOf(d))?.has(camelCase(field)) === true
  }

  /** Our object (with `_`) as mtcute's object. */
  convert(value: Plain, d: LayerDefinition = this.definitionOf(value)): Plain {
    const out: Plain = { _: this.nameOf(d) }
    for (const f of d.fields) {
      if (f.isFlags) continue
      const v = value[f.name]
      out[camelCase(f.name)] = v === undefined ? undefined : this.convertValue(f.shape, v, this.isInt53(d, f.name))
    }
    return out
  }

  /** Serializes our object with mtcute's generated writer. */
  serialize(value: Plain): Uint8Array {
    return TlBinaryWriter.serializeObject(mtcuteWriterMap, this.convert(value) as { _: string })
  }

  private definitionOf(value: Plain): LayerDefinition {
    const d = this.byName.get(value._ as string)
    if (d === undefined) throw new Error(`no definition named ${String(value._)}`)
    return d
  }

  private convertValue(shape: Shape, value: unknown, int53: boolean): unknown {
    switch (shape.kind) {
      case 'long':
        return int53 ? Number(value as bigint) : toLong(value as bigint)
      case 'object':
      case 'method':
      case 'any':
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? this.convert(value as Plain) : value
      case 'bare':
        return this.convert(value as Plain, shape.definition)
      case 'vector':
        return (value as unknown[]).map((item) => this.convertValue(shape.item, item, int53))
      default:
        return value
    }
  }
}
