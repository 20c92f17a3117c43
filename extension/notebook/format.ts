/**
 * The `.tlnb` file: a scratchpad notebook as stable, diff-friendly JSON.
 *
 *   {
 *     "format": "tlnb",
 *     "version": 1,
 *     "metadata": { "accountKind": "user" },
 *     "cells": [
 *       { "kind": "code", "language": "tl-request", "source": "help.getConfig()",
 *         "outputs": [{ "items": [{ "mime": "application/json", "data": "{...}" }] }] }
 *     ]
 *   }
 *
 * Keys are written in a fixed order with two-space indentation and a final newline, so saving an
 * unchanged notebook writes the same bytes. Fields this version does not know are kept, at every
 * level, and written back. Saving applies the secrets rule (./secrets.ts) to outputs and metadata.
 */
import { redactText, redactValue } from './secrets'

export const TLNB_FORMAT = 'tlnb'
export const TLNB_VERSION = 1

/** Open records: unknown keys are kept as read. `accountKind` tells the checks which account runs the cells. */
export interface NotebookMetadata {
  accountKind?: 'user' | 'bot'
  [key: string]: unknown
}

export type CellKind = 'code' | 'markdown'

export interface OutputItem {
  mime: string
  /** Text as is; binary data (an image another extension produced) as base64. */
  data: string
  encoding?: 'base64'
  extra?: Record<string, unknown>
}

/** One output of a cell: the same content in one or more mimetypes, as VS Code groups them. */
export interface CellOutput {
  items: OutputItem[]
  metadata?: Record<string, unknown>
  extra?: Record<string, unknown>
}

export interface NotebookCell {
  kind: CellKind
  /** `tl-request` for calls, `markdown` for notes. */
  language: string
  source: string
  metadata?: Record<string, unknown>
  outputs?: CellOutput[]
  /** Fields this version does not know, kept to be written back. */
  extra?: Record<string, unknown>
}

export interface NotebookFile {
  version: number
  metadata: NotebookMetadata
  cells: NotebookCell[]
  extra?: Record<string, unknown>
}

export type NotebookFormatErrorCode =
  /** The text is not JSON. */
  | 'invalid-json'
  /** JSON, but not a scratchpad notebook. */
  | 'not-a-notebook'
  /** Written by a newer version of the extension; opening it here could lose what that version added. */
  | 'newer-version'
  /** A field with a value of the wrong shape; `path` names it. */
  | 'invalid-field'

export class NotebookFormatError extends Error {
  constructor(
    readonly code: NotebookFormatErrorCode,
    /** Where in the file: `cells[2].source`; empty for the whole file. */
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message)
    this.name = 'NotebookFormatError'
  }
}

/** A new, empty notebook. */
export function emptyNotebook(metadata: NotebookMetadata = {}): NotebookFile {
  return { version: TLNB_VERSION, metadata, cells: [] }
}

// ---- reading

type Json = Record<string, unknown>

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function invalid(path: string, message: string): NotebookFormatError {
  return new NotebookFormatError('invalid-field', path, message)
}

function record(value: unknown, path: string): Json {
  if (!isRecord(value)) throw invalid(path, 'expected an object')
  return value
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalid(path, 'expected a string')
  return value
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(path, 'expected a list')
  return value
}

/** The keys of `object` outside `known`, or undefined when there are none. */
function extraOf(object: Json, known: readonly string[]): Record<string, unknown> | undefined {
  const entries = Object.entries(object).filter(([key]) => !known.includes(key))
  return entries.length > 0 ? Object.fromEntries(entries) : undefined
}

function withExtra<T extends object>(value: T, extra: Record<string, unknown> | undefined): T & { extra?: Record<string, unknown> } {
  return extra ? { ...value, extra } : value
}

const FILE_KEYS = ['format', 'version', 'metadata', 'cells'] as const
const CELL_KEYS = ['kind', 'language', 'source', 'metadata', 'outputs'] as const
const OUTPUT_KEYS = ['items', 'metadata'] as const
const ITEM_KEYS = ['mime', 'data', 'encoding'] as const

/**
 * Reads a `.tlnb` file. An empty file is an empty notebook (VS Code creates files that way).
 * Throws NotebookFormatError, naming the field, for anything else that is not a notebook.
 */
export function deserialize(content: string | Uint8Array): NotebookFile {
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content)
  if (text.trim() === '') return emptyNotebook()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new NotebookFormatError('invalid-json', '', `not valid JSON (${(error as Error).message})`)
  }
  if (!isRecord(parsed) || parsed.format !== TLNB_FORMAT) {
    throw new NotebookFormatError('not-a-notebook', '', `not a scratchpad notebook: "format" must be "${TLNB_FORMAT}"`)
  }
  const version = parsed.version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw invalid('version', 'expected a positive whole number')
  if (version > TLNB_VERSION) {
    throw new NotebookFormatError(
      'newer-version',
      'version',
      `written by a newer version of Telegram Workbench (format ${version}; this one reads up to ${TLNB_VERSION}). Update the extension to open it.`,
    )
  }
  const metadata = parsed.metadata === undefined ? {} : record(parsed.metadata, 'metadata')
  if (metadata.accountKind !== undefined && metadata.accountKind !== 'user' && metadata.accountKind !== 'bot') {
    throw invalid('metadata.accountKind', 'expected "user" or "bot"')
  }
  const cells = list(parsed.cells ?? [], 'cells').map((cell, index) => readCell(cell, `cells[${index}]`))
  return withExtra({ version: TLNB_VERSION, metadata: metadata as NotebookMetadata, cells }, extraOf(parsed, FILE_KEYS))
}

function readCell(value: unknown, path: string): NotebookCell {
  const cell = record(value, path)
  const kind = cell.kind
  if (kind !== 'code' && kind !== 'markdown') throw invalid(`${path}.kind`, 'expected "code" or "markdown"')
  const result: NotebookCell = {
    kind,
    language: cell.language === undefined ? (kind === 'code' ? 'tl-request' : 'markdown') : string(cell.language, `${path}.language`),
    source: string(cell.source ?? '', `${path}.source`),
  }
  if (cell.metadata !== undefined) result.metadata = record(cell.metadata, `${path}.metadata`)
  if (cell.outputs !== undefined) {
    result.outputs = list(cell.outputs, `${path}.outputs`).map((output, index) => readOutput(output, `${path}.outputs[${index}]`))
  }
  return withExtra(result, extraOf(cell, CELL_KEYS))
}

function readOutput(value: unknown, path: string): CellOutput {
  const output = record(value, path)
  const result: CellOutput = {
    items: list(output.items, `${path}.items`).map((item, index) => readItem(item, `${path}.items[${index}]`)),
  }
  if (output.metadata !== undefined) result.metadata = record(output.metadata, `${path}.metadata`)
  return withExtra(result, extraOf(output, OUTPUT_KEYS))
}

function readItem(value: unknown, path: string): OutputItem {
  const item = record(value, path)
  const result: OutputItem = { mime: string(item.mime, `${path}.mime`), data: string(item.data, `${path}.data`) }
  if (item.encoding !== undefined) {
    if (item.encoding !== 'base64') throw invalid(`${path}.encoding`, 'expected "base64" or no encoding')
    result.encoding = 'base64'
  }
  return withExtra(result, extraOf(item, ITEM_KEYS))
}

// ---- writing

/**
 * Writes a notebook as `.tlnb` text: keys in a fixed order, unknown fields after the known ones,
 * secrets removed from outputs and metadata (cell sources are written as they are).
 */
export function serialize(notebook: NotebookFile): string {
  const file: Json = {
    format: TLNB_FORMAT,
    version: TLNB_VERSION,
    metadata: redactValue(notebook.metadata),
    cells: notebook.cells.map(writeCell),
    ...notebook.extra,
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

function writeCell(cell: NotebookCell): Json {
  const result: Json = { kind: cell.kind, language: cell.language, source: cell.source }
  if (cell.metadata !== undefined && Object.keys(cell.metadata).length > 0) result.metadata = redactValue(cell.metadata)
  if (cell.outputs !== undefined && cell.outputs.length > 0) result.outputs = cell.outputs.map(writeOutput)
  return { ...result, ...cell.extra }
}

function writeOutput(output: CellOutput): Json {
  const result: Json = { items: output.items.map(writeItem) }
  if (output.metadata !== undefined && Object.keys(output.metadata).length > 0) result.metadata = redactValue(output.metadata)
  return { ...result, ...output.extra }
}

function writeItem(item: OutputItem): Json {
  const result: Json = { mime: item.mime, data: item.encoding === 'base64' ? item.data : redactItemText(item.mime, item.data) }
  if (item.encoding) result.encoding = item.encoding
  return { ...result, ...item.extra }
}

/** JSON items are redacted as values (so credential fields are found by name), other text as text. */
function redactItemText(mime: string, data: string): string {
  if (/[/+]json$/.test(mime)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(data)
    } catch {
      return redactText(data) // not JSON after all
    }
    const redacted = redactValue(parsed)
    // Keep the item's own formatting unless something had to go.
    return JSON.stringify(redacted) === JSON.stringify(parsed) ? data : JSON.stringify(redacted, null, 2)
  }
  return redactText(data)
}
