/**
 * The scratchpad in VS Code: the `.tlnb` serializer, a kernel per signed-in account, the commands,
 * and RPC errors reported to the language server. The pure parts (file format, planning, outputs,
 * Copy as) live beside this module and know nothing of VS Code.
 */
import * as vscode from 'vscode'
import type { AccountStore } from '../accounts/account-store'
import type { TlLanguageClient } from '../language-client'
import type { AccountClients } from '../workbench/account-clients'
import { registerScratchpadCommands } from './commands'
import { ScratchpadControllers } from './controllers'
import { ScratchpadExecution } from './execution'
import { ReferenceDiagnostics } from './reference-diagnostics'
import { runtimeErrorParams } from './runtime-errors'
import { NOTEBOOK_TYPE } from './notebook-data'
import { ScratchpadSerializer } from './serializer'

export interface ScratchpadDeps {
  store: AccountStore
  clients: AccountClients
  languageClient: TlLanguageClient
  /** This extension's id, which `notebook.selectKernel` needs with a controller id. */
  extensionId: string
}

export function registerScratchpad({ store, clients, languageClient, extensionId }: ScratchpadDeps): vscode.Disposable[] {
  const execution = new ScratchpadExecution({
    client: (account) => clients.client(account),
    reportRuntimeError: (uri, text, report) => languageClient.reportRuntimeError(runtimeErrorParams(uri, text, report)),
  })
  const controllers = new ScratchpadControllers(store, execution)
  return [
    new ReferenceDiagnostics((notebook) => execution.results(notebook), execution.onDidRun),
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new ScratchpadSerializer(), { transientOutputs: false }),
    execution,
    controllers,
    // Sign-in, sign-out and relabelling all pass through a connection state change.
    clients.onDidChangeState(() => controllers.sync()),
    ...registerScratchpadCommands(store, execution, extensionId),
  ]
}
