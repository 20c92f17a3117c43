/**
 * The one Markdown renderer for TL entries. Hovers in .tl files, in notebook cells and in
 * TypeScript, JavaScript and Python calls, and completion documentation, all describe an entry
 * through these functions, so the reference reads the same wherever it appears.
 *
 * The inputs are structural: the bundled layer's references fit them as they are, and a definition
 * from the user's own .tl file is adapted by `documentDefinition`.
 */
import type { Definition } from '../../schema/tl/ast'
import type { Availability, LayerEntry, RpcErrorInfo } from '../../schema/layer/reference'
import { formatId } from '../../schema/tl/printer'

export interface DocumentedParam {
  name: string
  /** As written after any flag condition: `Vector<InputPeer>`. */
  type: string
  optional: boolean
  isFlags: boolean
  flag?: { field: string; bit: number }
  readonly description?: string | undefined
}

export interface DocumentedDefinition {
  kind: 'constructor' | 'method'
  name: string
  /** The TL text of the definition. */
  definition: string
  readonly description?: string | undefined
  params: readonly DocumentedParam[]
  /** A constructor's type. */
  type?: string
  /** A method's result as written, and the type inside any vector. */
  returns?: string
  returnType?: string
  availability?: Availability
  errors?: readonly RpcErrorInfo[]
  docsUrl?: string
}

export interface DocumentedType {
  name: string
  readonly description?: string | undefined
  constructors: readonly { name: string; definition: string }[]
  returnedBy?: readonly { name: string }[]
  acceptedBy?: readonly { name: string }[]
  docsUrl?: string
}

/** Finds the type a definition belongs to or returns, to list its constructors. */
export type TypeLookup = (name: string) => DocumentedType | undefined

const MAX_LISTED = 20
const MAX_ERRORS = 30
const MAX_CONSTRUCTOR_LINES = 12

/** Text for a Markdown table cell: one line, pipes escaped. */
function cell(text: string | undefined): string {
  if (!text) return ''
  return text.replace(/\s*\n+\s*/g, ' ').replace(/\|/g, '\\|').trim()
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``
}

function tlBlock(lines: readonly string[]): string {
  return ['```tl', ...lines, '```'].join('\n')
}

/** `a`, `b` and 3 more. */
function nameList(names: readonly string[], limit = MAX_LISTED): string {
  const shown = names.slice(0, limit).map(code).join(', ')
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown
}

const availabilityText: Record<Availability, string> = {
  user: 'users only',
  bot: 'bots only',
  both: 'users and bots',
  unknown: 'availability not documented yet',
}

function titleLine(kind: string, docsUrl: string | undefined, extra?: string): string {
  const parts = [`**${kind}**`]
  if (extra) parts.push(extra)
  if (docsUrl) parts.push(`[documentation](${docsUrl})`)
  return parts.join(' · ')
}

function parametersTable(params: readonly DocumentedParam[]): string | undefined {
  // A `#` field is written by the serializer from the optional parameters; callers never set it.
  const shown = params.filter((param) => !param.isFlags)
  if (shown.length === 0) return undefined
  const rows = shown.map((param) => {
    const presence = param.flag ? `optional (${param.flag.field}.${param.flag.bit})` : 'required'
    return `| ${code(param.name)} | ${code(param.type)} | ${presence} | ${cell(param.description)} |`
  })
  return ['| Parameter | Type | | Description |', '|---|---|---|---|', ...rows].join('\n')
}

function errorsTable(errors: readonly RpcErrorInfo[]): string | undefined {
  if (errors.length === 0) return undefined
  const rows = errors.slice(0, MAX_ERRORS).map((error) => `| ${error.code} | ${code(error.pattern.replace(/%d/g, 'X'))} | ${cell(error.description)} |`)
  const more = errors.length > MAX_ERRORS ? `\n\n…and ${errors.length - MAX_ERRORS} more errors.` : ''
  return ['**Errors**', '', '| Code | Error | Description |', '|---|---|---|', ...rows].join('\n') + more
}

function constructorsOf(type: DocumentedType): string {
  return nameList(type.constructors.map((constructor) => constructor.name))
}

/** A constructor or a method: definition, description, parameters, result, availability, errors. */
export function describeDefinition(entry: DocumentedDefinition, lookupType: TypeLookup): string {
  const sections: string[] = [tlBlock([entry.definition])]
  if (entry.kind === 'method') {
    const who = entry.availability ? `callable by ${availabilityText[entry.availability]}` : undefined
    sections.push(titleLine('Method', entry.docsUrl, who))
  } else {
    sections.push(titleLine('Constructor', entry.docsUrl, entry.type ? `of type ${code(entry.type)}` : undefined))
  }
  if (entry.description) sections.push(entry.description)
  const table = parametersTable(entry.params)
  if (table) sections.push(table)

  if (entry.kind === 'method' && entry.returns) {
    const type = lookupType(entry.returnType ?? entry.returns)
    const constructors = type && type.constructors.length > 0 ? `: one of ${constructorsOf(type)}` : ''
    sections.push(`**Returns** ${code(entry.returns)}${constructors}`)
  } else if (entry.kind === 'constructor' && entry.type) {
    const type = lookupType(entry.type)
    const siblings = type?.constructors.filter((constructor) => constructor.name !== entry.name) ?? []
    if (siblings.length > 0) sections.push(`**Other constructors of ${code(entry.type)}**: ${nameList(siblings.map((s) => s.name))}`)
  }
  const errors = entry.errors && errorsTable(entry.errors)
  if (errors) sections.push(errors)
  return sections.join('\n\n')
}

/** A type: its constructors, description, and the methods that return and accept it. */
export function describeType(type: DocumentedType): string {
  const lines = type.constructors.slice(0, MAX_CONSTRUCTOR_LINES).map((constructor) => constructor.definition)
  if (type.constructors.length > MAX_CONSTRUCTOR_LINES) lines.push(`// …and ${type.constructors.length - MAX_CONSTRUCTOR_LINES} more constructors`)
  const count = type.constructors.length
  const sections: string[] = []
  if (lines.length > 0) sections.push(tlBlock(lines))
  sections.push(titleLine('Type', type.docsUrl, `${count} constructor${count === 1 ? '' : 's'}`))
  if (type.description) sections.push(type.description)
  if (count > 0) sections.push(`**Constructors**: ${constructorsOf(type)}`)
  if (type.returnedBy && type.returnedBy.length > 0) sections.push(`**Returned by**: ${nameList(type.returnedBy.map((m) => m.name))}`)
  if (type.acceptedBy && type.acceptedBy.length > 0) sections.push(`**Accepted by**: ${nameList(type.acceptedBy.map((m) => m.name))}`)
  return sections.join('\n\n')
}

/** One parameter of a constructor or method: its type, whether it is required, its description. */
export function describeParam(owner: DocumentedDefinition, param: DocumentedParam, lookupType: TypeLookup): string {
  const sections: string[] = [tlBlock([`${param.name}:${param.flag ? `${param.flag.field}.${param.flag.bit}?` : ''}${param.type}`])]
  const presence = param.isFlags
    ? 'flag bits of the optional parameters that follow, written by the serializer'
    : param.flag
      ? param.type === 'true'
        ? `optional flag, bit ${param.flag.bit} of ${code(param.flag.field)}`
        : `optional, present when bit ${param.flag.bit} of ${code(param.flag.field)} is set`
      : 'required'
  sections.push(`**Parameter** of ${code(owner.name)} · ${presence}`)
  if (param.description) sections.push(param.description)
  const element = param.type.replace(/^(?:Vector|vector)<(.*)>$/, '$1').replace(/^[%!]/, '')
  const type = lookupType(element)
  if (type && type.constructors.length > 0) sections.push(`**${code(type.name)}**: one of ${constructorsOf(type)}`)
  return sections.join('\n\n')
}

/** Any entry of the bundled layer. */
export function describeEntry(entry: LayerEntry, lookupType: TypeLookup): string {
  return entry.kind === 'type' ? describeType(entry) : describeDefinition(entry, lookupType)
}

const builtinDescriptions: Record<string, string> = {
  int: 'A 32-bit signed integer.',
  long: 'A 64-bit signed integer (a `bigint` in our client).',
  double: 'A 64-bit IEEE 754 floating point number.',
  string: 'A UTF-8 string, serialized like `bytes`.',
  bytes: 'A byte string: a length prefix, the bytes, and padding to 4 bytes.',
  int128: 'A 128-bit number, serialized as 16 bytes.',
  int256: 'A 256-bit number, serialized as 32 bytes.',
  true: 'A flag with no bytes on the wire: set when its flag bit is set.',
  Bool: 'A boolean: the constructors `boolTrue` and `boolFalse`.',
  '#': 'A 32-bit word of flag bits (a natural number).',
  Vector: 'A list: the `vector` constructor id, a count, then the elements.',
  vector: 'A bare list: a count, then the elements, without the constructor id.',
}

export function describeBuiltin(name: string): string {
  return `${tlBlock([name])}\n\n**Built-in type** · ${builtinDescriptions[name] ?? ''}`.trimEnd()
}

/** Adapts a definition from a .tl document that is not part of the bundled layer. */
export function documentDefinition(definition: Definition, text: string): DocumentedDefinition {
  const slice = (range: { start: number; end: number }) => text.slice(range.start, range.end)
  const documented: DocumentedDefinition = {
    kind: definition.kind,
    name: definition.name,
    definition: slice(definition.range),
    params: definition.params.map((param) => {
      const documentedParam: DocumentedParam = {
        name: param.name,
        type: slice(param.type.range),
        optional: param.condition !== undefined,
        isFlags: param.type.name === '#',
      }
      if (param.condition) documentedParam.flag = { field: param.condition.field, bit: param.condition.bit }
      return documentedParam
    }),
  }
  const result = slice(definition.result.range)
  if (definition.kind === 'constructor') documented.type = result
  else {
    documented.returns = result
    documented.returnType = result.replace(/^(?:Vector|vector)<(.*)>$/, '$1')
  }
  return documented
}

/** `#1cb5c415`, for details and messages. */
export function idText(id: number): string {
  return `#${formatId(id)}`
}
