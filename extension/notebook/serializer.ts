/**
 * `.tlnb` files as VS Code notebooks. The mapping lives in ./notebook-data.ts, away from vscode;
 * this module only builds VS Code's classes from its shapes (VS Code's own NotebookData is read as
 * it comes).
 */
import * as vscode from 'vscode'
import type { CellOutput, NotebookFile } from './format'
import { CODE_CELL, notebookShapeOf, outputShapeOf, readNotebook, writeNotebook, type CellOutputShape, type CellShape, type NotebookShape } from './notebook-data'

export class ScratchpadSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    return notebookData(readNotebook(content))
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return writeNotebook(data)
  }
}

export function toNotebookData(file: NotebookFile): vscode.NotebookData {
  return notebookData(notebookShapeOf(file))
}

/** One saved or freshly made output as VS Code's. */
export function toCellOutput(output: CellOutput): vscode.NotebookCellOutput {
  return cellOutput(outputShapeOf(output))
}

function notebookData(shape: NotebookShape): vscode.NotebookData {
  const data = new vscode.NotebookData(shape.cells.map(cellData))
  if (shape.metadata) data.metadata = shape.metadata
  return data
}

function cellData(shape: CellShape): vscode.NotebookCellData {
  const kind = shape.kind === CODE_CELL ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup
  const data = new vscode.NotebookCellData(kind, shape.value, shape.languageId)
  if (shape.metadata) data.metadata = shape.metadata
  if (shape.outputs) data.outputs = shape.outputs.map(cellOutput)
  return data
}

function cellOutput(shape: CellOutputShape): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput(
    shape.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime)),
    shape.metadata,
  )
}
