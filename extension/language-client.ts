/**
 * The client side of the TL language server. The server process starts only when a document it
 * serves is first opened (a .tl file, a scratchpad cell, or source code with raw calls), so
 * activation itself spawns nothing and loads no schema.
 */
import * as vscode from 'vscode'
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node'
import {
  type ReferenceSearchItem,
  RuntimeErrorNotification,
  type RuntimeErrorParams,
  SearchReferenceRequest,
} from '../language-server/protocol'

const SOURCE_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'python']

/** Cheap hints that a source file writes raw calls: our client, mtcute, GramJS or Telethon. */
const RAW_CALL_HINT = /\binvoke\s*\(|\.call\s*\(\s*\{|\bApi\.\w|\bfunctions\.\w+\.\w|\btelethon\b/

export class TlLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined
  private starting: Promise<LanguageClient> | undefined
  private readonly subscriptions: vscode.Disposable[] = []

  constructor(private readonly context: vscode.ExtensionContext) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.startIfServed(document)),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => {
        if (notebook.getCells().some((cell) => cell.document.languageId === 'tl-request')) void this.start()
      }),
    )
    for (const document of vscode.workspace.textDocuments) this.startIfServed(document)
  }

  private startIfServed(document: vscode.TextDocument): void {
    if (this.client || this.starting) return
    const language = document.languageId
    const served =
      language === 'tl' ||
      language === 'tl-request' ||
      (SOURCE_LANGUAGES.includes(language) && RAW_CALL_HINT.test(document.getText()))
    if (served) void this.start()
  }

  /** Starts the server once; later calls wait for the same start. */
  start(): Promise<LanguageClient> {
    this.starting ??= this.createAndStart()
    return this.starting
  }

  private async createAndStart(): Promise<LanguageClient> {
    const module = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'language-server.js').fsPath
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    }
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: 'tl' },
        { notebook: '*', language: 'tl-request' },
        { language: 'tl-request' },
        ...SOURCE_LANGUAGES.map((language) => ({ language })),
      ],
    }
    const client = new LanguageClient('telegramWorkbench.tl', 'Telegram TL', serverOptions, clientOptions)
    await client.start()
    this.client = client
    return client
  }

  /**
   * Shows an RPC error Telegram answered as a diagnostic on the call that caused it, until the cell
   * changes. The notebook calls this after a failed run.
   */
  async reportRuntimeError(params: RuntimeErrorParams): Promise<void> {
    const client = await this.start()
    await client.sendNotification(RuntimeErrorNotification, params)
  }

  async searchReference(query: string, limit?: number): Promise<ReferenceSearchItem[]> {
    const client = await this.start()
    return client.sendRequest(SearchReferenceRequest, limit === undefined ? { query } : { query, limit })
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose()
    void this.client?.stop()
  }
}
