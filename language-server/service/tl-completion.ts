/**
 * Completion in .tl files. Only the definition being written is read, from its start to the
 * cursor: that tells whether a name, a parameter type, a flag bit or a result type comes next. The
 * names a file defines come from its last parse, whatever version it was, so typing never waits
 * for a parse of the whole file.
 */
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  InsertTextFormat,
  MarkupKind,
  type Position,
} from 'vscode-languageserver-types'
import type { LayerEntry, LayerReference } from '../../schema/layer/reference'
import { builtinTypes } from '../../schema/tl/validate'
import { describeBuiltin, describeEntry, type TypeLookup } from './markdown'
import type { SourceText } from './source-text'
import type { TlWorkspace } from './workspace'

/** What `completionItem/resolve` needs to find an item's documentation again. */
export interface TlCompletionData {
  tl: 'type' | 'constructor' | 'method' | 'builtin'
  name: string
}

type TlContext =
  | { kind: 'definition-name'; functions: boolean }
  | { kind: 'type'; generics: string[]; flagsFields: string[] }
  | { kind: 'result'; generics: string[] }
  | { kind: 'flag-bit'; field: string; usedBits: Set<number> }
  | { kind: 'none' }

const WORD = /[A-Za-z0-9_.]*$/
const DEFINITION_LIMIT = 100

/** The text of the definition the cursor is in, from its start up to the cursor, without comments. */
function definitionPrefix(text: string, offset: number): { prefix: string; functions: boolean } {
  const before = text.slice(0, offset)
  const functions = before.lastIndexOf('---functions---') > before.lastIndexOf('---types---')
  let start = before.lastIndexOf(';') + 1
  const marker = before.lastIndexOf('---')
  if (marker >= start) start = marker + 3
  const prefix = before
    .slice(start)
    .split('\n')
    .map((line) => line.replace(/\/\/.*$/, ''))
    .join('\n')
  return { prefix, functions }
}

function analyse(text: string, offset: number): { context: TlContext; word: string } {
  const { prefix, functions } = definitionPrefix(text, offset)
  const lineBefore = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset)
  const word = WORD.exec(prefix)![0]
  if (lineBefore.includes('//') || lineBefore.trimStart().startsWith('---')) return { context: { kind: 'none' }, word }
  const before = prefix.slice(0, prefix.length - word.length)
  const generics = [...before.matchAll(/\{(\w+):/g)].map((match) => match[1]!)

  if (before.trim() === '') return { context: { kind: 'definition-name', functions }, word }
  if (/=\s*$/.test(before)) return { context: { kind: 'result', generics }, word }
  const afterEquals = before.includes('=')
  if (/[<,%!]\s*$/.test(before) || (!afterEquals && /[:?]\s*$/.test(before))) {
    const flagsFields = afterEquals ? [] : [...before.matchAll(/(\w+):#/g)].map((match) => match[1]!)
    const bit = /^(\w+)\.(\d*)$/.exec(word)
    if (bit && flagsFields.includes(bit[1]!)) {
      const usedBits = new Set([...before.matchAll(new RegExp(`\\b${bit[1]}\\.(\\d+)\\?`, 'g'))].map((match) => Number(match[1])))
      return { context: { kind: 'flag-bit', field: bit[1]!, usedBits }, word }
    }
    return { context: { kind: 'type', generics, flagsFields }, word }
  }
  return { context: { kind: 'none' }, word }
}

/** Completion items that do not depend on the document, built once per layer. */
class LayerItems {
  readonly types: CompletionItem[] = []
  readonly typeNames = new Set<string>()
  readonly builtins: CompletionItem[]

  constructor(layer: LayerReference) {
    for (const type of layer.types) {
      if (this.typeNames.has(type.name)) continue
      this.typeNames.add(type.name)
      const data: TlCompletionData = { tl: 'type', name: type.name }
      this.types.push({ label: type.name, kind: CompletionItemKind.Class, detail: `${type.constructors.length} constructors`, data })
    }
    this.builtins = [...builtinTypes]
      .filter((name) => name !== 'vector' && name !== 'Vector')
      .map((name) => ({ label: name, kind: CompletionItemKind.Keyword, detail: 'built-in', data: { tl: 'builtin', name } satisfies TlCompletionData }))
    this.builtins.push(
      { label: 'Vector<…>', kind: CompletionItemKind.Snippet, detail: 'boxed list', insertText: 'Vector<$1>', insertTextFormat: InsertTextFormat.Snippet, filterText: 'Vector', data: { tl: 'builtin', name: 'Vector' } satisfies TlCompletionData },
      { label: 'vector<…>', kind: CompletionItemKind.Snippet, detail: 'bare list', insertText: 'vector<$1>', insertTextFormat: InsertTextFormat.Snippet, filterText: 'vector', data: { tl: 'builtin', name: 'vector' } satisfies TlCompletionData },
    )
  }
}

const layerItems = new WeakMap<LayerReference, LayerItems>()

function itemsOf(layer: LayerReference): LayerItems {
  let items = layerItems.get(layer)
  if (!items) {
    items = new LayerItems(layer)
    layerItems.set(layer, items)
  }
  return items
}

/** Types the document defines that the layer does not. */
function documentTypeItems(workspace: TlWorkspace, uri: string, layerTypes: ReadonlySet<string>): CompletionItem[] {
  const file = workspace.latest(uri)
  if (!file) return []
  return [...file.definedTypes()]
    .filter((name) => !layerTypes.has(name))
    .map((name) => ({ label: name, kind: CompletionItemKind.Class, detail: 'defined in this file' }))
}

function firstFreeBit(used: ReadonlySet<number>): number {
  let bit = 0
  while (used.has(bit) && bit < 31) bit++
  return bit
}

/** Constructors (in `---types---`) or methods (in `---functions---`) whose name starts like the word. */
function definitionItems(layer: LayerReference, word: string, functions: boolean): CompletionItem[] {
  const lower = word.toLowerCase()
  const entries = functions ? layer.methods : layer.constructors
  const items: CompletionItem[] = []
  for (const entry of entries) {
    const name = entry.name.toLowerCase()
    if (!name.startsWith(lower) && !name.startsWith(lower, name.lastIndexOf('.') + 1)) continue
    const data: TlCompletionData = { tl: entry.kind, name: entry.name }
    items.push({
      label: entry.name,
      kind: functions ? CompletionItemKind.Method : CompletionItemKind.Constructor,
      detail: entry.definition.slice(entry.name.length),
      insertText: entry.definition,
      filterText: entry.name,
      data,
    })
    if (items.length === DEFINITION_LIMIT) break
  }
  return items
}

export function tlCompletion(workspace: TlWorkspace, source: SourceText, position: Position): CompletionList {
  const text = source.getText()
  const offset = source.offsetAt(position)
  const { context, word } = analyse(text, offset)
  const editRange = { start: source.positionAt(offset - word.length), end: position }
  const list = (items: CompletionItem[], isIncomplete = false): CompletionList => ({ isIncomplete, itemDefaults: { editRange }, items })
  const layer = workspace.layer

  switch (context.kind) {
    case 'none':
      return list([])
    case 'definition-name':
      return word === '' ? list([], true) : list(definitionItems(layer, word, context.functions), true)
    case 'flag-bit': {
      const bit = firstFreeBit(context.usedBits)
      return list([
        {
          label: `${context.field}.${bit}?`,
          kind: CompletionItemKind.Snippet,
          detail: `the first free bit of ${context.field}`,
          insertText: `${context.field}.\${1:${bit}}?`,
          insertTextFormat: InsertTextFormat.Snippet,
        },
      ])
    }
    case 'type':
    case 'result': {
      const items = itemsOf(layer)
      const generics = context.generics.map((name) => ({ label: name, kind: CompletionItemKind.TypeParameter, detail: 'generic parameter' }))
      const result = [...generics, ...items.builtins, ...items.types, ...documentTypeItems(workspace, source.uri, items.typeNames)]
      if (context.kind === 'type') {
        for (const field of context.flagsFields) {
          result.push({
            label: `${field}.N?`,
            kind: CompletionItemKind.Snippet,
            detail: `optional parameter, present when a bit of ${field} is set`,
            insertText: `${field}.\${1:0}?`,
            insertTextFormat: InsertTextFormat.Snippet,
          })
        }
      }
      return list(result)
    }
  }
}

/** Adds the documentation to an item when the editor shows it. */
export function resolveTlCompletion(workspace: TlWorkspace, item: CompletionItem): CompletionItem {
  const data = item.data as Partial<TlCompletionData> | undefined
  if (!data?.tl || typeof data.name !== 'string') return item
  const lookupType: TypeLookup = (name) => workspace.lookupType(name)
  let markdown: string | undefined
  if (data.tl === 'builtin') markdown = describeBuiltin(data.name)
  else {
    const layer = workspace.layer
    const entry: LayerEntry | undefined =
      data.tl === 'type' ? layer.findType(data.name) : data.tl === 'method' ? layer.findMethod(data.name) : layer.findConstructor(data.name)
    if (entry) markdown = describeEntry(entry, lookupType)
  }
  return markdown ? { ...item, documentation: { kind: MarkupKind.Markdown, value: markdown } } : item
}
