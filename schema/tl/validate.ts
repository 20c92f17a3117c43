/**
 * Semantic checks on a parsed TL document: what the parser cannot see one definition at a time,
 * such as types nobody constructs, ids that do not match their text, and flags that point nowhere.
 */
import type { Definition, Param, SourceRange, TlDiagnostic, TlDocument, TypeExpr } from './ast'
import { computeId } from './constructor-id'
import { formatId } from './printer'

/** Stable codes of the semantic diagnostics. */
export const ValidationCode = {
  unknownType: 'unknown-type',
  idMismatch: 'id-mismatch',
  duplicateName: 'duplicate-name',
  duplicateId: 'duplicate-id',
  /** `flags.N?` names a field the definition does not have. */
  unknownFlagsField: 'unknown-flags-field',
  /** `flags.N?` names a field whose type is not `#`. */
  flagsFieldNotNat: 'flags-field-not-nat',
  /** `flags.N?` comes before the `#` field it reads from, which a decoder has not read yet. */
  flagsFieldAfterUse: 'flags-field-after-use',
  flagBitOutOfRange: 'flag-bit-out-of-range',
  undeclaredGeneric: 'undeclared-generic',
  unusedGeneric: 'unused-generic',
  invalidBareType: 'invalid-bare-type',
} as const

export interface ValidateOptions {
  /**
   * Type and constructor names defined elsewhere that references may use, e.g. the bundled layer's
   * `knownTypes(parseTl(apiTl))` when checking a user's own `.tl` file.
   */
  externalTypes?: Iterable<string>
}

/** The types TL itself provides. */
export const builtinTypes: ReadonlySet<string> = new Set([
  'int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'true', 'Bool', '#', 'Vector', 'vector',
])

/** Every name a reference may resolve to in `doc`: the types its constructors build, and the constructors. */
export function knownTypes(doc: TlDocument): Set<string> {
  const names = new Set<string>()
  for (const def of doc.definitions) {
    if (def.kind !== 'constructor') continue
    names.add(def.name)
    names.add(def.result.name)
  }
  return names
}

export function validateTl(doc: TlDocument, options: ValidateOptions = {}): TlDiagnostic[] {
  return new Validator(doc, options).run()
}

class Validator {
  private readonly diagnostics: TlDiagnostic[] = []
  private readonly known: Set<string>
  /** How many constructors each boxed type has, to tell which `%T` name a single constructor. */
  private readonly constructorCounts = new Map<string, number>()

  constructor(
    private readonly doc: TlDocument,
    options: ValidateOptions,
  ) {
    this.known = knownTypes(doc)
    for (const name of options.externalTypes ?? []) this.known.add(name)
    for (const def of doc.definitions) {
      if (def.kind === 'constructor') {
        this.constructorCounts.set(def.result.name, (this.constructorCounts.get(def.result.name) ?? 0) + 1)
      }
    }
  }

  run(): TlDiagnostic[] {
    this.checkDuplicates()
    for (const def of this.doc.definitions) {
      this.checkId(def)
      this.checkFlags(def)
      this.checkGenerics(def)
      this.checkTypes(def)
    }
    return this.diagnostics.sort((a, b) => a.range.start - b.range.start)
  }

  private checkDuplicates(): void {
    const byName = new Map<string, Definition>()
    const byId = new Map<number, Definition>()
    for (const def of this.doc.definitions) {
      const sameName = byName.get(def.name)
      if (sameName) {
        this.error(def.nameRange, ValidationCode.duplicateName, `'${def.name}' is already defined`)
      } else {
        byName.set(def.name, def)
      }
      if (def.declaredId === undefined || !def.idRange) continue
      const sameId = byId.get(def.declaredId)
      if (sameId) {
        const message = `Id #${formatId(def.declaredId)} is already used by '${sameId.name}'`
        this.error(def.idRange, ValidationCode.duplicateId, message)
      } else {
        byId.set(def.declaredId, def)
      }
    }
  }

  private checkId(def: Definition): void {
    if (def.declaredId === undefined || !def.idRange) return
    const computedId = computeId(def)
    if (computedId === def.declaredId || isRetiredUnderOldName(def)) return
    this.diagnostics.push({
      range: def.idRange,
      severity: 'error',
      code: ValidationCode.idMismatch,
      message: `Declared id #${formatId(def.declaredId)} differs from the computed id #${formatId(computedId)}`,
      data: { computedId },
    })
  }

  private checkFlags(def: Definition): void {
    def.params.forEach((param, index) => {
      const condition = param.condition
      if (!condition) return
      const fieldRange = { start: condition.range.start, end: condition.range.start + condition.field.length }
      const fieldIndex = def.params.findIndex((p) => p.name === condition.field)
      const field = def.params[fieldIndex]
      if (!field) {
        const message = `'${def.name}' has no field '${condition.field}' to hold flag bits`
        this.error(fieldRange, ValidationCode.unknownFlagsField, message)
      } else if (field.type.name !== '#' || field.condition) {
        const message = `'${condition.field}' must have type '#' to hold flag bits`
        this.error(fieldRange, ValidationCode.flagsFieldNotNat, message)
      } else if (fieldIndex > index) {
        const message = `'${condition.field}' must be declared before '${param.name}', which depends on it`
        this.error(fieldRange, ValidationCode.flagsFieldAfterUse, message)
      }
      if (condition.bit > 31) {
        // The digits sit between `field.` and the closing `?`.
        const bitRange = { start: fieldRange.end + 1, end: condition.range.end - 1 }
        this.error(bitRange, ValidationCode.flagBitOutOfRange, `Flag bit ${condition.bit} is outside 0-31`)
      }
    })
  }

  private checkGenerics(def: Definition): void {
    const declared = new Set(def.generics.map((g) => g.name))
    const used = new Set<string>()
    const visit = (type: TypeExpr) => {
      if (declared.has(type.name)) used.add(type.name)
      else if (type.bang) {
        const message = `'!${type.name}' needs a generic parameter {${type.name}:Type}`
        this.error(type.range, ValidationCode.undeclaredGeneric, message)
      }
      type.args.forEach(visit)
    }
    def.params.forEach((param) => visit(param.type))
    visit(def.result)
    if (def.builtinVector) return
    for (const generic of def.generics) {
      if (used.has(generic.name)) continue
      this.diagnostics.push({
        range: generic.range,
        severity: 'warning',
        code: ValidationCode.unusedGeneric,
        message: `Generic parameter '${generic.name}' is never used`,
      })
    }
  }

  private checkTypes(def: Definition): void {
    const generics = new Set(def.generics.map((g) => g.name))
    const visit = (type: TypeExpr) => {
      type.args.forEach(visit)
      if (type.bang || generics.has(type.name)) return
      if (type.percent) this.checkBareType(type)
      else if (!builtinTypes.has(type.name) && !this.known.has(type.name)) {
        this.error(type.range, ValidationCode.unknownType, `Unknown type '${type.name}'`)
      }
    }
    def.params.forEach((param: Param) => visit(param.type))
    // A constructor's result is the type it defines; only a method's result refers to another.
    if (def.kind === 'method') visit(def.result)
  }

  /** `%T` asks for the bare form of a boxed type, which exists only when T has one constructor. */
  private checkBareType(type: TypeExpr): void {
    const name = type.name
    let problem: string | undefined
    if (builtinTypes.has(name)) problem = `'%' cannot be applied to the built-in type '${name}'`
    else if (!this.known.has(name)) problem = `Unknown type '${name}' after '%'`
    else if (!/^[A-Z]/.test(name.slice(name.lastIndexOf('.') + 1))) problem = `'${name}' is already a bare type`
    else {
      const count = this.constructorCounts.get(name)
      if (count !== undefined && count > 1) {
        problem = `'%${name}' is ambiguous: '${name}' has ${count} constructors`
      }
    }
    if (problem) this.error(type.range, ValidationCode.invalidBareType, problem)
  }

  private error(range: SourceRange, code: string, message: string): void {
    this.diagnostics.push({ range, severity: 'error', code, message })
  }
}

/**
 * Telegram's schemas keep a few retired constructors under a `Legacy` suffix (to free the name for
 * the current one) while keeping the id computed under the original name.
 */
function isRetiredUnderOldName(def: Definition): boolean {
  if (!def.name.endsWith('Legacy')) return false
  return computeId({ ...def, name: def.name.slice(0, -'Legacy'.length) }) === def.declaredId
}
