/**
 * The bundled layer's .tl files as read-only documents (`tl-layer:/api.tl`), so go-to-definition,
 * workspace symbols and the reference search can point into them. The extension serves the same
 * URIs from dist/ with a content provider; here we only need the text to turn offsets into positions.
 */
import { TextDocument } from 'vscode-languageserver-textdocument'
import type { Location } from 'vscode-languageserver-types'
import { type LayerFile, readLayerFile } from '../../schema/layer/files'
import type { SourceLocation } from '../../schema/layer/reference'
import { LAYER_URI_SCHEME } from '../protocol'
import { toRange } from './source-text'

const files: LayerFile[] = ['api.tl', 'mtproto.tl']
const documents = new Map<LayerFile, TextDocument>()

export function layerUri(file: LayerFile): string {
  return `${LAYER_URI_SCHEME}:/${file}`
}

/** The layer file a `tl-layer:` URI names, if it names one. */
export function layerFileOf(uri: string): LayerFile | undefined {
  return files.find((file) => uri === layerUri(file))
}

export function layerDocument(file: LayerFile): TextDocument {
  let document = documents.get(file)
  if (!document) {
    document = TextDocument.create(layerUri(file), 'tl', 0, readLayerFile(file))
    documents.set(file, document)
  }
  return document
}

/** Where a layer entry is defined: its name, at the start of its definition. */
export function layerLocation(entry: { name: string; location: SourceLocation }): Location {
  const document = layerDocument(entry.location.file)
  const start = entry.location.range.start
  return { uri: document.uri, range: toRange(document, { start, end: start + entry.name.length }) }
}
