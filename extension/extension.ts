/**
 * Activation wires the parts together and starts nothing heavy: no network, no schema load. The
 * language server starts on the first document it serves; an account's session connects in the
 * background once the sidebar view is shown or a Telegram command runs.
 */
import * as vscode from 'vscode'
import { AccountStore } from './accounts/account-store'
import { ChatWebviews } from './chat/chat-webviews'
import { sessionViewOf } from './chat/session-view'
import { registerCommands } from './commands/telegram-commands'
import { TlLanguageClient } from './language-client'
import { Redactor } from './logging/redactor'
import { registerScratchpad } from './notebook'
import { registerTlDocuments } from './tl-documents'
import { registerTlReferenceSearch } from './tl-reference-search'
import { AccountClients } from './workbench/account-clients'
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
  let unread = 0
  const chats = ChatWebviews.register({ context, store, clients, redactor, onSignedIn: () => refresh() })

  const refresh = () => {
    const account = store.active()
    statusBar.update(account, clients.state(account?.id), unread)
    syncChats()
    void vscode.commands.executeCommand('setContext', 'telegramWorkbench.signedIn', store.list().length > 0)
  }
  const connectActive = () => {
    const account = store.active()
    if (account) clients.client(account).catch((error: Error) => output.error(`${account.label}: ${redactor.redact(error.message)}`))
  }

  // The chat webviews show the active account's chats whenever it has a client, connected or not.
  const syncChats = () => {
    const account = store.active()
    const session = sessionViewOf(account, clients.state(account?.id), (text) => redactor.redact(text))
    chats.update(account && session.state === 'ready' ? clients.current(account.id) : undefined, session)
  }
  context.subscriptions.push(
    output,
    clients,
    statusBar,
    // The first look at the sidebar is the cue to connect.
    chats.onDidBecomeVisible(() => connectActive()),
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
    ...registerCommands({
      store,
      clients,
      redactor,
      onAccountChanged: () => {
        unread = 0
        refresh()
        connectActive()
      },
      showChat: (peerId) => chats.showChat(peerId),
      showQrSignIn: () => chats.startQrSignIn(),
    }),
    ...registerScratchpad({ store, clients, languageClient, extensionId: context.extension.id }),
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
