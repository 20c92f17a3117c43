/**
 * Test support: converts between our plain objects and mtcute's, so mtcute's own reader and writer can
 * check our codec. mtcute differs in shape only: camelCase field names, `Long` for long (its writer
 * reads only `low` and `high`), and a JS number for the longs its schema marks `int53`.
 */
import type { TlPlainObject } from '../codec'
import type { MtcuteSchema } from '../mtcute-json'


export interface LongLike {
  low: number
  high: number
}

export class MtcuteShapes {
  /** Per constructor: the TL names of its `int53` fields, and TL names by mtcute's camelCase names. */
  private readonly int53Fields = new Map<string, Set<string>>()
  private readonly tlNames = new Map<string, Map<string, string>>()

  constructor(schema: MtcuteSchema) {
    for (const entry of schema.e) {
      this.int53Fields.set(entry.name, new Set(entry.arguments.filter((a) => a.type === 'int53').map((a) => a.name)))
      this.tlNames.set(entry.name, new Map(entry.arguments.map((a) => [camelCase(a.name), a.name])))
    }
  }

  toMtcute(value: unknown, int53 = false): unknown {
    if (typeof value === 'bigint') {
      return int53 ? Number(value) : { low: Number(BigInt.asIntN(32, value)), high: Number(BigInt.asIntN(32, value >> 32n)) }
    }
    if (Array.isArray(value)) return value.map((item) => this.toMtcute(item, int53))
    if (!isTlObject(value)) return value
    const int53Names = this.int53Fields.get(value._)
    const result: Record<string, unknown> = { _: value._ }
    for (const [key, field] of Object.entries(value)) {
      if (key !== '_') result[camelCase(key)] = this.toMtcute(field, int53Names?.has(key) ?? false)
    }
    return result
  }

  fromMtcute(value: unknown, int53 = false): unknown {
    if (int53 && typeof value === 'number') return BigInt(value)
    if (isLongLike(value)) return (BigInt(value.high) << 32n) | BigInt(value.low >>> 0)
    if (Array.isArray(value)) return value.map((item) => this.fromMtcute(item, int53))
    if (!isTlObject(value)) return value
    const int53Names = this.int53Fields.get(value._)
    const tlNames = this.tlNames.get(value._)
    const result: TlPlainObject = { _: value._ }
    for (const [key, field] of Object.entries(value)) {
      if (key === '_') continue
      const name = tlNames?.get(key) ?? key
      result[name] = this.fromMtcute(field, int53Names?.has(name) ?? false)
    }
    return result
  }
}

const camelCase = (name: string): string => name.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())

function isLongLike(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && 'low' in value && 'high' in value && !('_' in value)
}

function isTlObject(value: unknown): value is TlPlainObject {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as { _?: unknown })._ === 'string'
}
