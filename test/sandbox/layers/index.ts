/** Serving clients on other TL layers: per-layer codecs and translation by constructor name. */
export { LayerBinaryCodec, MAX_DEPTH, MAX_INFLATED_BYTES, type TlPlainObject } from './codec'
export { hexId, LayerDecodeError, type LayerDecodeErrorReason, LayerEncodeError, LayerTranslateError } from './errors'
export { definitionsFromMtcuteJson, isMtcuteSchema, type MtcuteSchema } from './mtcute-json'
export {
  fromClientLayer,
  getLayerCodec,
  getLayerSchema,
  knownLayers,
  type LayerCodec,
  ourLayer,
  registerLayerSource,
  resolveLayer,
  setTranslationLog,
  toClientLayer,
} from './registry'
export { type EntrySpec, type FieldSpec, LayerSchema, type TypeRef } from './schema'
export { type LayerSource, mtcuteJsonSource, parseDefinitions, tlTextSource } from './sources'
export { LayerTranslator, type SubstitutionEvent, type TranslationLog } from './translate'
