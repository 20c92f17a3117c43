/**
 * Raw-call knowledge for the language server and the notebook, independent of LSP and VS Code:
 *
 *   const tree = callTreeOfCell(parseRequest(cellText))     // a scratchpad cell
 *   const tree = extractTypeScriptCalls(sourceText)        // client.invoke / .call / new Api.x.Y
 *   const tree = extractPythonCalls(sourceText)            // Telethon functions.x.YRequest(...)
 *   checkCalls(tree, { accountKind: 'user', knownResults: new Set([1, 2]) })  // CallDiagnostic[]
 *   contextAt(tree, offset)       // what is at the position: name, parameter, value or reference
 *   completionsAt(tree, offset)   // the completions there, as data with ranges, details and snippets
 *
 * Ranges are UTF-16 offsets into the text given; names in the tree carry both the spelling written
 * (`text`) and the TL name (`name`). Answers use the spelling of the call's dialect.
 */
export { callTreeOfCell, type CallTree, type RawCall, type RootKind } from './model'
export { extractTypeScriptCalls } from './extract-typescript'
export { extractPythonCalls } from './extract-python'
export { checkCalls, CallCheckCode, type CallDiagnostic, type CheckOptions } from './check'
export {
  contextAt,
  completionsAt,
  parameterCompletions,
  valueCompletions,
  type CallCompletion,
  type CallContext,
  type CompletionResult,
} from './analyze'
export { definitionSnippet, hasScratchpadDefault, requiredParams } from './spelling'
export { expectedValue, isPeerLikeString, PEER_TYPES, type ExpectedValue } from './value-types'
export { guessTlName, hostDefinitionName, hostFieldName, HostNames, type DefinitionKind, type Dialect } from './naming'
export { findHostDefinition, hostNamesOf, telethonPositionalParams } from './resolve-names'
export { closestName } from './suggest'
