/**
 * "Telegram: Search TL Reference": a quick pick that searches the bundled layer as you type (through
 * the language server) and opens the chosen entry in the layer's read-only document.
 */
import * as vscode from 'vscode'
import type { ReferenceSearchItem } from '../language-server/protocol'
import type { TlLanguageClient } from './language-client'

const kindIcons = { constructor: '$(symbol-constructor)', method: '$(symbol-method)', type: '$(symbol-class)' } as const

interface ReferencePick extends vscode.QuickPickItem {
  item: ReferenceSearchItem
}

export const SEARCH_TL_REFERENCE_COMMAND = 'telegramWorkbench.searchTlReference'

async function openEntry(item: ReferenceSearchItem): Promise<void> {
  const { start, end } = item.location.range
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(item.location.uri))
  await vscode.window.showTextDocument(document, {
    preview: true,
    selection: new vscode.Range(start.line, start.character, end.line, end.character),
  })
}

export function registerTlReferenceSearch(context: vscode.ExtensionContext, client: TlLanguageClient): void {
  const command = vscode.commands.registerCommand(SEARCH_TL_REFERENCE_COMMAND, () => {
    const pick = vscode.window.createQuickPick<ReferencePick>()
    pick.placeholder = 'Search constructors, methods and types of the bundled layer'
    // Our ranking is fuzzy already; the quick pick must not filter it again.
    pick.matchOnDescription = false
    let latest = 0
    pick.onDidChangeValue(async (query) => {
      const request = ++latest
      pick.busy = true
      const items = await client.searchReference(query)
      if (request !== latest) return
      pick.busy = false
      pick.items = items.map((item) => ({
        label: `${kindIcons[item.kind]} ${item.name}`,
        description: item.detail,
        alwaysShow: true,
        item,
      }))
    })
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]
      pick.hide()
      if (chosen) void openEntry(chosen.item)
    })
    pick.onDidHide(() => pick.dispose())
    pick.show()
  })
  context.subscriptions.push(command)
}
