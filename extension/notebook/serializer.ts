/**
 * `.tlnb` files as VS Code notebooks: format.ts reads and writes the file, this module maps it onto
 * VS Code's NotebookData and back. Fields the format keeps but VS Code has no place for (unknown
 * keys of the file, a cell or an output) ride along in metadata under EXTRA_KEY.
 */
import * as vscode from 'vscode'
import { deserialize, serialize, type CellOutput, type NotebookCell, type NotebookFile, type OutputItem } from './format'

/** The notebook type id, as package.json's `notebooks` contribution declares it. */
export const NOTEBOOK_TYPE = 'telegram-scratchpad'
export const CELL_LANGUAGE = 'tl-request'

const EXTRA_KEY = 'tlnbExtra'

export class ScratchpadSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    return toNotebookData(deserialize(content))
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serialize(fromNotebookData(data)))
  }
}

export function toNotebookData(file: NotebookFile): vscode.NotebookData {
  const data = new vscode.NotebookData(file.cells.map(toCellData))
  data.metadata = withExtra(file.metadata, file.extra)
  return data
}

function toCellData(cell: NotebookCell): vscode.NotebookCellData {
  const kind = cell.kind === 'code' ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup
  const data = new vscode.NotebookCellData(kind, cell.source, cell.language)
  const metadata = withExtra(cell.metadata ?? {}, cell.extra)
  if (Object.keys(metadata).length > 0) data.metadata = metadata
  if (cell.outputs) data.outputs = cell.outputs.map(toCellOutput)
  return data
}

/** One saved or freshly made output as VS Code's; text items stay text, base64 items become bytes. */
export function toCellOutput(output: CellOutput): vscode.NotebookCellOutput {
  const items = output.items.map((item) =>
    item.encoding === 'base64'
      ? new vscode.NotebookCellOutputItem(Buffer.from(item.data, 'base64'), item.mime)
      : vscode.NotebookCellOutputItem.text(item.data, item.mime),
  )
  const metadata = withExtra(output.metadata ?? {}, output.extra)
  return new vscode.NotebookCellOutput(items, Object.keys(metadata).length > 0 ? metadata : undefined)
}

export function fromNotebookData(data: vscode.NotebookData): NotebookFile {
  const [metadata, extra] = splitExtra(data.metadata ?? {})
  const file: NotebookFile = { version: 1, metadata, cells: data.cells.map(fromCellData) }
  if (extra) file.extra = extra
  return file
}

function fromCellData(data: vscode.NotebookCellData): NotebookCell {
  const code = data.kind === vscode.NotebookCellKind.Code
  const cell: NotebookCell = { kind: code ? 'code' : 'markdown', language: data.languageId || (code ? CELL_LANGUAGE : 'markdown'), source: data.value }
  const [metadata, extra] = splitExtra(data.metadata ?? {})
  if (Object.keys(metadata).length > 0) cell.metadata = metadata
  if (extra) cell.extra = extra
  if (data.outputs && data.outputs.length > 0) cell.outputs = data.outputs.map(fromCellOutput)
  return cell
}

function fromCellOutput(output: vscode.NotebookCellOutput): CellOutput {
  const result: CellOutput = { items: output.items.map(fromOutputItem) }
  const [metadata, extra] = splitExtra(output.metadata ?? {})
  if (Object.keys(metadata).length > 0) result.metadata = metadata
  if (extra) result.extra = extra
  return result
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Text as text, so saved outputs stay readable in a diff; anything else (an image) as base64. */
function fromOutputItem(item: vscode.NotebookCellOutputItem): OutputItem {
  try {
    return { mime: item.mime, data: strictUtf8.decode(item.data) }
  } catch {
    return { mime: item.mime, data: Buffer.from(item.data).toString('base64'), encoding: 'base64' }
  }
}

function withExtra(metadata: Record<string, unknown>, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  return extra ? { ...metadata, [EXTRA_KEY]: extra } : { ...metadata }
}

function splitExtra<T extends Record<string, unknown>>(metadata: T): [T, Record<string, unknown> | undefined] {
  const { [EXTRA_KEY]: extra, ...rest } = metadata
  return [rest as T, extra as Record<string, unknown> | undefined]
}
