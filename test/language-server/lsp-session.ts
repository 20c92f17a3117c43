/**
 * Drives the real language server process over LSP from plain Node, for the tests and the
 * benchmark: spawns `language-server/server.ts` (or a built bundle) on stdio and speaks JSON-RPC.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node'
import {
  type CompletionItem,
  CompletionRequest,
  CompletionResolveRequest,
  type CompletionList,
  type Diagnostic,
  DidChangeNotebookDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenNotebookDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  type Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  NotebookCellKind,
  type InitializeResult,
  type Position,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol'

export const repositoryRoot = join(__dirname, '..', '..')

export interface SessionOptions {
  /** A built server bundle to run instead of the TypeScript source. */
  bundle?: string
  workspaceFolder?: string
  diagnosticsDelay?: number
}

export class LspSession {
  readonly connection: MessageConnection
  initializeResult!: InitializeResult
  private readonly versions = new Map<string, number>()
  private readonly diagnosticWaiters: { uri: string; resolve: (params: PublishDiagnosticsParams) => void }[] = []
  readonly latestDiagnostics = new Map<string, Diagnostic[]>()

  private constructor(readonly process: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!))
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latestDiagnostics.set(params.uri, params.diagnostics)
      const index = this.diagnosticWaiters.findIndex((waiter) => waiter.uri === params.uri)
      if (index >= 0) this.diagnosticWaiters.splice(index, 1)[0]!.resolve(params)
    })
    this.connection.listen()
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const args = options.bundle
      ? [options.bundle, '--stdio']
      : ['--import', 'tsx', join(repositoryRoot, 'language-server', 'server.ts'), '--stdio']
    const child = spawn(process.execPath, args, { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] })
    const session = new LspSession(child)
    const folder = options.workspaceFolder
    session.initializeResult = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: folder ? [{ uri: `file://${folder}`, name: 'workspace' }] : null,
      initializationOptions: { diagnosticsDelay: options.diagnosticsDelay ?? 0 },
    })
    await session.connection.sendNotification(InitializedNotification.type, {})
    return session
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1)
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } })
  }

  /** Opens a notebook whose cells are `tl-request` text; returns the cells' URIs. */
  async openNotebook(uri: string, cells: string[], metadata: Record<string, unknown> = {}): Promise<string[]> {
    const cellUris = cells.map((_, index) => `vscode-notebook-cell:${uri.replace(/^file:/, '')}#cell${index}`)
    for (const cell of cellUris) this.versions.set(cell, 1)
    await this.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri,
        notebookType: 'telegram-workbench-notebook',
        version: 1,
        metadata,
        cells: cellUris.map((document) => ({ kind: NotebookCellKind.Code, document })),
      },
      cellTextDocuments: cells.map((text, index) => ({ uri: cellUris[index]!, languageId: 'tl-request', version: 1, text })),
    })
    return cellUris
  }

  async editCell(notebookUri: string, cellUri: string, text: string): Promise<void> {
    const version = (this.versions.get(cellUri) ?? 1) + 1
    this.versions.set(cellUri, version)
    await this.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebookUri, version },
      change: { cells: { textContent: [{ document: { uri: cellUri, version }, changes: [{ text }] }] } },
    })
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1
    this.versions.set(uri, version)
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes })
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } })
  }

  /** The next diagnostics the server publishes for `uri`. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.diagnosticWaiters.push({ uri, resolve }))
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })
  }

  async completion(uri: string, position: Position): Promise<CompletionList> {
    const result = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })
    if (result === null) return { isIncomplete: false, items: [] }
    return Array.isArray(result) ? { isIncomplete: false, items: result } : result
  }

  resolve(item: CompletionItem): Promise<CompletionItem> {
    return this.connection.sendRequest(CompletionResolveRequest.type, item)
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type)
    await this.connection.sendNotification(ExitNotification.type)
    this.connection.dispose()
    if (this.process.exitCode === null) await new Promise((resolve) => this.process.once('exit', resolve))
  }
}

/** The position of the `n`th (0-based) occurrence of `needle` in `text`, plus `shift` characters. */
export function positionOf(text: string, needle: string, shift = 0, n = 0): Position {
  let at = -1
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1)
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${n + 1} times`)
  }
  const offset = at + shift
  const before = text.slice(0, offset)
  const line = before.split('\n').length - 1
  return { line, character: offset - (before.lastIndexOf('\n') + 1) }
}
