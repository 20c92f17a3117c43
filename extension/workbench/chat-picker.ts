/** A quick pick over the account's dialogs, most recent first, searchable by name and username. */
import * as vscode from 'vscode'
import type { Dialog, TelegramClient } from '../mtproto'

export async function pickChat(client: TelegramClient, title: string): Promise<Dialog | undefined> {
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { dialog: Dialog }>()
  picker.title = title
  picker.placeholder = 'Search chats'
  picker.matchOnDescription = true
  picker.busy = true
  picker.show()
  const loading = (async () => {
    const items: (vscode.QuickPickItem & { dialog: Dialog })[] = []
    // The server lists dialogs by last activity, pinned first: the order people expect.
    for await (const dialog of client.iterDialogs({ limit: 300 })) {
      const username = dialog.entity && 'username' in dialog.entity && dialog.entity.username ? `@${dialog.entity.username}` : undefined
      items.push({
        label: `${dialog.isChannel ? '$(megaphone)' : dialog.isGroup ? '$(organization)' : '$(person)'} ${dialog.name}`,
        ...(username ? { description: username } : {}),
        ...(dialog.unreadCount ? { detail: `${dialog.unreadCount} unread` } : {}),
        dialog,
      })
      picker.items = items
    }
    picker.busy = false
  })()
  const picked = await new Promise<Dialog | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]?.dialog))
    picker.onDidHide(() => resolve(undefined))
  })
  picker.dispose()
  await loading.catch(() => {})
  return picked
}
