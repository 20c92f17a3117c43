/**
 * Semantic tokens for .tl files, on top of the TextMate grammar's colouring: which names are
 * constructors, methods, types, parameters, generics and built-ins, which only a parse can tell.
 */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types'
import type { SourceText } from './source-text'
import type { OccurrenceRole } from './tl-file'
import type { TlWorkspace } from './workspace'

const tokenTypes = ['class', 'function', 'type', 'parameter', 'typeParameter', 'number', 'keyword', 'property'] as const
const tokenModifiers = ['declaration', 'defaultLibrary'] as const

type TokenType = (typeof tokenTypes)[number]
type TokenModifier = (typeof tokenModifiers)[number]

export const tlSemanticTokensLegend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] }

interface Token {
  start: number
  length: number
  type: TokenType
  modifiers: TokenModifier[]
}

const typeIndex = new Map<TokenType, number>(tokenTypes.map((type, index) => [type, index]))
const modifierBit = new Map<TokenModifier, number>(tokenModifiers.map((modifier, index) => [modifier, 1 << index]))

function roleToken(role: OccurrenceRole, definitionKind: 'constructor' | 'method', bare: boolean): Pick<Token, 'type' | 'modifiers'> {
  switch (role) {
    case 'definition':
      return { type: definitionKind === 'method' ? 'function' : 'class', modifiers: ['declaration'] }
    case 'result':
    case 'type-reference':
      return { type: bare ? 'class' : 'type', modifiers: [] }
    case 'builtin':
      return { type: 'type', modifiers: ['defaultLibrary'] }
    case 'parameter':
      return { type: 'parameter', modifiers: ['declaration'] }
    case 'generic':
      return { type: 'typeParameter', modifiers: ['declaration'] }
    case 'generic-reference':
      return { type: 'typeParameter', modifiers: [] }
    case 'flags-field':
      return { type: 'property', modifiers: [] }
  }
}

export function tlSemanticTokens(workspace: TlWorkspace, source: SourceText): SemanticTokens {
  const file = workspace.file(source)
  const tokens: Token[] = []
  for (const occurrence of file.occurrences) {
    const bare = occurrence.symbol?.kind === 'constructor'
    tokens.push({ start: occurrence.range.start, length: occurrence.range.end - occurrence.range.start, ...roleToken(occurrence.role, occurrence.definition.kind, bare) })
  }
  for (const definition of file.document.definitions) {
    if (definition.idRange) {
      tokens.push({ start: definition.idRange.start, length: definition.idRange.end - definition.idRange.start, type: 'number', modifiers: [] })
    }
    for (const param of definition.params) {
      const condition = param.condition
      if (!condition) continue
      // The bit sits between `field.` and `?`.
      const start = condition.range.start + condition.field.length + 1
      tokens.push({ start, length: condition.range.end - 1 - start, type: 'number', modifiers: [] })
    }
  }
  for (const marker of file.text.matchAll(/^---\w+---/gm)) {
    tokens.push({ start: marker.index, length: marker[0].length, type: 'keyword', modifiers: [] })
  }
  tokens.sort((a, b) => a.start - b.start)

  // Each token is five numbers, relative to the previous token (LSP semantic tokens encoding).
  const data: number[] = []
  let previousLine = 0
  let previousCharacter = 0
  for (const token of tokens) {
    const { line, character } = source.positionAt(token.start)
    const deltaLine = line - previousLine
    data.push(deltaLine, deltaLine === 0 ? character - previousCharacter : character, token.length, typeIndex.get(token.type)!, token.modifiers.reduce((bits, modifier) => bits | modifierBit.get(modifier)!, 0))
    previousLine = line
    previousCharacter = character
  }
  return { data }
}
