/** The status bar item: connection state with the reconnect countdown, the unread count; click opens chats. */
import * as vscode from 'vscode'
import type { Account } from '../accounts/account-store'
import type { ConnectionState } from './account-clients'

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('telegramWorkbench.status', vscode.StatusBarAlignment.Left, 50)
  private state: ConnectionState = { kind: 'signedOut' }
  private account: Account | undefined
  private unread = 0
  private ticker: ReturnType<typeof setInterval> | undefined

  constructor() {
    this.item.name = 'Telegram'
    this.render()
    this.item.show()
  }

  update(account: Account | undefined, state: ConnectionState, unread = this.unread): void {
    this.account = account
    this.state = state
    this.unread = unread
    clearInterval(this.ticker)
    this.ticker = undefined
    // Only a countdown to the next connection attempt needs re-rendering every second.
    if (retryAtOf(state) !== undefined) this.ticker = setInterval(() => this.render(), 1000)
    this.render()
  }

  setUnread(unread: number): void {
    this.unread = unread
    this.render()
  }

  dispose(): void {
    clearInterval(this.ticker)
    this.item.dispose()
  }

  private render(): void {
    const { state, account } = this
    const who = account ? ` — ${account.label}` : ''
    const unread = this.unread > 0 && state.kind === 'connected' ? ` ${this.unread}` : ''
    switch (state.kind) {
      case 'signedOut':
        this.item.text = '$(comment-discussion) Sign in'
        this.item.tooltip = 'Telegram: signed out. Click to sign in.'
        this.item.command = 'telegramWorkbench.signIn'
        return
      case 'connecting':
        this.item.text = '$(sync~spin) Telegram'
        this.item.tooltip = `Telegram: connecting${who}`
        break
      case 'connected':
        this.item.text = `$(comment-discussion)${unread}`
        this.item.tooltip = `Telegram: connected${who}${this.unread ? `, ${this.unread} unread` : ''}`
        break
      case 'reconnecting': {
        const left = secondsUntil(state.retryAt)
        // A reconnection that starts at once shows no countdown.
        this.item.text = `$(sync~spin) Telegram${left > 0 ? ` ${left}s` : ''}`
        this.item.tooltip = `Telegram: reconnecting${who}${left > 0 ? `, next attempt in ${left} s` : ''}`
        break
      }
      case 'offline': {
        const left = state.retryAt === undefined ? undefined : secondsUntil(state.retryAt)
        this.item.text = `$(debug-disconnect) Telegram${left ? ` ${left}s` : ''}`
        this.item.tooltip = `Telegram: offline${who} (${state.reason})${left === undefined ? '' : left > 0 ? `, next attempt in ${left} s` : ', trying again'}`
        break
      }
    }
    this.item.command = 'telegramWorkbench.openChat'
  }
}

function retryAtOf(state: ConnectionState): number | undefined {
  return state.kind === 'reconnecting' || state.kind === 'offline' ? state.retryAt : undefined
}

function secondsUntil(time: number): number {
  return Math.max(0, Math.ceil((time - Date.now()) / 1000))
}
