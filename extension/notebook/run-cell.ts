/**
 * Runs one scratchpad cell against a client, from its text to its outputs, with no editor involved:
 * the VS Code controller and the terminal runner both call `runCell`.
 *
 *   text ─ planCell ─▶ calls ─ danger gate ─▶ peers resolved ─ invoke ─▶ results bound to $n ─▶ outputs
 *
 * One call is one request; several go out in one container, or one after another under `// ordered`.
 * Each successful call binds the next `$n`, in the order the calls are written; failed calls bind
 * nothing. RPC errors come back with the call's range, for the language server's diagnostic.
 */
import type { SourceRange, TlObject } from '../../schema/request'
import { getLayer, type LayerReference } from '../../schema/layer/reference'
import { MultiError, RpcError, getInputChannel, getInputUser, type EntityLike } from '../mtproto'
import { RequestTimeoutError } from '../mtproto/errors/protocol-errors'
import type { TlTypes } from '../mtproto'
import type { CellOutput } from './format'
import { describeRpcError, ERROR_MIME, localErrorOutput, resultOutput, rpcErrorOutput, type RpcErrorReport } from './outputs'
import { resolvePeerValues, type PeerValue } from './peer-values'
import { passDangerGate, planCell, type CellPlan, type DangerConfirmation, type PlannedCall } from './plan'
import type { ResultStore } from './results'

/** What the runner needs of a client: TelegramClient has it (see `scratchpadClient`). */
export interface ScratchpadClient {
  /** One request, or several in one container (`ordered`: one after another). */
  invoke(request: TlObject | TlObject[], options: { signal?: AbortSignal; ordered?: boolean }): Promise<unknown>
  resolvePeer(peer: EntityLike): Promise<TlTypes['InputPeer']>
}

export interface RunCellOptions {
  client: ScratchpadClient
  /** The notebook's results: read for `$n` references, and bound with this cell's results. */
  results: ResultStore
  /** The account as the user knows it, named in the dangerous-method confirmation. */
  account: string
  accountKind?: 'user' | 'bot'
  /** Asked before every run of a dangerous method; without it, such a cell is declined. */
  confirm?: (confirmation: DangerConfirmation) => Promise<boolean>
  /** Interrupting the cell aborts the request in flight. */
  signal?: AbortSignal
  layer?: LayerReference
}

/** An RPC error of one call, placed on that call in the cell. */
export interface RuntimeErrorReport {
  range: SourceRange
  error: { code: number; message: string }
}

export interface CallOutcome {
  call: PlannedCall
  /** Set when the call succeeded; `binding` is its `$n`. */
  result?: unknown
  binding?: number
  /** Set when the call failed. */
  error?: Error
  /** Set when the error was Telegram's. */
  rpc?: RpcErrorReport
}

export type CellRun =
  /** Nothing to run: comments only. */
  | { status: 'empty'; outputs: [] }
  /** A local error stopped the cell before anything was sent. */
  | { status: 'invalid'; plan: CellPlan; outputs: CellOutput[] }
  /** The user did not confirm a dangerous method. */
  | { status: 'declined'; outputs: CellOutput[] }
  /** Interrupted: the request was aborted and nothing was bound. */
  | { status: 'cancelled'; outputs: CellOutput[] }
  /** Sent; `ok` is false when any call failed. */
  | { status: 'done'; ok: boolean; calls: CallOutcome[]; outputs: CellOutput[]; runtimeErrors: RuntimeErrorReport[] }

/** A peer-like value the client could not turn into an input peer: a local error on that parameter. */
export class PeerValueError extends Error {
  override readonly name = 'PeerValueError'
  constructor(
    readonly peer: PeerValue,
    cause: unknown,
  ) {
    super(`${peer.path}: cannot resolve ${JSON.stringify(String(peer.value))} to ${article(peer.type)} ${peer.type}: ${(cause as Error).message ?? String(cause)}`, { cause })
  }
}

function article(word: string): string {
  return /^[AEIOU]/.test(word) ? 'an' : 'a'
}

/** TelegramClient as the runner sees it; its invoke is typed per method, the cell's requests are not. */
export function scratchpadClient(client: { invoke: unknown; resolvePeer(peer: EntityLike): Promise<TlTypes['InputPeer']> }): ScratchpadClient {
  return {
    invoke: (request, options) => (client.invoke as (request: unknown, options: unknown) => Promise<unknown>).call(client, request, options),
    resolvePeer: (peer) => client.resolvePeer(peer),
  }
}

export async function runCell(text: string, options: RunCellOptions): Promise<CellRun> {
  const layer = options.layer ?? getLayer()
  const plan = planCell(text, { results: options.results, layer, ...(options.accountKind ? { accountKind: options.accountKind } : {}) })
  if (!plan.runnable) return { status: 'invalid', plan, outputs: [localErrorOutput(text, plan.diagnostics)] }
  if (plan.calls.length === 0) return { status: 'empty', outputs: [] }

  const allowed = await passDangerGate(plan, options.account, options.confirm ?? (async () => false))
  if (!allowed) {
    const names = plan.calls.filter((call) => call.danger).map((call) => call.method).join(', ')
    return { status: 'declined', outputs: [messageOutput('Not run', `${names} was not confirmed for ${options.account}.`)] }
  }

  const cancelled = (): CellRun => ({ status: 'cancelled', outputs: [messageOutput('Cancelled', 'The cell was interrupted; its request was abandoned.')] })
  if (options.signal?.aborted) return cancelled()

  let requests: TlObject[]
  try {
    requests = await Promise.all(plan.calls.map((call) => resolvePeerValues(call.request, (peer) => resolvePeer(options.client, peer), layer)))
  } catch (error) {
    if (options.signal?.aborted) return cancelled()
    if (error instanceof PeerValueError) return { status: 'done', ok: false, calls: [], outputs: [messageOutput('The cell was not run: a peer was not found', error.message)], runtimeErrors: [] }
    throw error
  }
  if (options.signal?.aborted) return cancelled()

  let settled: { result?: unknown; error?: Error }[]
  try {
    settled = await send(options.client, plan, requests, options.signal)
  } catch (error) {
    if (options.signal?.aborted) return cancelled()
    throw error
  }
  if (options.signal?.aborted) return cancelled()

  const calls: CallOutcome[] = []
  const outputs: CellOutput[] = []
  const runtimeErrors: RuntimeErrorReport[] = []
  plan.calls.forEach((call, index) => {
    const { result, error } = settled[index]!
    if (error === undefined) {
      const binding = options.results.bind(result)
      calls.push({ call, result, binding })
      outputs.push(resultOutput(result, { binding, method: call.method, layer }))
    } else if (error instanceof RpcError) {
      const rpc = describeRpcError(error, call.method, layer)
      calls.push({ call, error, rpc })
      outputs.push(rpcErrorOutput(rpc))
      runtimeErrors.push({ range: call.range, error: { code: error.code, message: error.message } })
    } else {
      calls.push({ call, error })
      outputs.push(failureOutput(error, call.method))
    }
  })
  return { status: 'done', ok: runtimeErrors.length === 0 && calls.every((outcome) => !outcome.error), calls, outputs, runtimeErrors }
}

/**
 * The number a cell shows in its gutter: the `$n` of its first result, so a cell showing [3] is the
 * one `$3` names (a cell of several calls binds the numbers after it too; each output says which).
 * A cell that bound nothing shows no number, as there is no `$n` to read.
 */
export function executionOrderOf(run: CellRun): number | undefined {
  if (run.status !== 'done') return undefined
  return run.calls.find((outcome) => outcome.binding !== undefined)?.binding
}

async function resolvePeer(client: ScratchpadClient, peer: PeerValue): Promise<TlObject> {
  try {
    const input = await client.resolvePeer(peer.value)
    if (peer.type === 'InputUser') return getInputUser(input)
    if (peer.type === 'InputChannel') return getInputChannel(input)
    return input
  } catch (error) {
    throw new PeerValueError(peer, error)
  }
}

/** Sends the plan's requests and settles each one: a batch that partly fails still shows what worked. */
async function send(client: ScratchpadClient, plan: CellPlan, requests: TlObject[], signal: AbortSignal | undefined): Promise<{ result?: unknown; error?: Error }[]> {
  const options = signal ? { signal } : {}
  if (plan.mode === 'single') {
    try {
      return [{ result: await client.invoke(requests[0]!, options) }]
    } catch (error) {
      if (signal?.aborted) throw error
      return [{ error: asError(error) }]
    }
  }
  try {
    const results = (await client.invoke(requests, { ...options, ordered: plan.mode === 'ordered' })) as unknown[]
    return results.map((result) => ({ result }))
  } catch (error) {
    if (signal?.aborted) throw error
    if (!(error instanceof MultiError)) return requests.map(() => ({ error: asError(error) }))
    return error.requests.map((_, index) => (error.errors[index] ? { error: error.errors[index] } : { result: error.results[index] }))
  }
}

/**
 * A call that failed without an answer from Telegram. A timeout gets a word on what it means: the
 * request may have reached the server before the connection dropped, so it may have taken effect.
 */
function failureOutput(error: Error, method: string): CellOutput {
  if (error instanceof RequestTimeoutError) {
    return messageOutput(
      `No answer to ${method}`,
      `${error.message}: the connection may have dropped while it ran. Telegram may still have carried it out; check before running it again.`,
    )
  }
  return messageOutput(`${error.name} from ${method}`, error.message)
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/** A plain message in VS Code's error output: a title and a line or two. */
export function messageOutput(name: string, message: string): CellOutput {
  return { items: [{ mime: ERROR_MIME, data: JSON.stringify({ name, message }) }] }
}
