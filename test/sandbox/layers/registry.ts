/**
 * The layers the sandbox can serve, and one codec per layer for its connections.
 *
 * A connection states its layer in `invokeWithLayer`; the sandbox asks `getLayerCodec(layer)` for a codec
 * that decodes the client's bytes into plain objects of that layer, translates them into ours
 * (`toOurs`), and does the reverse for answers (`fromOurs`, `encode`).
 */
import { LayerBinaryCodec, type TlPlainObject } from './codec'
import { LayerSchema } from './schema'
import { bundledSource, gramjsSource, type LayerSource, mtcuteCoreSource, serviceDefinitions } from './sources'
import { LayerTranslator, type SubstitutionEvent, type TranslationLog } from './translate'

export interface LayerCodec {
  /** The layer actually served, which may differ from the one asked for (see `resolveLayer`). */
  readonly layer: number
  readonly schema: LayerSchema
  /** Bytes of this layer (a boxed constructor or method call) to a plain object of this layer. */
  decode(bytes: Uint8Array): TlPlainObject
  /** A plain object of this layer to bytes. */
  encode(object: TlPlainObject): Uint8Array
  /** Encodes what `method` returns, for results that are not objects (`Vector<long>`, `Bool`). */
  encodeResult(method: string, value: unknown): Uint8Array
  decodeResult(method: string, bytes: Uint8Array): unknown
  /** A plain object (or array, or scalar result) of this layer, in our layer's terms. */
  toOurs(value: unknown): unknown
  /** A plain object (or array, or scalar result) of our layer, in this layer's terms. */
  fromOurs(value: unknown): unknown
}

const sources = new Map<number, LayerSource>()
const codecs = new Map<number, LayerCodec>()
let ourLayerNumber: number | undefined
let serviceLayer: ReturnType<typeof serviceDefinitions> | undefined
let log: TranslationLog = warnOncePerSubstitution()

function ensureBuiltins(): void {
  if (ourLayerNumber !== undefined) return
  const ours = bundledSource()
  ourLayerNumber = ours.layer
  for (const source of [ours, gramjsSource(), mtcuteCoreSource()]) {
    if (!sources.has(source.layer)) sources.set(source.layer, source)
  }
}

/** The layer of schema/layer/api.tl, which the rest of the sandbox speaks. */
export function ourLayer(): number {
  ensureBuiltins()
  return ourLayerNumber!
}

export function knownLayers(): number[] {
  ensureBuiltins()
  return [...sources.keys()].sort((a, b) => a - b)
}

/** Adds a layer (or replaces one not yet used by a connection). */
export function registerLayerSource(source: LayerSource): void {
  ensureBuiltins()
  sources.set(source.layer, source)
  codecs.delete(source.layer)
}

/**
 * Where substitutions are reported; by default a console warning, once per distinct substitution.
 * Returns the previous log, so a test can put it back.
 */
export function setTranslationLog(next: TranslationLog): TranslationLog {
  const previous = log
  log = next
  return previous
}

/**
 * The layer to serve a client that asked for `requested`: that layer when known, else the newest
 * known layer older than it (a client understands the constructors of the layers before its own, not
 * those after), else the oldest known layer.
 */
export function resolveLayer(requested: number): number {
  const layers = knownLayers()
  if (layers.includes(requested)) return requested
  const older = layers.filter((layer) => layer < requested)
  return older.length > 0 ? older[older.length - 1]! : layers[0]!
}

export function getLayerSchema(layer: number): LayerSchema {
  return getLayerCodec(layer).schema
}

export function getLayerCodec(requested: number): LayerCodec {
  const layer = resolveLayer(requested)
  const cached = codecs.get(layer)
  if (cached) return cached
  const codec = layer === ourLayer() ? createOurCodec(buildSchema(layer)) : createClientCodec(buildSchema(layer), ourSchema())
  codecs.set(layer, codec)
  return codec
}

/** Translates an object of our layer for a client on `layer`. */
export function toClientLayer(value: unknown, layer: number): unknown {
  return getLayerCodec(layer).fromOurs(value)
}

/** Translates an object a client on `layer` sent into our layer. */
export function fromClientLayer(value: unknown, layer: number): unknown {
  return getLayerCodec(layer).toOurs(value)
}

function ourSchema(): LayerSchema {
  return getLayerCodec(ourLayer()).schema
}

function buildSchema(layer: number): LayerSchema {
  const source = sources.get(layer)!
  serviceLayer ??= serviceDefinitions()
  return new LayerSchema(layer, source.definitions(), serviceLayer)
}

function createOurCodec(schema: LayerSchema): LayerCodec {
  const binary = new LayerBinaryCodec(schema)
  return {
    layer: schema.layer,
    schema,
    decode: (bytes) => binary.decode(bytes),
    encode: (object) => binary.encode(object),
    encodeResult: (method, value) => binary.encodeResult(method, value),
    decodeResult: (method, bytes) => binary.decodeResult(method, bytes),
    toOurs: (value) => value,
    fromOurs: (value) => value,
  }
}

function createClientCodec(schema: LayerSchema, ours: LayerSchema): LayerCodec {
  const binary = new LayerBinaryCodec(schema)
  const reportTo = (event: SubstitutionEvent) => log(event)
  const toOurs = new LayerTranslator(schema, ours, reportTo)
  const fromOurs = new LayerTranslator(ours, schema, reportTo)
  return {
    layer: schema.layer,
    schema,
    decode: (bytes) => binary.decode(bytes),
    encode: (object) => binary.encode(object),
    encodeResult: (method, value) => binary.encodeResult(method, value),
    decodeResult: (method, bytes) => binary.decodeResult(method, bytes),
    toOurs: (value) => toOurs.translate(value),
    fromOurs: (value) => fromOurs.translate(value),
  }
}

function warnOncePerSubstitution(): TranslationLog {
  const seen = new Set<string>()
  return (event) => {
    const key = `${event.layer}:${event.from}:${event.to}`
    if (seen.has(key)) return
    seen.add(key)
    const outcome = event.to ? `served as ${event.to}` : 'left unset'
    console.warn(`[sandbox layers] layer ${event.layer}: ${event.from} ${outcome} (${event.reason})`)
  }
}
