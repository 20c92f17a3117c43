/**
 * Warnings on a scratchpad cell's `$n` references to results the notebook does not hold, shown
 * while the cell is written rather than when it fails. Only the notebook knows which results exist,
 * so it runs the language server's own check here (./plan.ts); the language server itself leaves
 * references alone. A warning, not an error: a cell above may still bind the result before this
 * one runs.
 */
import * as vscode from 'vscode'
import { NOTEBOOK_TYPE } from './notebook-data'
import { missingResultDiagnostics } from './plan'
import type { ResultLookup } from './results'

export class ReferenceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('telegram-scratchpad-results')
  private readonly subscriptions: vscode.Disposable[]

  constructor(
    private readonly resultsOf: (notebook: vscode.NotebookDocument) => ResultLookup,
    /** Fires with a notebook whose results changed. */
    onDidChangeResults: vscode.Event<vscode.NotebookDocument>,
  ) {
    this.subscriptions = [
      onDidChangeResults((notebook) => this.checkNotebook(notebook)),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.checkNotebook(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((change) => this.checkNotebook(change.notebook)),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        for (const cell of notebook.getCells()) this.collection.delete(cell.document.uri)
      }),
      vscode.workspace.onDidChangeTextDocument((change) => {
        const cell = cellOf(change.document)
        if (cell) this.checkCell(cell)
      }),
    ]
    for (const notebook of vscode.workspace.notebookDocuments) this.checkNotebook(notebook)
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose()
    this.collection.dispose()
  }

  private checkNotebook(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) return
    for (const cell of notebook.getCells()) this.checkCell(cell)
  }

  private checkCell(cell: vscode.NotebookCell): void {
    const { document } = cell
    if (cell.kind !== vscode.NotebookCellKind.Code || !document.getText().includes('$')) {
      this.collection.delete(document.uri)
      return
    }
    const found = missingResultDiagnostics(document.getText(), this.resultsOf(cell.notebook))
    this.collection.set(
      document.uri,
      found.map((diagnostic) => {
        const range = new vscode.Range(document.positionAt(diagnostic.range.start), document.positionAt(diagnostic.range.end))
        const shown = new vscode.Diagnostic(range, diagnostic.message, vscode.DiagnosticSeverity.Warning)
        shown.source = 'scratchpad'
        shown.code = diagnostic.code
        return shown
      }),
    )
  }
}

/** The scratchpad cell a text document is, if it is one. */
function cellOf(document: vscode.TextDocument): vscode.NotebookCell | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined
  for (const notebook of vscode.workspace.notebookDocuments) {
    if (notebook.notebookType !== NOTEBOOK_TYPE) continue
    const cell = notebook.getCells().find((candidate) => candidate.document === document)
    if (cell) return cell
  }
  return undefined
}
