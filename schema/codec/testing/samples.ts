/**
 * Deterministic sample values for any definition of the layers, driven by the schema model. Tests
 * use them to round-trip every constructor and method, and to compare bytes with other
 * implementations; values are chosen to reach the edges of the wire format (negative and extreme
 * numbers, multi-byte UTF-8, byte strings on both sides of the 254-byte length prefix switch).
 */
import { gzipSync } from 'node:zlib'
import type { Field, LayerDefinition, LayerModel, Shape } from '../model'

/**
 * gzip_packed decodes to the object it wraps, so its samples wrap this one (inputPeerSelf#7da07ec9,
 * whose whole serialization is its id).
 */
export const GZIP_PACKED_CONTENT = { _: 'inputPeerSelf' }
const GZIP_PACKED_SAMPLE = { _: 'gzip_packed', packed_data: new Uint8Array(gzipSync(new Uint8Array([0xc9, 0x7e, 0xa0, 0x7d]))) }

/** What a sample decodes to: itself, except gzip_packed, which the reader replaces by its content. */
export function decodedForm(sample: Record<string, unknown>): Record<string, unknown> {
  return sample._ === 'gzip_packed' ? GZIP_PACKED_CONTENT : sample
}

/** `all`: every optional field set (and `true` flags true); `none`: every optional field unset. */
export type SampleMode = 'all' | 'none'

export interface SampleOptions {
  /**
   * Whether a `long` field must stay within ±2^53 (some implementations read ids as JS numbers).
   * Called with the definition and field name; the default keeps the full 64-bit range.
   */
  safeLong?: (definition: LayerDefinition, field: string) => boolean
  /** Leaves 0 out of the `int` samples (GramJS's patched Message classes take id 0 for a missing id). */
  nonZeroInts?: boolean
  /** Restricts the constructors nested objects may use, e.g. to those an older layer also has. */
  allowConstructor?: (definition: LayerDefinition) => boolean
}

/** Thrown when a field's type has no constructor the options allow. */
export class NoSampleError extends Error {}

/** Objects nested beyond this take the cheapest constructor and empty vectors, so samples stay small and finite. */
const RICH_DEPTH = 2

const INTS = [0, 1, -1, 0x7fffffff, -0x80000000, 123456789, -98765]
const LONGS = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 0x0123456789abcdefn, -0x7edcba9876543210n]
// Negative values stop at -(2^52 - 1): mtcute's int53 writer divides by 2^32 in floating point and
// misplaces the high half just below -2^52 (-(2^53 - 1) comes out as -(2^53 + 2^32 - 1)).
const SAFE_LONGS = [0n, 1n, -1n, 2n ** 53n - 1n, -(2n ** 52n - 1n), 777000n, 1234567890123n]
const DOUBLES = [0, -1.5, Math.PI, 1e300, -2.5e-300, 42]
const STRINGS = ['', 'a', 'hello world', 'Привет, мир', 'emoji 🙂 and ✓', 'x'.repeat(253), 'y'.repeat(300), 'é'.repeat(127)]
const BYTE_LENGTHS = [0, 1, 3, 4, 253, 254, 300, 17]

export class SampleBuilder {
  private counter = 0
  /** Per type, the constructor reachable with the least nesting, for deep levels. */
  private readonly cheapest = new Map<string, LayerDefinition>()
  private readonly byName = new Map<string, LayerDefinition>()

  constructor(
    private readonly model: LayerModel,
    private readonly options: SampleOptions = {},
  ) {
    for (const d of model.definitions) if (!d.bareOnly) this.byName.set(d.name, d)
    this.computeCheapest()
  }

  /** A value for definition `d` (with `_`), every key present, as the decoder would produce it. */
  object(d: LayerDefinition, mode: SampleMode, depth = 0): Record<string, unknown> {
    if (depth > 4 * RICH_DEPTH) throw new NoSampleError(`${d.name}: the allowed constructors nest without end`)
    if (d.name === GZIP_PACKED_SAMPLE._) return { ...GZIP_PACKED_SAMPLE }
    const value: Record<string, unknown> = { _: d.name }
    for (const f of d.fields) {
      if (f.isFlags) continue
      if (f.shape.kind === 'true') value[f.name] = f.condition === undefined || mode === 'all'
      else if (f.condition !== undefined && mode === 'none') value[f.name] = undefined
      else value[f.name] = this.value(f.shape, depth + 1, d, f)
    }
    return value
  }

  /** A value of a method's result, in the form decodeResult produces. */
  result(d: LayerDefinition): unknown {
    return d.resultShape === undefined ? undefined : this.value(d.resultShape, 1, d, undefined)
  }

  value(shape: Shape, depth: number, owner: LayerDefinition, field: Field | undefined): unknown {
    const n = this.counter++
    switch (shape.kind) {
      case 'int': {
        const int = INTS[n % INTS.length]
        return int === 0 && this.options.nonZeroInts === true ? 1 : int
      }
      case 'long': {
        const safe = field !== undefined && this.options.safeLong?.(owner, field.name) === true
        return safe ? SAFE_LONGS[n % SAFE_LONGS.length] : LONGS[n % LONGS.length]
      }
      case 'double':
        return DOUBLES[n % DOUBLES.length]
      case 'string':
        return STRINGS[n % STRINGS.length]
      case 'bytes':
        return pattern(BYTE_LENGTHS[n % BYTE_LENGTHS.length], n)
      case 'int128':
        return pattern(16, n)
      case 'int256':
        return pattern(32, n)
      case 'bool':
        return n % 2 === 0
      case 'true':
        return true
      case 'object':
        return this.object(this.pick(shape.type, depth, n), 'none', depth)
      case 'any':
        return this.object(this.byName.get('inputPeerSelf')!, 'none', depth)
      case 'method':
        return this.object(this.byName.get('help.getConfig')!, 'none', depth)
      case 'bare':
        return this.object(shape.definition, 'none', depth)
      case 'vector': {
        const count = depth > RICH_DEPTH ? 0 : depth <= 1 ? 2 : 1
        const items: unknown[] = []
        for (let i = 0; i < count; i++) items.push(this.value(shape.item, depth, owner, field))
        return items
      }
    }
  }

  private pick(type: string, depth: number, n: number): LayerDefinition {
    const constructors = this.allowed(type)
    if (constructors.length === 0) throw new NoSampleError(`no constructor of ${type} is allowed`)
    const cheapest = this.cheapest.get(type)
    if (depth > RICH_DEPTH && cheapest !== undefined) return cheapest
    return constructors[n % constructors.length]
  }

  private allowed(type: string): LayerDefinition[] {
    const all = this.model.typeConstructors.get(type) ?? []
    const allow = this.options.allowConstructor
    return allow === undefined ? all : all.filter(allow)
  }

  /**
   * Fixpoint over types: a constructor's cost is one more than its most expensive required object
   * field (vectors cost nothing, since deep samples leave them empty).
   */
  private computeCheapest(): void {
    const cost = new Map<string, number>()
    const fieldCost = (shape: Shape): number => {
      if (shape.kind === 'object') return cost.get(shape.type) ?? Infinity
      if (shape.kind === 'bare') return constructorCost(shape.definition)
      return 0
    }
    const constructorCost = (d: LayerDefinition): number =>
      1 + Math.max(0, ...d.fields.filter((f) => f.condition === undefined).map((f) => fieldCost(f.shape)))
    for (let changed = true; changed; ) {
      changed = false
      for (const type of this.model.typeConstructors.keys()) {
        for (const d of this.allowed(type)) {
          const c = constructorCost(d)
          if (c < (cost.get(type) ?? Infinity)) {
            cost.set(type, c)
            this.cheapest.set(type, d)
            changed = true
          }
        }
      }
    }
  }
}

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed * 7) & 0xff
  return bytes
}
