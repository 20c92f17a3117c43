/**
 * The scratchpad's commands: "New Scratchpad" opens an untitled notebook with example cells and the
 * active account's kernel; "Copy as…" (in each cell's toolbar) copies the cell's calls as code for
 * this project's client, GramJS or Telethon.
 */
import * as vscode from 'vscode'
import type { AccountStore } from '../accounts/account-store'
import { COPY_TARGETS, CopyAsError, copyAs, type CopyTarget } from './copy-as'
import { ScratchpadControllers } from './controllers'
import type { ScratchpadExecution } from './execution'
import { newScratchpad } from './new-scratchpad'
import { planCell } from './plan'
import { NOTEBOOK_TYPE } from './notebook-data'
import { toNotebookData } from './serializer'

export const NEW_SCRATCHPAD_COMMAND = 'telegramWorkbench.newScratchpad'
export const COPY_CELL_AS_COMMAND = 'telegramWorkbench.copyCellAs'

export function registerScratchpadCommands(store: AccountStore, execution: ScratchpadExecution, extensionId: string): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(NEW_SCRATCHPAD_COMMAND, async () => {
      const account = store.active()
      const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, toNotebookData(newScratchpad(account?.kind)))
      await vscode.window.showNotebookDocument(notebook)
      if (account) await vscode.commands.executeCommand('notebook.selectKernel', { id: ScratchpadControllers.idOf(account.id), extension: extensionId })
    }),
    vscode.commands.registerCommand(COPY_CELL_AS_COMMAND, async (argument?: unknown) => {
      const cell = cellOf(argument)
      if (!cell) return void vscode.window.showInformationMessage('Select a scratchpad cell to copy as code.')
      const picked = await vscode.window.showQuickPick(
        COPY_TARGETS.map(({ target, label }) => ({ label, target })),
        { title: 'Copy the cell as code for', placeHolder: 'Which client?' },
      )
      if (!picked) return
      await copyCell(cell, picked.target, store, execution)
    }),
  ]
}

async function copyCell(cell: vscode.NotebookCell, target: CopyTarget, store: AccountStore, execution: ScratchpadExecution): Promise<void> {
  const kind = store.active()?.kind
  const plan = planCell(cell.document.getText(), { results: execution.results(cell.notebook), ...(kind ? { accountKind: kind } : {}) })
  try {
    await vscode.env.clipboard.writeText(copyAs(plan, target))
  } catch (error) {
    if (error instanceof CopyAsError) return void vscode.window.showWarningMessage(error.message)
    throw error
  }
  const label = COPY_TARGETS.find((entry) => entry.target === target)!.label
  void vscode.window.setStatusBarMessage(`Copied the cell as ${label} code`, 3000)
}

/** The cell a toolbar command was run on, or the selected cell when run from the palette. */
function cellOf(argument: unknown): vscode.NotebookCell | undefined {
  if (isCell(argument)) return argument
  if (argument && typeof argument === 'object' && isCell((argument as { cell?: unknown }).cell)) return (argument as { cell: vscode.NotebookCell }).cell
  const editor = vscode.window.activeNotebookEditor
  if (!editor || editor.notebook.notebookType !== NOTEBOOK_TYPE) return undefined
  const index = editor.selection.start
  return index < editor.notebook.cellCount ? editor.notebook.cellAt(index) : undefined
}

function isCell(value: unknown): value is vscode.NotebookCell {
  return !!value && typeof value === 'object' && 'document' in value && 'notebook' in value && 'index' in value
}
