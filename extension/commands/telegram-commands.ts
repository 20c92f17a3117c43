/**
 * The palette commands of category "Telegram" (package.json `contributes.commands`). Each resolves the
 * active account, connects it when needed, and reports failures with their description, never a secret.
 */
import { basename } from 'node:path'
import * as vscode from 'vscode'
import type { Account } from '../accounts/account-store'
import { selectionMessage } from '../chat/selection-message'
import { sendSelectionMessage } from '../chat/send-selection'
import { getDisplayName, importStringSession, sessionToString, type TelegramClient } from '../mtproto'
import { runSignIn, type SignInDeps } from '../sign-in/sign-in-flow'
import { describeSignInError } from '../sign-in/sign-in-errors'
import { pickChat } from '../workbench/chat-picker'
import { readSettings } from '../workbench/settings'

export interface CommandDeps extends SignInDeps {
  /** Called when the active account changes (status bar, views). */
  onAccountChanged: () => void
  /** Opens a chat (by marked peer id) in the chat view. */
  showChat: (peerId: string) => Promise<void>
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { store, clients } = deps

  async function activeClient(): Promise<{ account: Account; client: TelegramClient } | undefined> {
    const account = store.active()
    if (!account) {
      const choice = await vscode.window.showInformationMessage('No Telegram account is signed in.', 'Sign In')
      if (choice) await vscode.commands.executeCommand('telegramWorkbench.signIn')
      return undefined
    }
    return { account, client: await clients.client(account) }
  }

  const run = (name: string, action: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(`telegramWorkbench.${name}`, async (...args: unknown[]) => {
      try {
        await action(...args)
      } catch (error) {
        void vscode.window.showErrorMessage(describeSignInError(error).message)
      }
    })

  return [
    run('signIn', async () => {
      if (await runSignIn(deps)) deps.onAccountChanged()
    }),

    run('signOut', async () => {
      const account = store.active()
      if (!account) return
      const confirm = 'Sign Out'
      const choice = await vscode.window.showWarningMessage(`Sign out ${account.label}? This ends the session on Telegram and removes it from this computer.`, { modal: true }, confirm)
      if (choice !== confirm) return
      // auth.logOut first, while the key is still valid; the local wipe happens even if the server is unreachable.
      const client = await clients.client(account).catch(() => undefined)
      await client?.logOut().catch(() => false)
      await clients.disconnect(account.id)
      await store.remove(account.id)
      deps.onAccountChanged()
      void vscode.window.showInformationMessage(`Signed out ${account.label}.`)
    }),

    run('switchAccount', async () => {
      const accounts = store.list()
      const active = store.active()
      const picked = await vscode.window.showQuickPick(
        [...accounts.map((a) => ({ label: a.label, description: `${a.kind}${a.id === active?.id ? ' · active' : ''}`, id: a.id })), { label: '$(add) Add account…', id: '' }],
        { title: 'Telegram: Switch Account' },
      )
      if (!picked) return
      if (picked.id === '') return vscode.commands.executeCommand('telegramWorkbench.signIn')
      await store.setActive(picked.id)
      deps.onAccountChanged()
    }),

    run('openChat', async (chatId?: unknown) => {
      if (typeof chatId === 'string') return deps.showChat(chatId)
      const active = await activeClient()
      if (!active) return
      const picked = await pickChat(active.client, 'Telegram: Open Chat')
      if (picked) await deps.showChat(picked.id.toString())
    }),

    run('sendSelection', async () => {
      const editor = vscode.window.activeTextEditor
      if (!editor || editor.selection.isEmpty) return vscode.window.showInformationMessage('Select some code to send first.')
      const active = await activeClient()
      if (!active) return
      const settings = readSettings()
      const { document, selection } = editor
      const folder = vscode.workspace.getWorkspaceFolder(document.uri)
      const message = selectionMessage(
        {
          text: document.getText(selection),
          languageId: document.languageId,
          filePath: document.uri.fsPath,
          workspaceFolder: folder?.uri.fsPath,
          startLine: selection.start.line + 1,
          // A selection ending at column 0 does not include that line.
          endLine: selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1,
        },
        settings.captionPathStyle,
      )
      const dialog = await pickChat(active.client, 'Telegram: Send Selection to Chat')
      if (!dialog) return
      if (message.kind === 'file') {
        const go = await vscode.window.showInformationMessage(`The selection is longer than 4,096 characters; it will be sent to ${dialog.name} as the file ${message.fileName}.`, { modal: true }, 'Send as File')
        if (!go) return
      } else if (settings.confirmSendSelection) {
        const go = await vscode.window.showInformationMessage(`Send the selection to ${dialog.name}?`, { modal: true, detail: message.text.split('\n')[0] }, 'Send', "Send and Don't Ask Again")
        if (!go) return
        if (go !== 'Send') await vscode.workspace.getConfiguration('telegramWorkbench').update('sendSelection.confirm', false, vscode.ConfigurationTarget.Global)
      }
      await sendSelectionMessage(active.client, dialog.inputPeer, message)
      vscode.window.setStatusBarMessage(`$(check) Sent to ${dialog.name}`, 4000)
    }),

    run('sendFile', async (uri?: unknown) => {
      const file = uri instanceof vscode.Uri ? uri : (await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Send File to Chat' }))?.[0]
      if (!file) return
      const active = await activeClient()
      if (!active) return
      const dialog = await pickChat(active.client, `Telegram: Send ${basename(file.fsPath)} to Chat`)
      if (!dialog) return
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sending ${basename(file.fsPath)} to ${dialog.name}`, cancellable: true }, async (progress, token) => {
        const abort = new AbortController()
        token.onCancellationRequested(() => abort.abort(new Error('Cancelled')))
        let reported = 0
        await active.client.sendFile(dialog.inputPeer, file.fsPath, {
          signal: abort.signal,
          onProgress: (sent: number, total: number | undefined) => {
            const percent = total ? (sent / total) * 100 : 0
            progress.report({ increment: percent - reported, message: `${Math.round(percent)}%` })
            reported = percent
          },
        })
      })
    }),

    run('importSessionString', async () => {
      const text = await vscode.window.showInputBox({ title: 'Telegram: Import Session String', prompt: 'A Telethon or GramJS string session', password: true, ignoreFocusOut: true })
      if (!text) return
      deps.redactor.addSecret(text.trim())
      const data = importStringSession(text)
      const settings = readSettings()
      const apiHash = await vscode.window.showInputBox({ title: 'Telegram: Import Session String', prompt: 'The api_hash this session was created with', password: true, ignoreFocusOut: true, value: settings.serverProfile.kind === 'sandbox' ? 'sandbox' : '' })
      if (!apiHash) return
      const account = await store.add({ label: `Imported (${data.format})`, kind: 'user', profile: settings.serverProfile, apiId: settings.apiId ?? 1, apiHash })
      try {
        const session = await store.openSession(account.id)
        session.setMainDc({ id: data.dcId, host: data.host, port: data.port })
        session.setAuthKey(data.dcId, { authKey: data.authKey, serverSalt: 0n, timeOffset: 0 })
        await session.close()
        const client = await clients.client(account)
        const me = await client.getMe()
        await store.update(account.id, { label: getDisplayName(me), userId: me.id.toString() })
        deps.onAccountChanged()
        void vscode.window.showInformationMessage(`Imported the session of ${getDisplayName(me)}.`)
      } catch (error) {
        await clients.disconnect(account.id)
        await store.remove(account.id)
        throw error
      }
    }),

    run('exportSessionString', async () => {
      const active = await activeClient()
      if (!active) return
      const proceed = 'Copy Session String'
      const choice = await vscode.window.showWarningMessage(
        `A session string grants FULL access to ${active.account.label}: whoever has it can read and send messages as you, without a code or password. Never share it.`,
        { modal: true },
        proceed,
      )
      if (choice !== proceed) return
      await vscode.env.clipboard.writeText(sessionToString(active.client.session))
      void vscode.window.showInformationMessage('The session string is on the clipboard. Clear it once you have used it.')
    }),

    run('copyPeerId', async () => {
      const active = await activeClient()
      if (!active) return
      const dialog = await pickChat(active.client, 'Telegram: Copy Peer ID')
      if (!dialog) return
      await vscode.env.clipboard.writeText(dialog.id.toString())
      vscode.window.setStatusBarMessage(`$(check) Copied the peer id of ${dialog.name}: ${dialog.id}`, 4000)
    }),
  ]
}
