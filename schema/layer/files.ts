/**
 * The raw inputs of the layer reference: our committed .tl files, and the documentation data of the
 * @mtcute/tl package. Everything here is read on first use, never at import time, so importing the
 * reference costs nothing until a question is asked.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type LayerFile = 'api.tl' | 'mtproto.tl'

/**
 * Reads a bundled .tl file. In source this module lives next to the files; in the esbuild bundles
 * `__dirname` is `dist/`, where build.mjs copies them.
 */
export function readLayerFile(file: LayerFile): string {
  return readFileSync(join(__dirname, file), 'utf8')
}

/** One error row of a method's documentation page. */
export interface PackageThrow {
  code: number
  /** The message with `%d` where a number goes: `SLOWMODE_WAIT_%d`. */
  name: string
  /** Plain text; a single space when the page left it empty. */
  comment: string
}

export interface PackageArgument {
  name: string
  type: string
  /** An HTML fragment. */
  comment?: string
}

/** One entry of `api-schema.json`; only the fields the reference reads. */
export interface PackageEntry {
  kind: 'class' | 'method'
  name: string
  type: string
  id: number
  /** An HTML fragment. */
  comment?: string
  arguments: PackageArgument[]
  throws?: PackageThrow[]
  /** See `Availability` in reference.ts for what this field does and does not tell. */
  available?: 'user' | 'bot' | 'both'
}

export interface PackageSchema {
  /** The layer number. */
  l: number
  e: PackageEntry[]
  /** Type (union) descriptions by type name, as HTML fragments. */
  u: Record<string, string>
}

export interface PackageError {
  code: number
  name: string
  /** Markdown, with `%d` standing for the number in the message. */
  description?: string
  /** What each `%d` in the name means, e.g. `['seconds']`. */
  _paramNames?: string[]
}

export interface PackageErrors {
  /** The generic error classes by name: `BAD_REQUEST: 400`. */
  base: Record<string, number>
  errors: Record<string, PackageError>
  /** Telegram's own lists of methods only users, or only bots, may call (values are always 1). */
  userOnly: Record<string, number>
  botOnly: Record<string, number>
}

export interface PackageData {
  schema: PackageSchema
  errors: PackageErrors
}

/** Loads the package's JSON; `require` inside the function keeps esbuild's copy unevaluated until called. */
export function readPackageData(): PackageData {
  return {
    schema: require('@mtcute/tl/api-schema.json') as PackageSchema,
    errors: require('@mtcute/tl/raw-errors.json') as PackageErrors,
  }
}
