/**
 * Running cells in VS Code: one queue per notebook, so cells run strictly in order even when the
 * user starts more while some are running; each run gets a timer, outputs, and its RPC errors are
 * sent to the language server as diagnostics on the failed calls. The execution order a cell shows
 * is the `$n` of its result (see executionOrderOf), not a count of runs.
 *
 * Interrupting cancels each queued execution's token: the running request is aborted, and queued
 * cells end without running. After a cell fails, the rest of a Run All is not run either, since a
 * later cell may read the failed cell's results.
 */
import * as vscode from 'vscode'
import type { Account } from '../accounts/account-store'
import type { TelegramClient } from '../mtproto'
import type { DangerConfirmation } from './plan'
import { ResultStore } from './results'
import { executionOrderOf, messageOutput, runCell, scratchpadClient, type CellRun, type RuntimeErrorReport } from './run-cell'
import { CELL_LANGUAGE } from './notebook-data'
import { toCellOutput } from './serializer'

export interface ExecutionDeps {
  /** The account's connected client. */
  client(account: Account): Promise<TelegramClient>
  reportRuntimeError(uri: string, text: string, report: RuntimeErrorReport): Promise<void>
}

/** What one notebook remembers between runs. */
class NotebookRuns {
  readonly results = new ResultStore()
  /** Settles when the last queued cell has finished. */
  tail: Promise<void> = Promise.resolve()
  /** Set when a cell of the current batch failed or was interrupted: the rest of it is skipped. */
  stopped = false
}

export class ScratchpadExecution implements vscode.Disposable {
  private readonly notebooks = new Map<string, NotebookRuns>()
  private readonly subscription: vscode.Disposable
  private readonly didRun = new vscode.EventEmitter<vscode.NotebookDocument>()
  /** Fires after a cell of a notebook ran: its results may have changed. */
  readonly onDidRun = this.didRun.event

  constructor(private readonly deps: ExecutionDeps) {
    // A closed notebook's results are gone; reopening starts again at $1.
    this.subscription = vscode.workspace.onDidCloseNotebookDocument((notebook) => this.notebooks.delete(notebook.uri.toString()))
  }

  /** The results `$1`, `$last`... of a notebook, for "Copy as…". */
  results(notebook: vscode.NotebookDocument): ResultStore {
    return this.runsOf(notebook).results
  }

  /** Queues `cells` to run in order as `account`, through `controller`. */
  execute(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument, controller: vscode.NotebookController, account: Account): Promise<void> {
    const runs = this.runsOf(notebook)
    // Created now, so the cells show as queued at once.
    const executions = cells.map((cell) => controller.createNotebookCellExecution(cell))
    const batch = runs.tail.then(async () => {
      runs.stopped = false
      for (const execution of executions) {
        if (runs.stopped || execution.token.isCancellationRequested) {
          execution.start()
          execution.end(undefined)
          continue
        }
        const ok = await this.runOne(execution, runs, account)
        this.didRun.fire(notebook)
        if (ok !== true) runs.stopped = true
      }
    })
    runs.tail = batch.catch(() => {})
    return batch
  }

  dispose(): void {
    this.subscription.dispose()
    this.didRun.dispose()
  }

  private runsOf(notebook: vscode.NotebookDocument): NotebookRuns {
    const key = notebook.uri.toString()
    let runs = this.notebooks.get(key)
    if (!runs) this.notebooks.set(key, (runs = new NotebookRuns()))
    return runs
  }

  /** Runs one cell; true when it succeeded, false when it failed, undefined when interrupted. */
  private async runOne(execution: vscode.NotebookCellExecution, runs: NotebookRuns, account: Account): Promise<boolean | undefined> {
    const cell = execution.cell
    execution.start(Date.now())
    await execution.clearOutput()
    if (cell.document.languageId !== CELL_LANGUAGE) {
      execution.end(true, Date.now())
      return true
    }
    const abort = new AbortController()
    const cancelled = execution.token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()))
    const text = cell.document.getText()
    let run: CellRun
    try {
      const client = await this.deps.client(account)
      run = await runCell(text, {
        client: scratchpadClient(client),
        results: runs.results,
        account: account.label,
        accountKind: account.kind,
        confirm: confirmDangerous,
        signal: abort.signal,
      })
    } catch (error) {
      if (abort.signal.aborted) run = { status: 'cancelled', outputs: [] }
      else run = { status: 'done', ok: false, calls: [], outputs: [messageOutput(`Could not run as ${account.label}`, (error as Error).message)], runtimeErrors: [] }
    } finally {
      cancelled.dispose()
    }
    // Set only once the cell bound a result: VS Code cannot take a number back, and a cell that bound
    // nothing keeps the blank VS Code gives every run as it starts.
    const order = executionOrderOf(run)
    if (order !== undefined) execution.executionOrder = order
    await execution.replaceOutput(run.outputs.map(toCellOutput))
    if (run.status === 'done') {
      for (const report of run.runtimeErrors) void this.deps.reportRuntimeError(cell.document.uri.toString(), text, report).catch(() => {})
    }
    const success = run.status === 'cancelled' ? undefined : run.status === 'done' ? run.ok : run.status === 'empty'
    execution.end(success, Date.now())
    return success
  }
}

/** The modal the dangerous-method gate asks through, every time. */
async function confirmDangerous(confirmation: DangerConfirmation): Promise<boolean> {
  const run = 'Run'
  const answer = await vscode.window.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, run)
  return answer === run
}
