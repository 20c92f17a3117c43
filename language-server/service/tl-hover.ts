/** Hover in .tl files: on definitions, type references, parameters, flags fields and built-ins. */
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types'
import type { Definition } from '../../schema/tl/ast'
import type { ConstructorReference, MethodReference } from '../../schema/layer/reference'
import { describeBuiltin, describeDefinition, describeParam, describeType, documentDefinition, type DocumentedDefinition, type TypeLookup } from './markdown'
import { type SourceText, toRange } from './source-text'
import type { TlFile } from './tl-file'
import type { TlWorkspace } from './workspace'

/** Spaces do not change a definition; compare layer and document text without them. */
function sameText(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ')
}

/**
 * The documentation of a definition written in a document: the bundled layer's entry when the
 * document says the same thing (api.tl itself, or a copy), otherwise what the document says.
 */
export function documentedDefinition(workspace: TlWorkspace, file: TlFile, definition: Definition): DocumentedDefinition {
  const text = file.text.slice(definition.range.start, definition.range.end)
  const section = workspace.sectionOf(file.uri)
  const layerEntry: ConstructorReference | MethodReference | undefined =
    definition.kind === 'constructor'
      ? workspace.layer.findConstructor(definition.name, section)
      : workspace.layer.findMethod(definition.name, section)
  return layerEntry && sameText(layerEntry.definition, text) ? layerEntry : documentDefinition(definition, file.text)
}

/** A constructor named as a bare type (`vector<future_salt>`): from the workspace files, else the layer. */
function documentedConstructor(workspace: TlWorkspace, file: TlFile, name: string): DocumentedDefinition | undefined {
  for (const candidate of [file, ...workspace.files()]) {
    const definition = candidate.definitionsOf({ kind: 'constructor', name })[0]
    if (definition) return documentedDefinition(workspace, candidate, definition)
  }
  return workspace.layer.findConstructor(name, workspace.sectionOf(file.uri))
}

export function tlHover(workspace: TlWorkspace, source: SourceText, position: Position): Hover | undefined {
  const file = workspace.file(source)
  const occurrence = file.at(source.offsetAt(position))
  if (!occurrence) return undefined
  const section = workspace.sectionOf(file.uri)
  const lookupType: TypeLookup = (name) => workspace.lookupType(name, section)

  let markdown: string | undefined
  switch (occurrence.role) {
    case 'definition':
      markdown = describeDefinition(documentedDefinition(workspace, file, occurrence.definition), lookupType)
      break
    case 'result':
    case 'type-reference': {
      const symbol = occurrence.symbol!
      if (symbol.kind === 'type') {
        const type = lookupType(symbol.name)
        if (type) markdown = describeType(type)
      } else {
        const constructor = documentedConstructor(workspace, file, symbol.name)
        if (constructor) markdown = describeDefinition(constructor, lookupType)
      }
      break
    }
    case 'builtin':
      markdown = describeBuiltin(occurrence.name)
      break
    case 'parameter':
    case 'flags-field': {
      const owner = documentedDefinition(workspace, file, occurrence.definition)
      const name = occurrence.role === 'flags-field' ? occurrence.name : occurrence.param!.name
      const param = owner.params.find((candidate) => candidate.name === name)
      if (param) markdown = describeParam(owner, param, lookupType)
      break
    }
    case 'generic':
    case 'generic-reference':
      markdown =
        '```tl\n{' + occurrence.name + ':Type}\n```\n\n**Generic parameter** of `' + occurrence.definition.name +
        '`: a `!' + occurrence.name + '` parameter holds a whole query, and the method returns that query\'s result.'
      break
  }
  if (!markdown) return undefined
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: toRange(source, occurrence.range) }
}
