/**
 * The `.tlnb` file (./format.ts) mapped onto the shape of VS Code's NotebookData and back, with no
 * vscode import, so the mapping runs and is tested in plain Node. serializer.ts only turns these
 * shapes into VS Code's classes; VS Code's own NotebookData satisfies the shapes as it is.
 *
 * Fields the format keeps but VS Code has no place for (unknown keys of the file, a cell or an
 * output) ride along in metadata under EXTRA_KEY, so they survive an edit in VS Code.
 */
import { deserialize, serialize, type CellOutput, type NotebookCell, type NotebookFile, type OutputItem } from './format'

/** The notebook type id, as package.json's `notebooks` contribution declares it. */
export const NOTEBOOK_TYPE = 'telegram-scratchpad'
export const CELL_LANGUAGE = 'tl-request'

/** VS Code's NotebookCellKind values. */
export const MARKUP_CELL = 1
export const CODE_CELL = 2

export const EXTRA_KEY = 'tlnbExtra'

type Metadata = Record<string, unknown>

export interface OutputItemShape {
  readonly mime: string
  readonly data: Uint8Array
}

export interface CellOutputShape {
  readonly items: readonly OutputItemShape[]
  readonly metadata?: Metadata | undefined
}

export interface CellShape {
  readonly kind: number
  readonly value: string
  readonly languageId: string
  readonly metadata?: Metadata | undefined
  readonly outputs?: readonly CellOutputShape[] | undefined
}

export interface NotebookShape {
  readonly cells: readonly CellShape[]
  readonly metadata?: Metadata | undefined
}

/** A `.tlnb` file's bytes as a notebook; throws NotebookFormatError for anything else. */
export function readNotebook(content: Uint8Array): NotebookShape {
  return notebookShapeOf(deserialize(content))
}

/** A notebook as `.tlnb` bytes, with the secrets rule applied to outputs and metadata. */
export function writeNotebook(data: NotebookShape): Uint8Array {
  return new TextEncoder().encode(serialize(notebookFileOf(data)))
}

export function notebookShapeOf(file: NotebookFile): NotebookShape {
  return { cells: file.cells.map(cellShapeOf), metadata: withExtra(file.metadata, file.extra) }
}

function cellShapeOf(cell: NotebookCell): CellShape {
  const metadata = withExtra(cell.metadata ?? {}, cell.extra)
  return {
    kind: cell.kind === 'code' ? CODE_CELL : MARKUP_CELL,
    value: cell.source,
    languageId: cell.language,
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(cell.outputs ? { outputs: cell.outputs.map(outputShapeOf) } : {}),
  }
}

/** One saved or freshly made output; text items are UTF-8, base64 items their bytes. */
export function outputShapeOf(output: CellOutput): CellOutputShape {
  const items = output.items.map((item) => ({
    mime: item.mime,
    data: item.encoding === 'base64' ? new Uint8Array(Buffer.from(item.data, 'base64')) : new TextEncoder().encode(item.data),
  }))
  const metadata = withExtra(output.metadata ?? {}, output.extra)
  return { items, ...(Object.keys(metadata).length > 0 ? { metadata } : {}) }
}

export function notebookFileOf(data: NotebookShape): NotebookFile {
  const [metadata, extra] = splitExtra(data.metadata ?? {})
  const file: NotebookFile = { version: 1, metadata, cells: data.cells.map(cellOf) }
  if (extra) file.extra = extra
  return file
}

function cellOf(data: CellShape): NotebookCell {
  const code = data.kind === CODE_CELL
  const cell: NotebookCell = { kind: code ? 'code' : 'markdown', language: data.languageId || (code ? CELL_LANGUAGE : 'markdown'), source: data.value }
  const [metadata, extra] = splitExtra(data.metadata ?? {})
  if (Object.keys(metadata).length > 0) cell.metadata = metadata
  if (extra) cell.extra = extra
  if (data.outputs && data.outputs.length > 0) cell.outputs = data.outputs.map(outputOf)
  return cell
}

function outputOf(output: CellOutputShape): CellOutput {
  const result: CellOutput = { items: output.items.map(outputItemOf) }
  const [metadata, extra] = splitExtra(output.metadata ?? {})
  if (Object.keys(metadata).length > 0) result.metadata = metadata
  if (extra) result.extra = extra
  return result
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Text as text, so saved outputs stay readable in a diff; anything else (an image) as base64. */
function outputItemOf(item: OutputItemShape): OutputItem {
  try {
    return { mime: item.mime, data: strictUtf8.decode(item.data) }
  } catch {
    return { mime: item.mime, data: Buffer.from(item.data).toString('base64'), encoding: 'base64' }
  }
}

function withExtra(metadata: Metadata, extra: Metadata | undefined): Metadata {
  return extra ? { ...metadata, [EXTRA_KEY]: extra } : { ...metadata }
}

function splitExtra<T extends Metadata>(metadata: T): [T, Metadata | undefined] {
  const { [EXTRA_KEY]: extra, ...rest } = metadata
  return [rest as T, extra as Metadata | undefined]
}
