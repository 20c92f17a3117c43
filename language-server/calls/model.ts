/**
 * Raw calls as the analysis sees them, wherever they were written: a scratchpad cell, or a call
 * found in a TypeScript, JavaScript or Python file. Each keeps the library spelling it was written in
 * (its dialect), so answers can be given back in that spelling.
 */
import type { RequestDocument, TlObjectNode } from '../../schema/request/ast'
import type { Dialect } from './naming'

/** What the outermost node of a call must name. */
export type RootKind = 'method' | 'constructor' | 'any'

export interface RawCall {
  root: TlObjectNode
  dialect: Dialect
  /** `client.invoke(...)` sends a method; `types.InputPeerSelf()` builds a constructor; `new Api.X()` is either. */
  rootKind: RootKind
}

/** Every raw call of one document, with ranges in that document. */
/** Where calls were found: a scratchpad cell, or a TypeScript/JavaScript or Python source file. */
export type CallSource = 'cell' | 'typescript' | 'python'

export interface CallTree {
  /** A cell is made of calls only, so a position between calls is where a method name goes. */
  source: CallSource
  calls: RawCall[]
}

/** The calls of a scratchpad cell: methods, in the layer's own spelling. */
export function callTreeOfCell(document: RequestDocument): CallTree {
  return { source: 'cell', calls: document.calls.map((root) => ({ root, dialect: 'tl', rootKind: 'method' })) }
}
