/**
 * Diagnostics of .tl files (the parser's, then validateTl's against the bundled layer's names) and
 * their quick fixes: write the computed id, or replace an unknown type by a close known one.
 */
import { type CodeAction, CodeActionKind, type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types'
import type { TlDiagnostic } from '../../schema/tl/ast'
import { formatId } from '../../schema/tl/printer'
import { ValidationCode, validateTl } from '../../schema/tl/validate'
import { type SourceText, toRange } from './source-text'
import type { TlWorkspace } from './workspace'

export const TL_DIAGNOSTIC_SOURCE = 'tl'

function toDiagnostic(source: SourceText, diagnostic: TlDiagnostic): Diagnostic {
  const result: Diagnostic = {
    range: toRange(source, diagnostic.range),
    severity: diagnostic.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: diagnostic.code,
    source: TL_DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  }
  if (diagnostic.data) result.data = diagnostic.data
  return result
}

export function tlDiagnostics(workspace: TlWorkspace, source: SourceText): Diagnostic[] {
  const file = workspace.file(source)
  const semantic = validateTl(file.document, { externalTypes: workspace.knownLayerNames() })
  return [...file.document.diagnostics, ...semantic].map((diagnostic) => toDiagnostic(source, diagnostic))
}

const MAX_SUGGESTIONS = 3

/** Known type names close to an unknown one, best first. */
export function similarTypeNames(workspace: TlWorkspace, name: string): string[] {
  return workspace.layer
    .search(name, 40)
    .filter((hit) => hit.value.kind === 'type')
    .slice(0, MAX_SUGGESTIONS)
    .map((hit) => hit.value.name)
}

/** Quick fixes for the diagnostics the editor passes back with a code action request. */
export function tlCodeActions(workspace: TlWorkspace, source: SourceText, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = []
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== TL_DIAGNOSTIC_SOURCE) continue
    const fix = (title: string, newText: string, preferred: boolean) => {
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: preferred,
        edit: { changes: { [source.uri]: [{ range: diagnostic.range, newText }] } },
      })
    }
    if (diagnostic.code === ValidationCode.idMismatch) {
      const computedId = (diagnostic.data as { computedId?: unknown } | undefined)?.computedId
      if (typeof computedId === 'number') fix(`Write the computed id #${formatId(computedId)}`, `#${formatId(computedId)}`, true)
    } else if (diagnostic.code === ValidationCode.unknownType) {
      const written = source.getText(diagnostic.range)
      const name = written.replace(/^[%!]/, '')
      const prefix = written.slice(0, written.length - name.length)
      similarTypeNames(workspace, name).forEach((suggestion, index) => {
        fix(`Change to '${suggestion}'`, prefix + suggestion, index === 0)
      })
    }
  }
  return actions
}
