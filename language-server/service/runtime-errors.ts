/**
 * Diagnostics for RPC errors Telegram answered when the notebook ran a call: the error's name, its
 * known meaning, and what to do about it.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types'
import type { LayerReference, RpcErrorMatch } from '../../schema/layer/reference'
import type { RuntimeErrorParams } from '../protocol'

export const RUNTIME_ERROR_SOURCE = 'telegram'

/** Diagnostic messages are plain text: keep link text, drop Markdown emphasis and code marks. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]/g, '')
    .replace(/\s*\n+\s*/g, ' ')
    .trim()
}

function advice(match: RpcErrorMatch): { text: string; severity: DiagnosticSeverity } {
  // The client follows *_MIGRATE_X to the named data center and repeats the call itself.
  if (match.code === 303 || /_MIGRATE$/.test(match.name)) {
    const where = match.value !== undefined ? ` to DC ${match.value}` : ''
    return { text: `The client moved${where} and repeated the call; nothing to do.`, severity: DiagnosticSeverity.Information }
  }
  if (match.code === 420 || match.valueName === 'seconds' || /_WAIT$/.test(match.name)) {
    const wait = match.value !== undefined ? `${match.value} second${match.value === 1 ? '' : 's'}` : 'the time Telegram asks'
    return { text: `Wait ${wait} before running it again.`, severity: DiagnosticSeverity.Warning }
  }
  return { text: '', severity: DiagnosticSeverity.Error }
}

/**
 * The method a failed call invoked, read from its text: a cell's `messages.getHistory(...)` or a
 * source file's `{ _: 'messages.getHistory', ... }`.
 */
export function calledMethod(callText: string): string | undefined {
  return /^\s*([a-zA-Z][\w.]*)\s*\(/.exec(callText)?.[1] ?? /\b_\s*:\s*['"]([a-zA-Z][\w.]*)['"]/.exec(callText)?.[1]
}

/** @param method the method the failed call invoked, whose own documentation of the error wins */
export function runtimeErrorDiagnostic(layer: LayerReference, params: RuntimeErrorParams, method?: string): Diagnostic {
  const { code, message } = params.error
  const match = layer.lookupError(message, method)
  const diagnostic: Diagnostic = {
    range: params.range,
    severity: DiagnosticSeverity.Error,
    source: RUNTIME_ERROR_SOURCE,
    code: message,
    codeDescription: { href: 'https://core.telegram.org/api/errors' },
    message: '',
  }
  if (!match) {
    diagnostic.message = `Telegram answered ${message} (${code}). No description is known for this error.`
    return diagnostic
  }
  const { text, severity } = advice(match)
  const description = match.description ? plainText(match.description) : ''
  const sentence = description && !/[.!?]$/.test(description) ? `${description}.` : description
  const parts = [`Telegram answered ${message} (${code})${sentence ? `: ${sentence}` : '.'}`]
  if (text) parts.push(text)
  diagnostic.message = parts.join(' ')
  diagnostic.severity = severity
  return diagnostic
}
