/**
 * Where each servable layer's definitions come from. A source knows its layer number cheaply and
 * loads its definitions only when a client on that layer first connects.
 *
 * Built in: our bundled layer (schema/layer/api.tl), GramJS's TL text (the `telegram` package), and the
 * JSON schema `@mtcute/core` ships for its own layer. More (older `@mtcute/tl` versions, say) can be
 * added with `tlTextSource` / `mtcuteJsonSource` and `registerLayerSource`.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Definition } from '../../../schema/tl/ast'
import { parseTl } from '../../../schema/tl/parser'
import { definitionsFromMtcuteJson, type MtcuteSchema } from './mtcute-json'

export interface LayerSource {
  readonly layer: number
  /** Where the definitions come from, for messages. */
  readonly origin: string
  /** The API definitions of the layer; the service layer is added by the registry. */
  definitions(): Definition[]
}

const requireFromHere = createRequire(__filename)
const layerFolder = join(__dirname, '../../../schema/layer')

/** Parses TL text and refuses it when the parser reports an error, naming the first one. */
export function parseDefinitions(text: string, origin: string): Definition[] {
  const document = parseTl(text)
  const error = document.diagnostics.find((d) => d.severity === 'error')
  if (error) {
    const line = text.slice(0, error.range.start).split('\n').length
    throw new Error(`${origin}:${line}: ${error.message}`)
  }
  return document.definitions
}

export function tlTextSource(layer: number, origin: string, text: () => string): LayerSource {
  return { layer, origin, definitions: () => parseDefinitions(text(), origin) }
}

export function mtcuteJsonSource(schema: MtcuteSchema, origin: string): LayerSource {
  return { layer: schema.l, origin, definitions: () => definitionsFromMtcuteJson(schema) }
}

/** The MTProto service layer (containers, acks, pings) is the same for every API layer. */
export function serviceDefinitions(): Definition[] {
  return parseDefinitions(readFileSync(join(layerFolder, 'mtproto.tl'), 'utf8'), 'schema/layer/mtproto.tl')
}

/** Our bundled layer; its number is the `// LAYER N` line the generator writes at the end of api.tl. */
export function bundledSource(): LayerSource {
  const path = join(layerFolder, 'api.tl')
  const text = readFileSync(path, 'utf8')
  return tlTextSource(layerLine(text, 'schema/layer/api.tl'), 'schema/layer/api.tl', () => text)
}

/** GramJS keeps its layer as `LAYER = N` in AllTLObjects.js; reading the text avoids building its Api classes. */
export function gramjsSource(): LayerSource {
  const objectsText = readFileSync(requireFromHere.resolve('telegram/tl/AllTLObjects.js'), 'utf8')
  const match = /\bLAYER = (\d+);/.exec(objectsText)
  if (!match) throw new Error('telegram/tl/AllTLObjects.js no longer states its LAYER')
  return tlTextSource(Number(match[1]), 'telegram/tl/apiTl.js', () => requireFromHere('telegram/tl/apiTl.js') as string)
}

export function mtcuteCoreSource(): LayerSource {
  return mtcuteJsonSource(requireFromHere('@mtcute/core/tl/api-schema.json') as MtcuteSchema, '@mtcute/core/tl/api-schema.json')
}

function layerLine(text: string, origin: string): number {
  const match = /^\/\/ LAYER (\d+)\s*$/m.exec(text)
  if (!match) throw new Error(`${origin} has no "// LAYER N" line`)
  return Number(match[1])
}
