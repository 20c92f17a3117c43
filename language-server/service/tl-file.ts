/**
 * One parsed .tl file and an index of every name in it: what each name is (a definition, a type
 * reference, a parameter, a flags field...) and which schema entry it stands for. Hover, navigation
 * and semantic tokens all start by asking "what is at this offset?".
 */
import type { Definition, Param, SourceRange, TlDocument, TypeExpr } from '../../schema/tl/ast'
import { parseTl } from '../../schema/tl/parser'
import { builtinTypes } from '../../schema/tl/validate'
import type { SourceText } from './source-text'

/** A schema entry a name can stand for. Types and constructors live in different namespaces. */
export interface SchemaSymbol {
  kind: 'type' | 'constructor' | 'method'
  name: string
}

export type OccurrenceRole =
  /** The name of a definition: `inputPeerSelf` in `inputPeerSelf#7da07ec9 = InputPeer;` */
  | 'definition'
  /** A constructor's result, the type it builds. */
  | 'result'
  /** Any other reference to a type or a bare constructor. */
  | 'type-reference'
  | 'builtin'
  | 'parameter'
  /** `X` in `{X:Type}` */
  | 'generic'
  | 'generic-reference'
  /** `flags` in `flags.3?` */
  | 'flags-field'

export interface Occurrence {
  /** The name only, without `%`, `!` or type arguments. */
  range: SourceRange
  role: OccurrenceRole
  name: string
  definition: Definition
  param?: Param
  /** The schema entry the name stands for; absent for parameters, generics and built-ins. */
  symbol?: SchemaSymbol
}

export function sameSymbol(a: SchemaSymbol, b: SchemaSymbol): boolean {
  return a.kind === b.kind && a.name === b.name
}

/** The symbol a type expression names: a lowercase last segment is a bare constructor (`future_salt`). */
function typeSymbol(type: TypeExpr): SchemaSymbol {
  return { kind: type.bare && !type.percent ? 'constructor' : 'type', name: type.name }
}

export class TlFile {
  readonly document: TlDocument
  /** Sorted by start offset. */
  readonly occurrences: Occurrence[] = []

  readonly uri: string
  readonly text: string
  /** The version parsed; the source object itself may have moved on, as editors update documents in place. */
  readonly version: number

  constructor(readonly source: SourceText) {
    this.uri = source.uri
    this.version = source.version
    this.text = source.getText()
    this.document = parseTl(this.text)
    for (const definition of this.document.definitions) this.index(definition)
  }

  private index(definition: Definition): void {
    const add = (occurrence: Occurrence) => this.occurrences.push(occurrence)
    const generics = new Set(definition.generics.map((generic) => generic.name))
    add({ range: definition.nameRange, role: 'definition', name: definition.name, definition, symbol: { kind: definition.kind, name: definition.name } })
    for (const generic of definition.generics) {
      // `{X:Type}`: the name starts right after the brace.
      const start = generic.range.start + 1
      add({ range: { start, end: start + generic.name.length }, role: 'generic', name: generic.name, definition })
    }
    const visitType = (type: TypeExpr, param: Param | undefined, role: 'result' | 'type-reference') => {
      const start = type.range.start + (type.bang || type.percent ? 1 : 0)
      const range = { start, end: start + type.name.length }
      const occurrence: Occurrence = { range, role, name: type.name, definition }
      if (param) occurrence.param = param
      if (generics.has(type.name)) occurrence.role = 'generic-reference'
      else if (builtinTypes.has(type.name)) occurrence.role = 'builtin'
      else occurrence.symbol = typeSymbol(type)
      add(occurrence)
      for (const argument of type.args) visitType(argument, param, 'type-reference')
    }
    for (const param of definition.params) {
      add({ range: param.nameRange, role: 'parameter', name: param.name, definition, param })
      if (param.condition) {
        const start = param.condition.range.start
        const range = { start, end: start + param.condition.field.length }
        add({ range, role: 'flags-field', name: param.condition.field, definition, param })
      }
      visitType(param.type, param, 'type-reference')
    }
    visitType(definition.result, undefined, definition.kind === 'constructor' ? 'result' : 'type-reference')
  }

  /** The name under the cursor; a cursor just after a name still counts as on it. */
  at(offset: number): Occurrence | undefined {
    const occurrences = this.occurrences
    let low = 0
    let high = occurrences.length - 1
    while (low <= high) {
      const middle = (low + high) >> 1
      const occurrence = occurrences[middle]!
      if (occurrence.range.end < offset) low = middle + 1
      else if (occurrence.range.start > offset) high = middle - 1
      else return occurrence
    }
    return undefined
  }

  /** The definitions a symbol resolves to here: a constructor or method by name, a type by its constructors. */
  definitionsOf(symbol: SchemaSymbol): Definition[] {
    return this.document.definitions.filter((definition) =>
      symbol.kind === 'type'
        ? definition.kind === 'constructor' && definition.result.name === symbol.name
        : definition.kind === symbol.kind && definition.name === symbol.name,
    )
  }

  referencesTo(symbol: SchemaSymbol): Occurrence[] {
    return this.occurrences.filter((occurrence) => occurrence.symbol !== undefined && sameSymbol(occurrence.symbol, symbol))
  }

  /** The boxed types this file's constructors build. */
  definedTypes(): Set<string> {
    const names = new Set<string>()
    for (const definition of this.document.definitions) {
      if (definition.kind === 'constructor') names.add(definition.result.name)
    }
    return names
  }
}
