/**
 * One notebook controller (kernel) per signed-in account, labelled with the account, so picking the
 * kernel picks the account the cells run as. The active account's controller is preferred for every
 * scratchpad. Controllers follow the accounts: `sync` adds, relabels and removes them.
 */
import * as vscode from 'vscode'
import type { Account, AccountStore } from '../accounts/account-store'
import type { ScratchpadExecution } from './execution'
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from './notebook-data'

const CONTROLLER_PREFIX = 'telegramWorkbench.scratchpad.'

export class ScratchpadControllers implements vscode.Disposable {
  private readonly controllers = new Map<string, vscode.NotebookController>()
  private readonly subscriptions: vscode.Disposable[] = []

  constructor(
    private readonly store: AccountStore,
    private readonly execution: ScratchpadExecution,
  ) {
    this.subscriptions.push(vscode.workspace.onDidOpenNotebookDocument((notebook) => this.prefer(notebook)))
    this.sync()
  }

  /** The controller id of an account, for `notebook.selectKernel`. */
  static idOf(accountId: string): string {
    return CONTROLLER_PREFIX + accountId
  }

  /** Brings the controllers in line with the signed-in accounts. */
  sync(): void {
    const accounts = new Map(this.store.list().filter((account) => account.userId !== undefined).map((account) => [account.id, account]))
    for (const [id, controller] of this.controllers) {
      if (!accounts.has(id)) {
        controller.dispose()
        this.controllers.delete(id)
      }
    }
    for (const account of accounts.values()) {
      const controller = this.controllers.get(account.id) ?? this.create(account)
      controller.label = account.label
      controller.description = account.kind === 'bot' ? 'Telegram bot' : 'Telegram account'
    }
    for (const notebook of vscode.workspace.notebookDocuments) this.prefer(notebook)
  }

  dispose(): void {
    for (const controller of this.controllers.values()) controller.dispose()
    this.controllers.clear()
    for (const subscription of this.subscriptions) subscription.dispose()
  }

  private create(account: Account): vscode.NotebookController {
    const controller = vscode.notebooks.createNotebookController(ScratchpadControllers.idOf(account.id), NOTEBOOK_TYPE, account.label)
    controller.supportedLanguages = [CELL_LANGUAGE, 'markdown']
    controller.supportsExecutionOrder = true
    // The account is looked up at run time: its label and kind may have changed since.
    controller.executeHandler = (cells, notebook) => this.execution.execute(cells, notebook, controller, this.store.get(account.id) ?? account)
    this.controllers.set(account.id, controller)
    return controller
  }

  private prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return
    const active = this.store.active()?.id
    for (const [id, controller] of this.controllers) {
      controller.updateNotebookAffinity(notebook, id === active ? vscode.NotebookControllerAffinity.Preferred : vscode.NotebookControllerAffinity.Default)
    }
  }
}
