/**
 * A failed call as the language server's runtime-error notification: offsets in the cell's text
 * become LSP line/character positions (UTF-16 units, as both JavaScript strings and LSP count).
 */
import type { RuntimeErrorParams } from '../../language-server/protocol'
import type { RuntimeErrorReport } from './run-cell'

export function runtimeErrorParams(uri: string, text: string, report: RuntimeErrorReport): RuntimeErrorParams {
  return {
    uri,
    range: { start: positionAt(text, report.range.start), end: positionAt(text, report.range.end) },
    error: { code: report.error.code, message: report.error.message },
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/)
  return { line: before.length - 1, character: before.at(-1)!.length }
}
