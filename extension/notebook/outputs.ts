/**
 * What a cell shows after it runs. A result is one output in three mimetypes, so the user can pick:
 *   - the renderer's tree (TL_TREE_MIME): constructors, exact longs, bytes as hex, dates as ISO;
 *   - `application/json`: the TL object with bigint as decimal strings and bytes as hex;
 *   - `text/plain`: Telethon's `stringify()` form, as the seed docs print it:
 *
 *         Pong(
 *             msg_id=781875678118,
 *             ping_id=48641868471
 *         )
 *
 * An RPC error is shown with its code, name and value, the description the layer knows, and what to
 * do. Credentials are removed from results before any of these is made (./secrets.ts), since
 * outputs are saved with the notebook.
 */
import { getLayer, type LayerReference, type ParamReference } from '../../schema/layer/reference'
import type { RequestDiagnostic } from '../../schema/request'
import { hostDefinitionName, hostFieldName } from '../../language-server/calls'
import { parseErrorMessage } from '../mtproto/errors/rpc-error'
import { TL_TREE_MIME, type RenderNode, type TlTreeOutput } from '../../webview/notebook-renderer/render-data'
import type { CellOutput, OutputItem } from './format'
import { PYTHON_NONE, pythonBool, pythonBytes, pythonFloat, pythonString, pythonUtcDatetime } from './python-repr'
import { redactValue } from './secrets'

export { TL_TREE_MIME }
export const JSON_MIME = 'application/json'
export const TEXT_MIME = 'text/plain'
/** VS Code's own error output: `{ name, message, stack }`. */
export const ERROR_MIME = 'application/vnd.code.notebook.error'

/** Bytes beyond this are left out of the tree (the JSON output keeps them all). */
export const TREE_BYTES_SHOWN = 4096

// ---- dates

/**
 * Whether an `int` field holds a Unix time. The rule Telethon's generator uses, so stringify shows
 * a datetime exactly where Telethon does: `date`, `edit_date`, `until_date`, `since`, `expires`...
 */
export function isDateField(name: string, type: string): boolean {
  return type === 'int' && (/(\b|_)(date|until|since)(\b|_)/.test(name) || ['expires', 'expires_at', 'was_online'].includes(name))
}

// ---- walking a TL value with the layer's types

type ValueType = string | undefined

interface Field {
  name: string
  value: unknown
  /** The element type from the layer (`int`, `long`, `bytes`, `User`), when known. */
  type: ValueType
  param?: ParamReference
}

/** The fields of a TL object: the layer's parameters in order (no `#` fields), then any others. */
function fieldsOf(object: Record<string, unknown> & { _: string }, layer: LayerReference, complete: boolean): Field[] {
  const definition = layer.findConstructor(object._) ?? layer.findMethod(object._)
  const fields: Field[] = []
  const seen = new Set(['_'])
  for (const param of definition?.params ?? []) {
    seen.add(param.name)
    if (param.isFlags) continue
    const value = object[param.name]
    if (value === undefined && !complete) continue
    fields.push({ name: param.name, value, type: param.elementType, param })
  }
  for (const [name, value] of Object.entries(object)) {
    if (!seen.has(name) && value !== undefined) fields.push({ name, value, type: undefined })
  }
  return fields
}

function isTlObject(value: unknown): value is Record<string, unknown> & { _: string } {
  return value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && typeof (value as { _?: unknown })._ === 'string'
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

// ---- application/json

/** The value as JSON: bigint as decimal strings, bytes as lowercase hex, two-space indentation. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString()
    if (item instanceof Uint8Array) return hex(item)
    return item
  }, 2)
}

// ---- text/plain: Telethon's stringify()

const INDENT = '    '

/** Telethon's class name for a constructor: `messages.messagesSlice` → `MessagesSlice`. */
function telethonClassName(constructor: string): string {
  const name = hostDefinitionName(constructor, 'constructor', 'telethon')
  return name.slice(name.lastIndexOf('.') + 1)
}

/**
 * The value as Telethon's `stringify()` prints it: every field of each object in definition order,
 * absent optional fields as None (False for flag bits), dates as UTC datetimes.
 */
export function stringify(value: unknown, layer: LayerReference = getLayer()): string {
  return new Stringifier(layer).value(value, undefined, undefined, 0)
}

class Stringifier {
  constructor(private readonly layer: LayerReference) {}

  value(value: unknown, type: ValueType, name: string | undefined, depth: number): string {
    if (value === undefined || value === null) return type === 'true' ? pythonBool(false) : PYTHON_NONE
    if (Array.isArray(value)) {
      const inner = INDENT.repeat(depth + 1)
      const items = value.map((item) => `${inner}${this.value(item, type, name, depth + 1)},\n`).join('')
      return `[\n${items}${INDENT.repeat(depth)}]`
    }
    if (isTlObject(value)) return this.object(value, depth)
    if (value instanceof Uint8Array) return pythonBytes(value)
    switch (typeof value) {
      case 'string':
        return pythonString(value)
      case 'boolean':
        return pythonBool(value)
      case 'bigint':
        return value.toString()
      case 'number':
        if (type === 'double') return pythonFloat(value)
        if (name !== undefined && type !== undefined && isDateField(name, type)) return pythonUtcDatetime(value)
        return Number.isInteger(value) ? String(value) : pythonFloat(value)
      default:
        return pythonString(String(value))
    }
  }

  object(object: Record<string, unknown> & { _: string }, depth: number): string {
    // Telethon pops the last ",\n" and closes on a new line, so an empty object reads `Name(\n<indent>)`.
    const inner = INDENT.repeat(depth + 1)
    const fields = fieldsOf(object, this.layer, true).map(
      (field) => `${inner}${hostFieldName(field.name, 'telethon')}=${this.value(field.value, field.type, field.name, depth + 1)}`,
    )
    const body = fields.length > 0 ? `\n${fields.join(',\n')}\n` : '\n'
    return `${telethonClassName(object._)}(${body}${INDENT.repeat(depth)})`
  }
}

// ---- the renderer's tree

export function toRenderTree(value: unknown, layer: LayerReference = getLayer()): RenderNode {
  return renderNode(value, undefined, undefined, layer)
}

function renderNode(value: unknown, type: ValueType, name: string | undefined, layer: LayerReference): RenderNode {
  if (value === undefined || value === null) return { kind: 'null' }
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => renderNode(item, type, name, layer)) }
  if (isTlObject(value)) {
    return {
      kind: 'object',
      type: value._,
      fields: fieldsOf(value, layer, false).map((field) => ({ name: field.name, value: renderNode(field.value, field.type, field.name, layer) })),
    }
  }
  if (value instanceof Uint8Array) return { kind: 'bytes', hex: hex(value.subarray(0, TREE_BYTES_SHOWN)), length: value.length }
  switch (typeof value) {
    case 'bigint':
      return { kind: 'long', value: value.toString() }
    case 'boolean':
      return { kind: 'bool', value }
    case 'string':
      return { kind: 'string', value }
    case 'number': {
      if (type === 'double' || !Number.isInteger(value)) return { kind: 'double', value }
      if (name !== undefined && isDateField(name, type ?? 'int')) return { kind: 'int', value, date: new Date(value * 1000).toISOString() }
      return { kind: 'int', value }
    }
    default:
      return { kind: 'null' }
  }
}

// ---- whole outputs

export interface ResultContext {
  /** The number the result was bound to (`$3`). */
  binding?: number
  method?: string
  layer?: LayerReference
}

/** One output holding a result in the tree, JSON and stringify mimetypes, credentials removed. */
export function resultOutput(result: unknown, context: ResultContext = {}): CellOutput {
  const layer = context.layer ?? getLayer()
  const value = redactValue(result)
  const tree: TlTreeOutput = { version: 1, root: toRenderTree(value, layer) }
  if (context.binding !== undefined) tree.binding = `$${context.binding}`
  if (context.method !== undefined) tree.method = context.method
  const items: OutputItem[] = [
    { mime: TL_TREE_MIME, data: JSON.stringify(tree) },
    { mime: JSON_MIME, data: toJson(value) },
    { mime: TEXT_MIME, data: stringify(value, layer) },
  ]
  const output: CellOutput = { items }
  if (context.binding !== undefined) output.metadata = { binding: `$${context.binding}` }
  return output
}

// ---- errors

export interface RpcErrorReport {
  /** 400, 420, 303... */
  code: number
  /** As Telegram sent it: `FLOOD_WAIT_30`. */
  message: string
  /** Without its number: `FLOOD_WAIT`. */
  name: string
  /** The number the message carries: seconds, a DC id. */
  value?: number
  method?: string
  /** The known description, Markdown, when the layer has one. */
  description?: string
  /** What to do about it; empty when there is nothing general to say. */
  advice: string
}

/** Describes an RPC error with the layer's catalog; the failing method's own documentation wins. */
export function describeRpcError(error: { code: number; message: string }, method?: string, layer: LayerReference = getLayer()): RpcErrorReport {
  const match = layer.lookupError(error.message, method)
  const parsed = parseErrorMessage(error.message)
  const report: RpcErrorReport = { code: error.code, message: error.message, name: match?.name ?? parsed.name, advice: '' }
  const value = match?.value ?? parsed.value
  if (value !== undefined) report.value = value
  if (method !== undefined) report.method = method
  if (match?.description) report.description = match.description
  report.advice = adviceFor(report, match?.valueName)
  return report
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function adviceFor(report: RpcErrorReport, valueName: string | undefined): string {
  const { code, name, value } = report
  if (code === 303 || name.endsWith('_MIGRATE')) {
    return `Handled automatically: the client moved${value !== undefined ? ` to DC ${value}` : ''} and repeated the call.`
  }
  if (code === 420 || name.endsWith('_WAIT') || valueName === 'seconds') {
    return `Wait ${value !== undefined ? plural(value, 'second') : 'the time Telegram asks'} before running the cell again.`
  }
  if (code === 401) return 'This session is no longer signed in: sign in to the account again.'
  if (code === 403) return 'This account may not do this here: it lacks a right, or a privacy setting forbids it.'
  if (code === 406) return 'Telegram refuses this for this account; running it again will not help.'
  if (code >= 500 || code < 0) return 'A failure on Telegram\'s side: the client retried; run the cell again later.'
  if (code === 400) return 'Change the parameters of the call: the description says which one is wrong.'
  return ''
}

/** Markdown descriptions keep their link text in plain-text outputs. */
function plainText(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*`]/g, '').replace(/\s*\n+\s*/g, ' ').trim()
}

/** The text of an RPC error, as the error output and the terminal runner show it. */
export function rpcErrorText(report: RpcErrorReport): string {
  const head = `${report.message} (${report.code})${report.method ? ` from ${report.method}` : ''}`
  const lines = [head]
  lines.push(report.description ? plainText(report.description) : 'No description is known for this error.')
  if (report.advice) lines.push(report.advice)
  return lines.join('\n')
}

/** An RPC error as VS Code's error output, with the structured report alongside as JSON. */
export function rpcErrorOutput(report: RpcErrorReport): CellOutput {
  const [head, ...rest] = rpcErrorText(report).split('\n')
  return {
    items: [
      { mime: ERROR_MIME, data: JSON.stringify({ name: `RpcError ${head}`, message: rest.join('\n') }) },
      { mime: JSON_MIME, data: JSON.stringify(report, null, 2) },
    ],
  }
}

/** Local errors that stopped a cell, each with its line and column (1-based) in the cell. */
export function localErrorOutput(text: string, diagnostics: readonly RequestDiagnostic[]): CellOutput {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
  const lines = errors.map((diagnostic) => {
    const before = text.slice(0, diagnostic.range.start).split('\n')
    return `${before.length}:${before.at(-1)!.length + 1}  ${diagnostic.message}`
  })
  const name = `The cell was not run: ${plural(errors.length, 'error')}`
  return { items: [{ mime: ERROR_MIME, data: JSON.stringify({ name, message: lines.join('\n') }) }] }
}
