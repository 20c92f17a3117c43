/**
 * Raw requests: the scratchpad cell language (`tl-request`), shared by the language server, which
 * parses it for completion, hover and diagnostics, and the notebook, which executes it.
 *
 *   const cell = parseRequest('messages.getHistory({ peer: "me", limit: 10 })')
 *   cell.calls      // TlObjectNode[]: each with a name, properties and source ranges
 *   cell.ordered    // a `// ordered` line asks for the calls to run one after another
 *   toTlObject(cell.calls[0], { layer: getLayer(), resolveReference })
 *                   // → { _: 'messages.getHistory', peer: 'me', limit: 10 }
 */
export type * from './ast'
export { parseRequest, RequestParseCode, numberFromLiteral, bigintFromLiteral } from './parser'
export { toTlObject, followReferencePath, RequestValueError, type TlObject, type ToTlOptions } from './to-tl'
