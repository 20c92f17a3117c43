/**
 * Search over the bundled layer: "Go to Symbol in Workspace" and the "Search TL Reference" quick
 * pick both rank the layer's ~2,900 constructors, methods and types by name.
 */
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver-types'
import type { LayerEntry, LayerReference } from '../../schema/layer/reference'
import type { ReferenceSearchItem } from '../protocol'
import { layerLocation } from './layer-documents'

const DEFAULT_LIMIT = 50
const WORKSPACE_SYMBOL_LIMIT = 200

/** A type is defined by its constructors; it is shown at the first one. */
function entryLocation(entry: LayerEntry) {
  if (entry.kind !== 'type') return layerLocation(entry)
  const first = entry.constructors[0]
  return first ? layerLocation(first) : undefined
}

function detailOf(entry: LayerEntry): string {
  switch (entry.kind) {
    case 'constructor':
      return `constructor of ${entry.type}`
    case 'method':
      return `method returning ${entry.returns}`
    case 'type':
      return `type with ${entry.constructors.length} constructor${entry.constructors.length === 1 ? '' : 's'}`
  }
}

const symbolKinds = { constructor: SymbolKind.Constructor, method: SymbolKind.Method, type: SymbolKind.Class } as const

export function searchReference(layer: LayerReference, query: string, limit = DEFAULT_LIMIT): ReferenceSearchItem[] {
  const items: ReferenceSearchItem[] = []
  for (const { value: entry } of layer.search(query, limit)) {
    const location = entryLocation(entry)
    if (location) items.push({ name: entry.name, kind: entry.kind, detail: detailOf(entry), location })
  }
  return items
}

export function layerWorkspaceSymbols(layer: LayerReference, query: string): SymbolInformation[] {
  return searchReference(layer, query, WORKSPACE_SYMBOL_LIMIT).map((item) => ({
    name: item.name,
    kind: symbolKinds[item.kind],
    location: item.location,
    containerName: item.detail,
  }))
}
