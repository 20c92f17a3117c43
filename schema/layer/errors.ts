/**
 * The catalog of known RPC errors, and matching of the concrete messages Telegram sends.
 *
 * Telegram sends an error as a code and a message. Some messages carry a number: `FLOOD_WAIT_30`,
 * `PHONE_MIGRATE_2`, `FILE_PART_3_MISSING`. The package data writes those with `%d` in place of the
 * number (`FLOOD_WAIT_%d`), and Telegram's documentation writes `X` (`FLOOD_WAIT_X`); we accept both,
 * and name such an error after its message without the number (`FLOOD_WAIT`), as RpcError does.
 */
import { escapeMarkdown, normalizeMarkdown } from './describe'
import type { PackageError, PackageThrow } from './files'

export interface RpcErrorInfo {
  /** The message without its number: `FLOOD_WAIT`, `CHANNEL_INVALID`. */
  name: string
  /** The message as Telegram sends it, `%d` standing for the number: `FLOOD_WAIT_%d`, `CHANNEL_INVALID`. */
  pattern: string
  /** The error code: 400, 420, 303... */
  code: number
  /** Markdown. In a pattern's description `%d` stands for the number. */
  description?: string
  /** What the number in the message means (`seconds`, `new_dc`), when the data says. */
  valueName?: string
}

/** A concrete message matched against the catalog. */
export interface RpcErrorMatch extends RpcErrorInfo {
  /** The message looked up, e.g. `FLOOD_WAIT_30`. */
  message: string
  /** The number carried by the message, e.g. 30. */
  value?: number
}

const ERRORS_PAGE = 'https://core.telegram.org/api/errors'

/** `FLOOD_WAIT_%d` → `FLOOD_WAIT`, `FILE_PART_%d_MISSING` → `FILE_PART_MISSING`. */
export function errorNameOf(pattern: string): string {
  return pattern.replace(/%d/g, '').replace(/_{2,}/g, '_').replace(/^_|_$/g, '')
}

/** The page rows leave a single space where they have no description. */
function throwDescription(row: PackageThrow): string | undefined {
  const text = row.comment.trim()
  return text ? escapeMarkdown(text) : undefined
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0]
}

interface Template {
  info: RpcErrorInfo
  /** Matches a concrete message; the group captures the number. */
  regex: RegExp
}

export class ErrorCatalog {
  /** Every known error, by pattern. */
  readonly byPattern = new Map<string, RpcErrorInfo>()
  /** Lookup keys: the pattern, its `X` spelling, and the bare name of patterns with a number. */
  private readonly byKey = new Map<string, RpcErrorInfo>()
  private readonly templates: Template[] = []

  /**
   * @param globalErrors the package's catalog (`raw-errors.json`), the authority for codes and descriptions
   * @param methodRows every method's documented error rows, which name errors the catalog lacks
   */
  constructor(globalErrors: Record<string, PackageError>, methodRows: PackageThrow[]) {
    const rowsByPattern = new Map<string, PackageThrow[]>()
    for (const row of methodRows) {
      const rows = rowsByPattern.get(row.name)
      if (rows) rows.push(row)
      else rowsByPattern.set(row.name, [row])
    }

    for (const [pattern, error] of Object.entries(globalErrors)) {
      this.add({
        name: errorNameOf(pattern),
        pattern,
        code: error.code,
        description: error.description ? normalizeMarkdown(error.description, ERRORS_PAGE) : undefined,
        valueName: error._paramNames?.[0],
      })
    }
    for (const [pattern, rows] of rowsByPattern) {
      if (this.byPattern.has(pattern)) continue
      this.add({
        name: errorNameOf(pattern),
        pattern,
        code: mostCommon(rows.map((row) => row.code)),
        description: rows.map(throwDescription).find((text) => text !== undefined),
      })
    }

    // Exact patterns win over other spellings, so index them first and never overwrite.
    for (const info of this.byPattern.values()) this.byKey.set(info.pattern, info)
    for (const info of this.byPattern.values()) {
      if (!info.pattern.includes('%d')) continue
      for (const key of [info.pattern.replace(/%d/g, 'X'), info.name]) {
        if (!this.byKey.has(key)) this.byKey.set(key, info)
      }
    }
  }

  private add(info: RpcErrorInfo): void {
    if (info.description === undefined) delete info.description
    if (info.valueName === undefined) delete info.valueName
    this.byPattern.set(info.pattern, info)
    if (info.pattern.includes('%d')) {
      const source = info.pattern.split('%d').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(\\d+)')
      this.templates.push({ info, regex: new RegExp(`^${source}$`) })
    }
  }

  /**
   * Finds a message: a concrete one (`FLOOD_WAIT_30`), a pattern (`FLOOD_WAIT_%d`, `FLOOD_WAIT_X`)
   * or a name (`FLOOD_WAIT`). `method`'s own documented rows, when given, override code and description.
   */
  lookup(message: string, methodErrors?: readonly RpcErrorInfo[]): RpcErrorMatch | undefined {
    let info = this.byKey.get(message)
    let value: number | undefined
    if (!info) {
      for (const template of this.templates) {
        const match = template.regex.exec(message)
        if (!match) continue
        info = template.info
        value = Number(match[1])
        break
      }
    }
    if (!info) return undefined

    const own = methodErrors?.find((error) => error.pattern === info.pattern)
    const result: RpcErrorMatch = { ...info, ...own, message }
    if (value !== undefined) {
      result.value = value
      if (result.description) result.description = result.description.replace(/%d/g, String(value))
    }
    return result
  }

  /** The errors documented for one method, with the method page's own codes and descriptions. */
  forMethod(rows: readonly PackageThrow[]): RpcErrorInfo[] {
    return rows.map((row) => {
      const known = this.byPattern.get(row.name)
      const info: RpcErrorInfo = { name: errorNameOf(row.name), pattern: row.name, code: row.code }
      const description = throwDescription(row) ?? known?.description
      if (description !== undefined) info.description = description
      if (known?.valueName !== undefined) info.valueName = known.valueName
      return info
    })
  }
}
