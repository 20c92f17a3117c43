/**
 * Navigation in .tl files: go to definition and find references across the workspace's .tl files
 * and the bundled layer, and the document outline.
 */
import { type DocumentSymbol, type Location, type Position, SymbolKind } from 'vscode-languageserver-types'
import type { Definition } from '../../schema/tl/ast'
import type { LayerSection } from '../../schema/layer/reference'
import { layerDocument, layerFileOf, layerLocation } from './layer-documents'
import { type SourceText, toRange } from './source-text'
import { type Occurrence, type SchemaSymbol, TlFile } from './tl-file'
import type { TlWorkspace } from './workspace'

function nameLocation(file: TlFile, definition: Definition): Location {
  return { uri: file.uri, range: toRange(file.source, definition.nameRange) }
}

/** Where the bundled layer defines a symbol: a constructor or method, or every constructor of a type. */
function layerDefinitions(workspace: TlWorkspace, symbol: SchemaSymbol, section: LayerSection): Location[] {
  const layer = workspace.layer
  if (symbol.kind === 'type') {
    const type = layer.findType(symbol.name, section) ?? layer.findType(symbol.name)
    return type ? type.constructors.map(layerLocation) : []
  }
  const find = (inSection?: LayerSection) =>
    symbol.kind === 'constructor' ? layer.findConstructor(symbol.name, inSection) : layer.findMethod(symbol.name, inSection)
  const entry = find(section) ?? find()
  return entry ? [layerLocation(entry)] : []
}

/**
 * The files a symbol is looked up in: the current one first, then the other workspace files. From
 * inside the layer's own read-only documents, the layer is the whole world.
 */
function searchScope(workspace: TlWorkspace, current: TlFile): TlFile[] {
  if (layerFileOf(current.uri)) return [current]
  return [current, ...workspace.files().filter((file) => file.uri !== current.uri)]
}

/** Parameters, generics and flags fields resolve inside their own definition. */
function localDefinition(file: TlFile, occurrence: Occurrence): Location | undefined {
  const definition = occurrence.definition
  if (occurrence.role === 'flags-field') {
    const field = definition.params.find((param) => param.name === occurrence.name)
    return field && { uri: file.uri, range: toRange(file.source, field.nameRange) }
  }
  if (occurrence.role === 'generic-reference' || occurrence.role === 'generic') {
    const generic = definition.generics.find((candidate) => candidate.name === occurrence.name)
    if (!generic) return undefined
    const start = generic.range.start + 1
    return { uri: file.uri, range: toRange(file.source, { start, end: start + generic.name.length }) }
  }
  if (occurrence.role === 'parameter') return { uri: file.uri, range: toRange(file.source, occurrence.range) }
  return undefined
}

export function tlDefinition(workspace: TlWorkspace, source: SourceText, position: Position): Location[] {
  const current = workspace.file(source)
  const occurrence = current.at(source.offsetAt(position))
  if (!occurrence) return []
  const symbol = occurrence.symbol
  if (!symbol) {
    const local = localDefinition(current, occurrence)
    return local ? [local] : []
  }
  // A definition in the file itself is the one meant; otherwise every file that has one, and the layer.
  const own = current.definitionsOf(symbol).map((definition) => nameLocation(current, definition))
  if (own.length > 0) return own
  const locations: Location[] = []
  for (const file of searchScope(workspace, current).slice(1)) {
    for (const definition of file.definitionsOf(symbol)) locations.push(nameLocation(file, definition))
  }
  return [...locations, ...layerDefinitions(workspace, symbol, workspace.sectionOf(current.uri))]
}

export function tlReferences(workspace: TlWorkspace, source: SourceText, position: Position, includeDeclaration: boolean): Location[] {
  const current = workspace.file(source)
  const occurrence = current.at(source.offsetAt(position))
  const symbol = occurrence?.symbol
  if (!symbol) return []
  let scope = searchScope(workspace, current)
  // From the layer's api.tl, its types are also used by mtproto.tl and the other way round.
  if (layerFileOf(current.uri)) {
    const other = layerFileOf(current.uri) === 'api.tl' ? 'mtproto.tl' : 'api.tl'
    scope = [current, workspace.file(layerDocument(other))]
  }
  const locations: Location[] = []
  for (const file of scope) {
    for (const reference of file.referencesTo(symbol)) {
      if (!includeDeclaration && (reference.role === 'definition' || reference.role === 'result')) continue
      locations.push({ uri: file.uri, range: toRange(file.source, reference.range) })
    }
  }
  return locations
}

export function tlDocumentSymbols(workspace: TlWorkspace, source: SourceText): DocumentSymbol[] {
  const file = workspace.file(source)
  return file.document.definitions.map((definition) => ({
    name: definition.name,
    detail: `= ${file.text.slice(definition.result.range.start, definition.result.range.end)}`,
    kind: definition.kind === 'method' ? SymbolKind.Method : SymbolKind.Constructor,
    range: toRange(source, definition.range),
    selectionRange: toRange(source, definition.nameRange),
    children: definition.params.map((param) => ({
      name: param.name,
      detail: file.text.slice(param.range.start, param.range.end).slice(param.name.length + 1),
      kind: SymbolKind.Field,
      range: toRange(source, param.range),
      selectionRange: toRange(source, param.nameRange),
    })),
  }))
}
