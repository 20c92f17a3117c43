/**
 * Activation wires the parts together and starts nothing heavy: no network, no schema load. The
 * language server starts on the first document it serves; an account's session connects in the
 * background once the sidebar view is shown or a Telegram command runs.
 */
import * as vscode from 'vscode'
import { AccountStore } from './accounts/account-store'
import { registerCommands } from './commands/telegram-commands'
import { TlLanguageClient } from './language-client'
import { Redactor } from './logging/redactor'
import { registerTlDocuments } from './tl-documents'
import { registerTlReferenceSearch } from './tl-reference-search'
import { AccountClients } from './workbench/account-clients'
import { AccountsView } from './workbench/accounts-view'
import { notifyNewMessages } from './workbench/message-notifications'
import { ConnectionStatusBar } from './workbench/status-bar'

export function activate(context: vscode.ExtensionContext): void {
  const languageClient = new TlLanguageClient(context)
  context.subscriptions.push(languageClient)
  registerTlDocuments(context)
  registerTlReferenceSearch(context, languageClient)

  const output = vscode.window.createOutputChannel('Telegram', { log: true })
  const redactor = new Redactor()
  const store = new AccountStore({
    secrets: context.secrets,
    state: context.globalState,
    storageDir: context.globalStorageUri.fsPath,
    onCacheReset: (account) => output.warn(`${account.label}: the local cache could not be decrypted and was cleared`),
  })
  const clients = new AccountClients(store, output, redactor)
  const statusBar = new ConnectionStatusBar()
  const view = new AccountsView(store, clients)
  let unread = 0

  const refresh = () => {
    const account = store.active()
    statusBar.update(account, clients.state(account?.id), unread)
    view.refresh()
    void vscode.commands.executeCommand('setContext', 'telegramWorkbench.signedIn', store.list().length > 0)
  }
  const connectActive = () => {
    const account = store.active()
    if (account) clients.client(account).catch((error: Error) => output.error(`${account.label}: ${redactor.redact(error.message)}`))
  }

  const treeView = vscode.window.createTreeView('telegramWorkbench.chats', { treeDataProvider: view })
  context.subscriptions.push(
    output,
    clients,
    statusBar,
    treeView,
    // The first look at the sidebar is the cue to connect.
    treeView.onDidChangeVisibility((event) => event.visible && connectActive()),
    clients.onDidChangeState(() => refresh()),
    clients.onDidConnect(({ account, client }) => {
      void countUnread(client).then((count) => {
        unread = count
        refresh()
      })
      const stop = notifyNewMessages(client, (delta) => {
        if (store.active()?.id !== account.id) return
        unread += delta
        statusBar.setUnread(unread)
      })
      context.subscriptions.push({ dispose: stop })
    }),
    ...registerCommands({ store, clients, redactor, onAccountChanged: () => {
      unread = 0
      refresh()
      connectActive()
    } }),
    vscode.commands.registerCommand('telegramWorkbench.showLogs', () => output.show()),
    vscode.commands.registerCommand('telegramWorkbench.showVersion', () => {
      const version = context.extension.packageJSON.version as string
      void vscode.window.showInformationMessage(`Telegram Workbench ${version}`)
    }),
  )
  refresh()
}

async function countUnread(client: import('./mtproto').TelegramClient): Promise<number> {
  let total = 0
  for await (const dialog of client.iterDialogs({ limit: 100 })) total += dialog.unreadCount
  return total
}

export function deactivate(): void {}
