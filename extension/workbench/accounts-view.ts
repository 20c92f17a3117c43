/**
 * What the sidebar view `telegramWorkbench.chats` shows until the chat webview (issue 8) takes the id
 * over: the accounts, the active one marked. With none, the view's welcome content offers Sign In.
 */
import * as vscode from 'vscode'
import type { AccountStore } from '../accounts/account-store'
import type { AccountClients } from './account-clients'

export class AccountsView implements vscode.TreeDataProvider<string> {
  private readonly changed = new vscode.EventEmitter<void>()
  readonly onDidChangeTreeData = this.changed.event

  constructor(
    private readonly store: AccountStore,
    private readonly clients: AccountClients,
  ) {}

  refresh(): void {
    this.changed.fire()
  }

  getChildren(element?: string): string[] {
    return element ? [] : this.store.list().map((account) => account.id)
  }

  getTreeItem(id: string): vscode.TreeItem {
    const account = this.store.get(id)!
    const active = this.store.active()?.id === id
    const item = new vscode.TreeItem(account.label)
    item.description = `${account.kind === 'bot' ? 'bot · ' : ''}${this.clients.state(id).kind}${active ? ' · active' : ''}`
    item.iconPath = new vscode.ThemeIcon(account.kind === 'bot' ? 'hubot' : 'account')
    item.contextValue = 'telegramAccount'
    item.command = { command: 'telegramWorkbench.openChat', title: 'Open Chat' }
    return item
  }
}
