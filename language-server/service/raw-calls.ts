/**
 * Raw calls (scratchpad cells, and calls inside TypeScript, JavaScript and Python) as editor
 * answers: the call analysis of ../calls turned into completion items, hovers, diagnostics and
 * quick fixes. Hovers and completion documentation go through the same renderer as .tl files.
 */
import {
  type CodeAction,
  CodeActionKind,
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type Diagnostic,
  DiagnosticSeverity,
  type Hover,
  InsertTextFormat,
  MarkupKind,
  type Position,
} from 'vscode-languageserver-types'
import type { LayerReference } from '../../schema/layer/reference'
import { parseRequest } from '../../schema/request/parser'
import type { RequestDiagnostic, SourceRange } from '../../schema/request/ast'
import { type CallCompletion, type CallDiagnostic, callTreeOfCell, type CallTree, checkCalls, completionsAt, contextAt, extractPythonCalls, extractTypeScriptCalls } from '../calls'
import { describeDefinition, describeParam, type TypeLookup } from './markdown'
import { type SourceText, toRange } from './source-text'

export const CALL_DIAGNOSTIC_SOURCE = 'tl-call'

const TYPESCRIPT_LANGUAGES = new Set(['typescript', 'javascript', 'typescriptreact', 'javascriptreact'])

/** Whether raw calls are looked for in documents of this language. */
export function servesRawCalls(languageId: string): boolean {
  return languageId === 'tl-request' || languageId === 'python' || TYPESCRIPT_LANGUAGES.has(languageId)
}

export type AccountKind = 'user' | 'bot'

/** What `completionItem/resolve` needs to document a raw-call item. */
interface CallCompletionData {
  call: CallCompletion['kind']
  /** The TL name of the method, constructor or parameter. */
  name: string
  /** For a parameter: the TL name of the method or constructor it belongs to. */
  owner?: string
}

const completionKinds: Record<CallCompletion['kind'], CompletionItemKind> = {
  namespace: CompletionItemKind.Module,
  method: CompletionItemKind.Method,
  constructor: CompletionItemKind.Constructor,
  parameter: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
}

interface ParsedCalls {
  version: number
  tree: CallTree
  /** The cell parser's own syntax errors; source files report none. */
  syntax: readonly RequestDiagnostic[]
}

export class RawCallService {
  private readonly parsed = new Map<string, ParsedCalls>()

  constructor(private readonly getLayer: () => LayerReference) {}

  private get layer(): LayerReference {
    return this.getLayer()
  }

  /** The calls of this version of a document, parsed once. */
  calls(source: SourceText): ParsedCalls {
    const cached = this.parsed.get(source.uri)
    if (cached && cached.version === source.version) return cached
    const text = source.getText()
    let parsed: ParsedCalls
    if (source.languageId === 'tl-request') {
      const document = parseRequest(text)
      parsed = { version: source.version, tree: callTreeOfCell(document), syntax: document.diagnostics }
    } else if (source.languageId === 'python') {
      parsed = { version: source.version, tree: extractPythonCalls(text, this.layer), syntax: [] }
    } else {
      parsed = { version: source.version, tree: extractTypeScriptCalls(text, this.layer), syntax: [] }
    }
    this.parsed.set(source.uri, parsed)
    return parsed
  }

  forget(uri: string): void {
    this.parsed.delete(uri)
  }

  private lookupType: TypeLookup = (name) => this.layer.findType(name)

  completion(source: SourceText, position: Position): CompletionList {
    const offset = source.offsetAt(position)
    const result = completionsAt(this.calls(source).tree, offset, this.layer)
    const owner = result.context?.kind === 'parameter' ? result.context.definition?.name : undefined
    // Over a key that already has its `:` (or Python's `=`), write the name alone.
    const keyHasSeparator = owner !== undefined && /^\s*[:=]/.test(source.getText().slice(result.range.end, result.range.end + 8))
    const items = result.items.map((completion): CompletionItem => {
      let insertText = completion.snippet ?? completion.insertText
      if (keyHasSeparator && completion.kind === 'parameter') insertText = insertText.replace(/\s*[:=]\s*$/, '')
      const item: CompletionItem = {
        label: completion.label,
        kind: completion.enumLike ? CompletionItemKind.EnumMember : completionKinds[completion.kind],
        sortText: completion.sortText,
        insertText,
      }
      if (completion.snippet) item.insertTextFormat = InsertTextFormat.Snippet
      if (completion.detail) item.detail = completion.required === true ? `${completion.detail} · required` : completion.detail
      if (completion.tlName && completion.kind !== 'value' && completion.kind !== 'namespace') {
        const data: CallCompletionData = { call: completion.kind, name: completion.tlName }
        if (owner && completion.kind === 'parameter') data.owner = owner
        item.data = data
      }
      // A namespace inserts `messages.`; open the list again for its methods.
      if (completion.kind === 'namespace') item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' }
      return item
    })
    return { isIncomplete: false, itemDefaults: { editRange: toRange(source, result.range) }, items }
  }

  /** Documents an item when the editor shows it; returns undefined for items that are not raw-call items. */
  resolveCompletion(item: CompletionItem): CompletionItem | undefined {
    const data = item.data as Partial<CallCompletionData> | undefined
    if (!data?.call || typeof data.name !== 'string') return undefined
    let markdown: string | undefined
    if (data.call === 'parameter' && data.owner) {
      const owner = this.layer.findMethod(data.owner) ?? this.layer.findConstructor(data.owner)
      const param = owner?.params.find((candidate) => candidate.name === data.name)
      if (owner && param) markdown = describeParam(owner, param, this.lookupType)
    } else if (data.call === 'method' || data.call === 'constructor') {
      const entry = data.call === 'method' ? this.layer.findMethod(data.name) : this.layer.findConstructor(data.name)
      if (entry) markdown = describeDefinition(entry, this.lookupType)
    }
    return markdown ? { ...item, documentation: { kind: MarkupKind.Markdown, value: markdown } } : item
  }

  hover(source: SourceText, position: Position): Hover | undefined {
    const context = contextAt(this.calls(source).tree, source.offsetAt(position), this.layer)
    if (!context) return undefined
    let markdown: string | undefined
    let range: SourceRange | undefined
    switch (context.kind) {
      case 'name':
        if (context.definition && context.node) {
          markdown = describeDefinition(context.definition, this.lookupType)
          range = context.node.range
        }
        break
      case 'parameter':
        if (context.definition && context.param) {
          markdown = describeParam(context.definition, context.param, this.lookupType)
          range = context.range
        }
        break
      case 'value':
        if (context.node) {
          markdown = describeParam(context.definition, context.expected.param, this.lookupType)
          range = context.node.range
        }
        break
      case 'reference':
        break
    }
    if (!markdown) return undefined
    const hover: Hover = { contents: { kind: MarkupKind.Markdown, value: markdown } }
    if (range) hover.range = toRange(source, range)
    return hover
  }

  diagnostics(source: SourceText, accountKind: AccountKind | undefined): Diagnostic[] {
    const { tree, syntax } = this.calls(source)
    const checked = checkCalls(tree, accountKind ? { accountKind, layer: this.layer } : { layer: this.layer })
    return [...syntax, ...checked].map((found) => {
      const diagnostic: Diagnostic = {
        range: toRange(source, found.range),
        severity: found.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        code: found.code,
        source: CALL_DIAGNOSTIC_SOURCE,
        message: found.message,
      }
      const suggestion = (found as CallDiagnostic).suggestion
      if (suggestion) diagnostic.data = { replacement: suggestion.replacement }
      return diagnostic
    })
  }

  /** "Did you mean" fixes: each diagnostic with a suggestion rewrites its range with it. */
  codeActions(source: SourceText, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const actions: CodeAction[] = []
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== CALL_DIAGNOSTIC_SOURCE) continue
      const replacement = (diagnostic.data as { replacement?: unknown } | undefined)?.replacement
      if (typeof replacement !== 'string') continue
      actions.push({
        title: `Change to '${replacement}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [source.uri]: [{ range: diagnostic.range, newText: replacement }] } },
      })
    }
    return actions
  }
}
