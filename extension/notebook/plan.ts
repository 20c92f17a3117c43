/**
 * From a cell's text to what to run, before anything touches the network:
 *
 *   const plan = planCell('messages.getHistory({ peer: "me", limit: 5 })', { results })
 *   plan.runnable     // false when a local error stops the cell (parse error, unknown method, wrong value...)
 *   plan.diagnostics  // each with the range of the offending node
 *   plan.mode         // 'single' | 'container' (sent together) | 'ordered' (`// ordered`: one after another)
 *   plan.calls        // the TL requests, references already replaced by the results they name
 *
 * The checks are the language server's (language-server/calls), so a cell that shows no error in
 * the editor plans cleanly, with one addition: a method's missing `int`/`long`/`double` parameters
 * are filled with 0, the value Telegram reads as "none" for offsets, limits and hashes (the seed
 * docs' advice: leave `hash` at 0), so `messages.getHistory({ peer: "me", limit: 5 })` runs as written.
 * Peer-like values (`"me"`, `"@name"`, marked ids) stay as written: the client resolves them.
 */
import { getLayer, type LayerReference, type ParamReference } from '../../schema/layer/reference'
import {
  followReferencePath,
  parseRequest,
  RequestValueError,
  toTlObject,
  type ReferenceNode,
  type RequestDiagnostic,
  type SourceRange,
  type TlObject,
  type TlObjectNode,
} from '../../schema/request'
import { callTreeOfCell, type CheckOptions, checkCalls, hasScratchpadDefault } from '../../language-server/calls'
import { dangerOf, type DangerousMethod } from './dangerous-methods'
import type { ResultLookup } from './results'

export interface PlanOptions {
  /** The results `$1`, `$last`... refer to. Without it, every reference is an error. */
  results?: ResultLookup
  /** The kind of the account that will run the cell: bot-only and user-only methods are errors against it. */
  accountKind?: 'user' | 'bot'
  layer?: LayerReference
}

export interface PlannedCall {
  /** The TL method name. */
  method: string
  /** What to send, before peer resolution. */
  request: TlObject
  /** The whole call in the cell: where a runtime error's diagnostic goes. */
  range: SourceRange
  nameRange: SourceRange
  /** Parameters the cell left out and the plan filled with 0. */
  defaulted: string[]
  /** Set for a method that destroys data or sessions: running it needs a confirmation. */
  danger?: DangerousMethod
}

/** How the calls of a cell go out: one request, one container, or one after another. */
export type ExecutionMode = 'none' | 'single' | 'container' | 'ordered'

export interface CellPlan {
  /** False when an error stops the cell; `calls` is then empty. */
  runnable: boolean
  mode: ExecutionMode
  calls: PlannedCall[]
  /** Errors (which stop the cell) and warnings (which do not), ranges into the cell's text. */
  diagnostics: RequestDiagnostic[]
}

const NUMERIC_DEFAULTS: Readonly<Record<string, () => number | bigint>> = {
  int: () => 0,
  long: () => 0n,
  double: () => 0,
}

export function planCell(text: string, options: PlanOptions = {}): CellPlan {
  const layer = options.layer ?? getLayer()
  const document = parseRequest(text)
  const diagnostics: RequestDiagnostic[] = [...document.diagnostics]

  const checkOptions: CheckOptions = { layer, knownResults: options.results?.numbers() ?? new Set() }
  if (options.accountKind) checkOptions.accountKind = options.accountKind
  const checked = checkCalls(callTreeOfCell(document), checkOptions)

  diagnostics.push(...checked)

  const failed = (): CellPlan => ({ runnable: false, mode: 'none', calls: [], diagnostics: sortByPosition(diagnostics) })
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return failed()

  const calls: PlannedCall[] = []
  for (const node of document.calls) {
    let request: TlObject
    try {
      request = toTlObject(node, { layer, resolveReference: (reference) => resolveReference(reference, options.results) })
    } catch (error) {
      if (!(error instanceof RequestValueError)) throw error
      diagnostics.push({ range: error.range, severity: 'error', code: error.code, message: error.message })
      continue
    }
    const filled = zeroFilled(node, layer)
    for (const param of filled) request[param.name] = NUMERIC_DEFAULTS[param.elementType]!()
    const call: PlannedCall = {
      method: request._,
      request,
      range: node.range,
      nameRange: node.name?.range ?? node.range,
      defaulted: filled.map((param) => param.name),
    }
    const danger = dangerOf(request._)
    if (danger) call.danger = danger
    calls.push(call)
  }
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return failed()

  const mode: ExecutionMode = calls.length === 0 ? 'none' : calls.length === 1 ? 'single' : document.ordered ? 'ordered' : 'container'
  return { runnable: true, mode, calls, diagnostics: sortByPosition(diagnostics) }
}

/**
 * The numeric parameters a call leaves out and the scratchpad sends as 0 (see hasScratchpadDefault).
 * A left-out `random_id` stays out: the client draws a fresh one, since Telegram drops a second
 * message with the same random_id as a duplicate.
 */
function zeroFilled(call: TlObjectNode, layer: LayerReference): ParamReference[] {
  const method = call.name ? layer.findMethod(call.name.name) : undefined
  if (!method) return []
  const given = new Set(call.properties.map((property) => property.name))
  return method.params.filter(
    (param) =>
      !param.optional && !param.isFlags && param.name !== 'random_id' && !given.has(param.name) && hasScratchpadDefault(param, method, 'cell'),
  )
}

function resolveReference(reference: ReferenceNode, results: ResultLookup | undefined): unknown {
  const found = results?.lookup(reference.target)
  if (!found?.found) {
    const name = reference.target === 'last' ? '$last' : `$${reference.target}`
    throw new RequestValueError(reference.targetRange, 'unresolved-reference', `There is no result ${name} yet: results are numbered by the calls run so far.`)
  }
  return followReferencePath(found.value, reference)
}

/** What a cell's `$n` references miss among the results bound so far: shown before the cell runs. */
export function missingResultDiagnostics(text: string, results: ResultLookup, layer?: LayerReference): RequestDiagnostic[] {
  const plan = planCell(text, { results, ...(layer ? { layer } : {}) })
  return plan.diagnostics.filter((diagnostic) => RESULT_REFERENCE_CODES.has(diagnostic.code))
}

/** A `$n` that is not bound, and a path into a bound result that leads nowhere. */
const RESULT_REFERENCE_CODES: ReadonlySet<string> = new Set(['unknown-result', 'unresolved-reference'])

function sortByPosition(diagnostics: RequestDiagnostic[]): RequestDiagnostic[] {
  return diagnostics.sort((a, b) => a.range.start - b.range.start)
}

// ---- the dangerous-method gate

export interface DangerConfirmation {
  /** The account the cell would run as, as the user knows it (`@alice`, `+1 555 0100`). */
  account: string
  methods: DangerousMethod[]
  /** The modal's message, naming the account. */
  message: string
  /** One line per method, saying what it does. */
  detail: string
}

/** The confirmation a plan needs before it runs, or undefined when it calls nothing dangerous. */
export function dangerConfirmation(plan: CellPlan, account: string): DangerConfirmation | undefined {
  const methods = [...new Map(plan.calls.flatMap((call) => (call.danger ? [[call.method, call.danger] as const] : []))).values()]
  if (methods.length === 0) return undefined
  const names = methods.map((method) => method.method).join(', ')
  return {
    account,
    methods,
    message: `Run ${names} as ${account}? This cannot be undone.`,
    detail: methods.map((method) => `${method.method} ${method.consequence}.`).join('\n'),
  }
}

/**
 * Asks `confirm` (a modal in VS Code) before every run of a plan that calls a dangerous method;
 * true when the plan may run. Nothing is remembered between runs: each run asks again.
 */
export async function passDangerGate(
  plan: CellPlan,
  account: string,
  confirm: (confirmation: DangerConfirmation) => Promise<boolean>,
): Promise<boolean> {
  const confirmation = dangerConfirmation(plan, account)
  return confirmation === undefined ? true : await confirm(confirmation)
}
