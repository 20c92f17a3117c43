import * as vscode from 'vscode'
import { TlLanguageClient } from './language-client'
import { registerTlDocuments } from './tl-documents'
import { registerTlReferenceSearch } from './tl-reference-search'

export function activate(context: vscode.ExtensionContext): void {
  // The language server starts on the first document it serves, not here.
  const languageClient = new TlLanguageClient(context)
  context.subscriptions.push(languageClient)
  registerTlDocuments(context)
  registerTlReferenceSearch(context, languageClient)
  context.subscriptions.push(
    vscode.commands.registerCommand('telegramWorkbench.showVersion', () => {
      const version = context.extension.packageJSON.version as string
      void vscode.window.showInformationMessage(`Telegram Workbench ${version}`)
    }),
  )
}

export function deactivate(): void {}
