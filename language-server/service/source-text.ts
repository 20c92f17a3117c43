/**
 * The plain shapes the language service speaks. Positions, ranges, items and diagnostics are the
 * data types of the LSP specification (from vscode-languageserver-types, which has no runtime of
 * its own), so a host returns them as they are; the service itself knows nothing of connections.
 */
import type { Position, Range } from 'vscode-languageserver-types'
import type { SourceRange } from '../../schema/tl/ast'

/** A document's text and its offset/position mapping; a `TextDocument` is one. */
export interface SourceText {
  readonly uri: string
  readonly languageId: string
  readonly version: number
  getText(range?: Range): string
  positionAt(offset: number): Position
  offsetAt(position: Position): number
}

export function toRange(source: SourceText, range: SourceRange): Range {
  return { start: source.positionAt(range.start), end: source.positionAt(range.end) }
}
