/**
 * Diagnostics for raw calls against the layer: names, parameters, value shapes, who may call a
 * method, and references to earlier results. Messages use the spelling the call was written in.
 */
import { getLayer, type ConstructorReference, type LayerReference, type MethodReference } from '../../schema/layer/reference'
import type { NameNode, ReferenceNode, RequestDiagnostic, SourceRange, TlObjectNode, ValueNode } from '../../schema/request/ast'
import type { CallTree, RootKind } from './model'
import { type DefinitionKind, type Dialect, hostDefinitionName, hostFieldName } from './naming'
import { findHostDefinition } from './resolve-names'
import { requiredParams } from './spelling'
import { closestName } from './suggest'
import { describeType, type ExpectedValue, expectedValue, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, isPeerLikeString } from './value-types'

/** Stable codes of call diagnostics. */
export const CallCheckCode = {
  unknownMethod: 'unknown-method',
  unknownConstructor: 'unknown-constructor',
  /** A constructor where a method is expected, or the reverse. */
  wrongKind: 'wrong-kind',
  unknownParameter: 'unknown-parameter',
  missingParameter: 'missing-parameter',
  /** A value of the wrong shape: a string for an int, a number for a string, a list for a single value... */
  wrongType: 'wrong-type',
  /** An object of a constructor of another type: `inputUserSelf` for an InputPeer. */
  wrongConstructorType: 'wrong-constructor-type',
  /** An object without `_` where the type has several constructors. */
  missingConstructorName: 'missing-constructor-name',
  intOutOfRange: 'int-out-of-range',
  botOnlyMethod: 'bot-only-method',
  userOnlyMethod: 'user-only-method',
  unknownResult: 'unknown-result',
} as const

export type CallCheckCode = (typeof CallCheckCode)[keyof typeof CallCheckCode]

export interface CallDiagnostic extends RequestDiagnostic {
  code: CallCheckCode
  /** For "did you mean": the TL name, and the text a quick fix writes over `range`. */
  suggestion?: { name: string; replacement: string }
}

export interface CheckOptions {
  /** Which kind of account will run the calls; bot-only and user-only methods are flagged against it. */
  accountKind?: 'user' | 'bot'
  /** Result numbers that exist (`$1`, `$2`...); when given, references to others are flagged. */
  knownResults?: ReadonlySet<number>
  layer?: LayerReference
}

type Definition = MethodReference | ConstructorReference

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? 'an' : 'a'
}

export function checkCalls(tree: CallTree, options: CheckOptions = {}): CallDiagnostic[] {
  const checker = new Checker(options.layer ?? getLayer(), options, tree.source)
  for (const call of tree.calls) checker.object(call.root, call.rootKind, call.dialect, undefined)
  return checker.diagnostics.sort((a, b) => a.range.start - b.range.start)
}

class Checker {
  readonly diagnostics: CallDiagnostic[] = []

  constructor(
    private readonly layer: LayerReference,
    private readonly options: CheckOptions,
    private readonly source: CallTree['source'],
  ) {}

  private report(range: SourceRange, code: CallCheckCode, message: string, severity: 'error' | 'warning' = 'error'): CallDiagnostic {
    const diagnostic: CallDiagnostic = { range, severity, code, message }
    this.diagnostics.push(diagnostic)
    return diagnostic
  }

  /** Checks a call or constructor object; `expected` is set for a value nested in a parameter. */
  object(node: TlObjectNode, rootKind: RootKind, dialect: Dialect, expected: ExpectedValue | undefined): void {
    const definition = this.definitionOf(node, rootKind, dialect, expected)
    if (!definition) {
      // Still check what can be checked below it: nested constructors and references.
      for (const property of node.properties) if (property.value) this.value(property.value, undefined, dialect)
      return
    }
    if (definition.kind === 'method') this.availability(definition, node.name!)

    const written = hostDefinitionName(definition.name, definition.kind, dialect)
    const seen = new Set<string>()
    for (const property of node.properties) {
      // The key must be spelled as this dialect spells it: mtcute reads `offsetId`, never `offset_id`.
      const param = definition.params.find(
        (candidate) =>
          candidate.name === property.name && !candidate.isFlags && (!property.key || hostFieldName(candidate.name, dialect) === property.key.text),
      )
      if (!param) {
        this.unknownParameter(definition, property.key?.range ?? property.range, property.key?.text, written, dialect)
        if (property.value) this.value(property.value, undefined, dialect)
        continue
      }
      seen.add(param.name)
      if (property.value) this.value(property.value, expectedValue(param, this.layer, false), dialect)
    }
    const missing = requiredParams(definition, dialect, this.source).filter((param) => !seen.has(param.name))
    if (missing.length > 0) {
      const list = missing.map((param) => `${hostFieldName(param.name, dialect)} (${param.type})`).join(', ')
      const noun = missing.length === 1 ? 'parameter' : 'parameters'
      this.report(node.name?.range ?? node.range, CallCheckCode.missingParameter, `${written} is missing the required ${noun} ${list}.`)
    }
  }

  /** The definition an object names, reporting an unknown name or one of the wrong kind or type. */
  private definitionOf(node: TlObjectNode, rootKind: RootKind, dialect: Dialect, expected: ExpectedValue | undefined): Definition | undefined {
    const name = node.name
    if (!name) {
      if (expected?.constructors.length === 1) return expected.constructors[0]
      const hint = expected ? `one of the ${expected.type} constructors` : 'the constructor'
      this.report(node.range, CallCheckCode.missingConstructorName, `This object does not say which constructor it is: add _ with ${hint}.`)
      return undefined
    }
    const definition = findHostDefinition(this.layer, name.text, rootKind, dialect)
    if (!definition) {
      const other = rootKind === 'any' ? undefined : findHostDefinition(this.layer, name.text, rootKind === 'method' ? 'constructor' : 'method', dialect)
      if (other) {
        const wanted = rootKind === 'method' ? 'a method' : 'a constructor'
        this.report(name.range, CallCheckCode.wrongKind, `${name.text} is ${article(other.kind)} ${other.kind}, but ${wanted} is expected here.`)
        return undefined
      }
      this.unknownName(name, rootKind, dialect, expected)
      return undefined
    }
    if (expected && definition.kind === 'constructor' && !this.fits(definition, expected)) {
      this.report(
        name.range,
        CallCheckCode.wrongConstructorType,
        `${name.text} is ${article(definition.type)} ${definition.type}, but ${hostFieldName(expected.param.name, dialect)} expects ${article(expected.type)} ${expected.type}.`,
      )
    }
    if (expected && definition.kind === 'method' && !expected.param.type.startsWith('!')) {
      this.report(name.range, CallCheckCode.wrongKind, `${name.text} is a method, but ${hostFieldName(expected.param.name, dialect)} expects ${article(expected.type)} ${expected.type}.`)
    }
    return definition
  }

  private fits(constructor: ConstructorReference, expected: ExpectedValue): boolean {
    if (expected.constructors.length === 0) return true // generic `X`, `!X`, or a type this layer leaves open
    return expected.constructors.some((candidate) => candidate.name === constructor.name)
  }

  private unknownName(name: NameNode, rootKind: RootKind, dialect: Dialect, expected: ExpectedValue | undefined): void {
    const api = <T extends Definition>(list: readonly T[]) => list.filter((definition) => definition.section === 'api')
    // Constructors of the expected type first: a typo most likely aims at one of them.
    const pools: Definition[][] =
      rootKind === 'method'
        ? [api(this.layer.methods)]
        : rootKind === 'any'
          ? [[...api(this.layer.methods), ...api(this.layer.constructors)]]
          : expected?.constructors.length
            ? [[...expected.constructors], api(this.layer.constructors)]
            : [api(this.layer.constructors)]
    let suggestion: Definition | undefined
    for (const pool of pools) {
      const byName = new Map(pool.map((definition) => [definition.name, definition]))
      const closest = closestName(name.name, byName.keys())
      if (closest) {
        suggestion = byName.get(closest)
        break
      }
    }
    const kind: DefinitionKind = suggestion?.kind ?? (rootKind === 'method' ? 'method' : 'constructor')
    const code = kind === 'method' ? CallCheckCode.unknownMethod : CallCheckCode.unknownConstructor
    const written = name.implied && name.text.startsWith(name.implied) ? name.text.slice(name.implied.length) : name.text
    if (!suggestion) {
      this.report(name.range, code, `Unknown ${kind} ${written}.`)
      return
    }
    const hostSuggestion = hostDefinitionName(suggestion.name, kind, dialect)
    const replacement = name.implied && hostSuggestion.startsWith(name.implied) ? hostSuggestion.slice(name.implied.length) : hostSuggestion
    const diagnostic = this.report(name.range, code, `Unknown ${kind} ${written}. Did you mean ${replacement}?`)
    diagnostic.suggestion = { name: suggestion.name, replacement }
  }

  private unknownParameter(definition: Definition, range: SourceRange, key: string | undefined, written: string, dialect: Dialect): void {
    if (key === undefined) {
      this.report(range, CallCheckCode.unknownParameter, `${written} takes no more positional arguments.`)
      return
    }
    const hostNames = definition.params.filter((param) => !param.isFlags).map((param) => hostFieldName(param.name, dialect))
    const suggestion = closestName(key, hostNames)
    const message = `${written} has no parameter ${key}.`
    if (!suggestion) {
      this.report(range, CallCheckCode.unknownParameter, message)
      return
    }
    const diagnostic = this.report(range, CallCheckCode.unknownParameter, `${message} Did you mean ${suggestion}?`)
    const param = definition.params.find((candidate) => hostFieldName(candidate.name, dialect) === suggestion)!
    diagnostic.suggestion = { name: param.name, replacement: suggestion }
  }

  private availability(method: MethodReference, name: NameNode): void {
    const account = this.options.accountKind
    if (account === 'user' && method.availability === 'bot') {
      this.report(name.range, CallCheckCode.botOnlyMethod, `${name.text} can only be called by bots, and this account is a user.`)
    } else if (account === 'bot' && method.availability === 'user') {
      this.report(name.range, CallCheckCode.userOnlyMethod, `${name.text} can only be called by users, and this account is a bot.`)
    }
  }

  /** Checks a value against what its parameter expects; without `expected`, only what is inside it. */
  value(node: ValueNode, expected: ExpectedValue | undefined, dialect: Dialect): void {
    if (node.kind === 'reference') {
      this.reference(node)
      return
    }
    if (node.kind === 'expression') return
    if (!expected) {
      if (node.kind === 'call' || node.kind === 'object') this.object(node, 'constructor', dialect, undefined)
      else if (node.kind === 'array') for (const element of node.elements) this.value(element, undefined, dialect)
      return
    }
    const key = hostFieldName(expected.param.name, dialect)
    const mismatch = (found: string) =>
      this.report(node.range, CallCheckCode.wrongType, `${key} expects ${describeExpected(expected)}, but this is ${found}.`)

    if (node.kind === 'null') {
      if (!expected.param.optional) mismatch('null')
      return
    }
    if (expected.list) {
      if (node.kind !== 'array') return void mismatch(describeFound(node))
      const element = expectedValue(expected.param, this.layer, true)
      for (const item of node.elements) this.value(item, element, dialect)
      return
    }
    if (node.kind === 'array') return void mismatch('a list')
    if (node.kind === 'call' || node.kind === 'object') {
      if (isPrimitive(expected.type) || expected.boolean) return void mismatch(describeFound(node))
      this.object(node, 'constructor', dialect, expected)
      return
    }
    switch (expected.type) {
      case 'int':
      case 'long': {
        if (node.kind !== 'number' && node.kind !== 'bigint') return void mismatch(describeFound(node))
        if (node.kind === 'number' && !Number.isInteger(node.value)) return void mismatch('not a whole number')
        const value = node.kind === 'number' ? BigInt(node.value) : node.value
        if (expected.type === 'int' && node.kind === 'bigint') return void mismatch('a bigint')
        const [min, max] = expected.type === 'int' ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX]
        if (value < min || value > max) {
          this.report(node.range, CallCheckCode.intOutOfRange, `${key} is ${article(expected.type)} ${expected.type}, from ${min} to ${max}.`)
        }
        return
      }
      case 'double':
        if (node.kind !== 'number') mismatch(describeFound(node))
        return
      case 'string':
      case 'bytes':
        if (node.kind !== 'string') mismatch(describeFound(node))
        return
      case 'int128':
      case 'int256':
        if (node.kind !== 'bigint' && node.kind !== 'number') mismatch(describeFound(node))
        return
    }
    if (expected.boolean) {
      if (node.kind !== 'boolean') mismatch(describeFound(node))
      return
    }
    if (expected.peerLike) {
      if (node.kind === 'string' && isPeerLikeString(node.value)) return
      if ((node.kind === 'number' && Number.isInteger(node.value)) || node.kind === 'bigint') return // a marked id
    }
    mismatch(describeFound(node))
  }

  private reference(node: ReferenceNode): void {
    const known = this.options.knownResults
    if (!known) return
    if (node.target === 'last' ? known.size === 0 : !known.has(node.target)) {
      const which = node.target === 'last' ? 'There is no result yet for $last' : `There is no result $${node.target}`
      this.report(node.targetRange, CallCheckCode.unknownResult, `${which}: results are numbered by the calls run so far.`)
    }
  }
}

function isPrimitive(type: string): boolean {
  return ['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256'].includes(type)
}

function describeExpected(expected: ExpectedValue): string {
  if (expected.list) return `a list (${describeType(expected)})`
  if (expected.boolean) return 'true or false'
  if (expected.peerLike) return `${article(expected.type)} ${expected.type} (a constructor, "me", "@username" or an id)`
  if (isPrimitive(expected.type)) return `${article(expected.type)} ${expected.type}`
  return `${article(expected.type)} ${expected.type} constructor`
}

function describeFound(node: ValueNode): string {
  switch (node.kind) {
    case 'string':
      return 'a string'
    case 'number':
      return Number.isInteger(node.value) ? 'a number' : 'a fractional number'
    case 'bigint':
      return 'a bigint'
    case 'boolean':
      return node.value ? 'true' : 'false'
    case 'null':
      return 'null'
    case 'array':
      return 'a list'
    case 'object':
    case 'call':
      return node.name ? node.name.text : 'an object'
    case 'reference':
    case 'expression':
      return 'an expression'
  }
}

