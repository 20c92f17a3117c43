/**
 * The language server: a thin LSP host around the language service in ./service. It keeps the
 * open documents (text files and notebook cells), routes each request by the document's language,
 * debounces diagnostics, and adds the two messages of ./protocol.
 *
 * Nothing is loaded at start: the bundled layer is read on the first request that needs it.
 * Started by the extension over Node IPC; `--stdio` works too (tests and benchmarks use it).
 */
import { fileURLToPath } from 'node:url'
import {
  CodeActionKind,
  type Connection,
  createConnection,
  type Diagnostic,
  NotebookDocuments,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { RuntimeErrorNotification, SearchReferenceRequest } from './protocol'
import { searchReference, layerWorkspaceSymbols } from './service/reference-search'
import { type AccountKind, RawCallService, servesRawCalls } from './service/raw-calls'
import { calledMethod, runtimeErrorDiagnostic } from './service/runtime-errors'
import { resolveTlCompletion, tlCompletion } from './service/tl-completion'
import { tlCodeActions, tlDiagnostics } from './service/tl-diagnostics'
import { tlHover } from './service/tl-hover'
import { tlDefinition, tlDocumentSymbols, tlReferences } from './service/tl-navigation'
import { tlSemanticTokens, tlSemanticTokensLegend } from './service/tl-semantic-tokens'
import { TlWorkspace } from './service/workspace'
import { findWorkspaceTlFiles } from './workspace-files'

/** Options the client may pass in `initializationOptions`. */
export interface ServerOptions {
  /** Milliseconds of quiet after an edit before diagnostics run; 200 when absent. */
  diagnosticsDelay?: number
  /** The kind of account the workspace's calls run as, for bot-only and user-only methods. */
  accountKind?: AccountKind
}

const DEFAULT_DIAGNOSTICS_DELAY = 200

const connection: Connection = createConnection(ProposedFeatures.all)
const documents = new TextDocuments(TextDocument)
const notebooks = new NotebookDocuments(TextDocument)
let workspaceFolders: string[] = []
const workspace = new TlWorkspace(() => findWorkspaceTlFiles(workspaceFolders))
const rawCalls = new RawCallService(() => workspace.layer)
let diagnosticsDelay = DEFAULT_DIAGNOSTICS_DELAY
let workspaceAccountKind: AccountKind | undefined

/** Runtime errors reported by the notebook, per document, until its text changes. */
const runtimeErrors = new Map<string, Diagnostic[]>()
const pendingDiagnostics = new Map<string, NodeJS.Timeout>()

function documentOf(uri: string): TextDocument | undefined {
  return documents.get(uri) ?? notebooks.cellTextDocuments.get(uri)
}

function isTl(document: TextDocument): boolean {
  return document.languageId === 'tl'
}

function isAccountKind(value: unknown): value is AccountKind {
  return value === 'user' || value === 'bot'
}

/** A notebook's metadata may say which account its cells run as (`accountKind`); else the workspace's. */
function accountKindOf(uri: string): AccountKind | undefined {
  const metadata = notebooks.findNotebookDocumentForCell(uri)?.metadata as { accountKind?: unknown } | undefined
  const kind = metadata?.accountKind
  return isAccountKind(kind) ? kind : workspaceAccountKind
}

function languageDiagnostics(document: TextDocument): Diagnostic[] {
  if (isTl(document)) return tlDiagnostics(workspace, document)
  if (servesRawCalls(document.languageId)) return rawCalls.diagnostics(document, accountKindOf(document.uri))
  return []
}

function publishDiagnostics(uri: string): void {
  const document = documentOf(uri)
  if (!document) return
  const diagnostics = [...languageDiagnostics(document), ...(runtimeErrors.get(uri) ?? [])]
  void connection.sendDiagnostics({ uri, version: document.version, diagnostics })
}

function scheduleDiagnostics(uri: string): void {
  clearTimeout(pendingDiagnostics.get(uri))
  pendingDiagnostics.set(
    uri,
    setTimeout(() => {
      pendingDiagnostics.delete(uri)
      publishDiagnostics(uri)
    }, diagnosticsDelay),
  )
}

function documentClosed(uri: string): void {
  clearTimeout(pendingDiagnostics.get(uri))
  pendingDiagnostics.delete(uri)
  runtimeErrors.delete(uri)
  workspace.forget(uri)
  rawCalls.forget(uri)
  void connection.sendDiagnostics({ uri, diagnostics: [] })
}

for (const textDocuments of [documents, notebooks.cellTextDocuments]) {
  textDocuments.onDidChangeContent(({ document }) => {
    // A runtime error describes the text that ran; once the text changes it no longer applies.
    runtimeErrors.delete(document.uri)
    scheduleDiagnostics(document.uri)
  })
  textDocuments.onDidClose(({ document }) => documentClosed(document.uri))
}

notebooks.onDidChange((change) => {
  // A new account kind changes which calls are allowed in every cell.
  if (change.metadata) for (const cell of change.notebookDocument.cells) scheduleDiagnostics(cell.document)
})

connection.onInitialize((params) => {
  const options = (params.initializationOptions ?? {}) as ServerOptions
  if (typeof options.diagnosticsDelay === 'number') diagnosticsDelay = options.diagnosticsDelay
  if (isAccountKind(options.accountKind)) workspaceAccountKind = options.accountKind
  workspaceFolders = (params.workspaceFolders ?? [])
    .filter((folder) => folder.uri.startsWith('file:'))
    .map((folder) => fileURLToPath(folder.uri))
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      notebookDocumentSync: { notebookSelector: [{ notebook: '*', cells: [{ language: 'tl-request' }] }] },
      completionProvider: { resolveProvider: true, triggerCharacters: [':', '<', '?', '=', '%', '.', '"', "'", '{', ',', '('] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      semanticTokensProvider: { legend: tlSemanticTokensLegend, full: true },
    },
    serverInfo: { name: 'Telegram Workbench TL language server' },
  }
})

connection.onCompletion(({ textDocument, position }) => {
  const document = documentOf(textDocument.uri)
  if (!document) return null
  if (isTl(document)) return tlCompletion(workspace, document, position)
  if (servesRawCalls(document.languageId)) return rawCalls.completion(document, position)
  return null
})

connection.onCompletionResolve((item) => rawCalls.resolveCompletion(item) ?? resolveTlCompletion(workspace, item))

connection.onHover(({ textDocument, position }) => {
  const document = documentOf(textDocument.uri)
  if (!document) return null
  if (isTl(document)) return tlHover(workspace, document, position) ?? null
  if (servesRawCalls(document.languageId)) return rawCalls.hover(document, position) ?? null
  return null
})

connection.onDefinition(({ textDocument, position }) => {
  const document = documentOf(textDocument.uri)
  if (!document) return null
  if (isTl(document)) return tlDefinition(workspace, document, position)
  return null
})

connection.onReferences(({ textDocument, position, context }) => {
  const document = documentOf(textDocument.uri)
  if (!document || !isTl(document)) return null
  return tlReferences(workspace, document, position, context.includeDeclaration)
})

connection.onDocumentSymbol(({ textDocument }) => {
  const document = documentOf(textDocument.uri)
  if (!document || !isTl(document)) return null
  return tlDocumentSymbols(workspace, document)
})

connection.onWorkspaceSymbol(({ query }) => layerWorkspaceSymbols(workspace.layer, query))

connection.onCodeAction(({ textDocument, context }) => {
  const document = documentOf(textDocument.uri)
  if (!document) return null
  if (isTl(document)) return tlCodeActions(workspace, document, context.diagnostics)
  if (servesRawCalls(document.languageId)) return rawCalls.codeActions(document, context.diagnostics)
  return null
})

connection.languages.semanticTokens.on(({ textDocument }) => {
  const document = documentOf(textDocument.uri)
  if (!document || !isTl(document)) return { data: [] }
  return tlSemanticTokens(workspace, document)
})

connection.onRequest(SearchReferenceRequest, ({ query, limit }) => searchReference(workspace.layer, query, limit))

connection.onNotification(RuntimeErrorNotification, (params) => {
  const errors = runtimeErrors.get(params.uri) ?? []
  const method = calledMethod(documentOf(params.uri)?.getText(params.range) ?? '')
  errors.push(runtimeErrorDiagnostic(workspace.layer, params, method))
  runtimeErrors.set(params.uri, errors)
  publishDiagnostics(params.uri)
})

documents.listen(connection)
notebooks.listen(connection)
connection.listen()
