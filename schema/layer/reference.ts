/**
 * The reference model of the bundled layer, for hovers, completion, quick picks and error messages.
 *
 *   const layer = getLayer()                       // cheap: nothing is read until the first question
 *   layer.findMethod('messages.getHistory')        // definition, params, description, errors, availability
 *   layer.findType('InputPeer')?.constructors      // also returnedBy, acceptedBy, containedIn
 *   layer.lookupError('FLOOD_WAIT_30')             // { name: 'FLOOD_WAIT', value: 30, code: 420, ... }
 *   layer.search('gethist', 20)                    // ranked names for quick picks and workspace symbols
 *
 * Definitions come from our api.tl and mtproto.tl, parsed by schema/tl; descriptions, errors and
 * availability come from the @mtcute/tl package data, joined by name. Descriptions are Markdown with
 * absolute links, converted on first access. Lookups search the API layer first, then the MTProto
 * service layer; pass a section to ask one of them only (both define a `Message` type, for instance).
 */
import type { Definition, SourceRange, TypeExpr } from '../tl/ast'
import { parseTl } from '../tl/parser'
import { type DescribeContext, docsPage, htmlToMarkdown } from './describe'
import { ErrorCatalog, type RpcErrorInfo, type RpcErrorMatch } from './errors'
import { type LayerFile, type PackageData, type PackageEntry, readLayerFile, readPackageData } from './files'
import { NameIndex, type SearchHit } from './search'

export type { RpcErrorInfo, RpcErrorMatch } from './errors'
export type { SearchHit } from './search'

export type LayerSection = 'api' | 'mtproto'

/**
 * Who may call a method.
 *
 * Telegram publishes which methods only users and only bots may call (`user_only` and `bot_only`,
 * kept in the package's raw-errors.json as `userOnly` and `botOnly`); those lists decide 'user' and 'bot'.
 * The `available` field of api-schema.json cannot tell them apart in this package version: it says
 * 'user' on every documented method, even on the thirteen Telegram marks bot-only (bots.setBotCommands),
 * because mtcute writes 'user' whenever a page lacks the "bots can use this method" marker. Its
 * presence therefore only means the method has a documentation page, and its absence that it has none
 * yet (methods new in this layer). So: listed → 'user' or 'bot'; documented and unlisted → 'both';
 * undocumented and unlisted → 'unknown'. Service-layer (MTProto) methods are 'both'.
 */
export type Availability = 'user' | 'bot' | 'both' | 'unknown'

export interface SourceLocation {
  file: LayerFile
  /** UTF-16 offsets into the file, from the name through the closing `;`. */
  range: SourceRange
}

export interface ParamReference {
  name: string
  /** The type as written after the flag condition: `Vector<InputPeer>`, `%Message`, `!X`, `#`, `true`. */
  type: string
  /** The type inside any vectors, without `%` or `!`: `InputPeer` for `Vector<InputPeer>`. */
  elementType: string
  /** `Vector<T>` is 'boxed', `vector<T>` is 'bare'; absent when the parameter is not a vector. */
  vector?: 'boxed' | 'bare'
  /** The element is serialized without its constructor id (`%T`, or a lowercase constructor or built-in). */
  bare: boolean
  /** For `flags.3?T`: the `#` field and the bit that say whether the parameter is present. */
  flag?: { field: string; bit: number }
  /** True when the parameter sits behind a flag bit. A `flags.N?true` parameter is the bit itself. */
  optional: boolean
  /** A `#` field, which holds the flag bits of the parameters that follow it. */
  isFlags: boolean
  /** Markdown, from the package data. */
  readonly description: string | undefined
}

interface DefinitionReference {
  name: string
  section: LayerSection
  /** The constructor id declared in the .tl file. */
  id: number
  /** The definition exactly as written in the .tl file. */
  definition: string
  params: readonly ParamReference[]
  location: SourceLocation
  /** The page on core.telegram.org describing the entry. */
  docsUrl: string
  /** Markdown, from the package data. */
  readonly description: string | undefined
}

export interface ConstructorReference extends DefinitionReference {
  kind: 'constructor'
  /** The type the constructor belongs to: `InputPeer`. */
  type: string
}

export interface MethodReference extends DefinitionReference {
  kind: 'method'
  /** The result as written: `messages.Messages`, `Vector<User>`, `X`. */
  returns: string
  /** The result inside any vector: `User` for `Vector<User>`. */
  returnType: string
  /** The method's documented errors, with the codes and descriptions of its own page. */
  errors: readonly RpcErrorInfo[]
  availability: Availability
}

export interface TypeReference {
  kind: 'type'
  name: string
  section: LayerSection
  docsUrl: string
  /** Markdown, from the package data. */
  readonly description: string | undefined
  constructors: readonly ConstructorReference[]
  /** Methods whose result is this type, or a vector of it. */
  returnedBy: readonly MethodReference[]
  /** Methods with a parameter of this type, directly or in a vector. */
  acceptedBy: readonly MethodReference[]
  /** Constructors with a field of this type, directly or in a vector. */
  containedIn: readonly ConstructorReference[]
}

export type LayerEntry = ConstructorReference | MethodReference | TypeReference

export interface LayerReference {
  /** The layer number, e.g. 223. */
  readonly layer: number
  readonly constructors: readonly ConstructorReference[]
  readonly methods: readonly MethodReference[]
  readonly types: readonly TypeReference[]
  /** Every constructor, method and type of both sections. */
  entries(): IterableIterator<LayerEntry>
  findConstructor(name: string, section?: LayerSection): ConstructorReference | undefined
  findMethod(name: string, section?: LayerSection): MethodReference | undefined
  findType(name: string, section?: LayerSection): TypeReference | undefined
  /** A constructor or method by its id; API definitions win over MTProto ones. */
  findById(id: number): ConstructorReference | MethodReference | undefined
  /** A constructor, method or type by name, in that order of preference. */
  find(name: string, section?: LayerSection): LayerEntry | undefined
  /**
   * Matches an error message (`FLOOD_WAIT_30`, `FLOOD_WAIT_X`, `CHANNEL_INVALID`) against the known
   * errors; with a method name, that method's own documented code and description take precedence.
   */
  lookupError(message: string, method?: string): RpcErrorMatch | undefined
  /** Every known error, keyed by pattern (`FLOOD_WAIT_%d`). */
  readonly errors: ReadonlyMap<string, RpcErrorInfo>
  /** Constructors, methods and types ranked by how well their names match `query`. */
  search(query: string, limit?: number): SearchHit<LayerEntry>[]
}

let loaded: LayerReference | undefined

/** The reference of the bundled layer, built on first call and shared afterwards. */
export function getLayer(): LayerReference {
  return (loaded ??= new Layer(readPackageData()))
}

/** Adds a `description` getter that converts the documentation once, on first access. */
function lazyDescription<T extends object>(
  target: T,
  compute: () => string | undefined,
): T & { readonly description: string | undefined } {
  let value: string | undefined
  let done = false
  return Object.defineProperty(target as T & { readonly description: string | undefined }, 'description', {
    enumerable: true,
    get: () => {
      if (!done) value = compute()
      done = true
      return value
    },
  })
}

/** Looks inside `Vector<...>` and `vector<...>`, remembering the outer kind. */
function unwrapVectors(type: TypeExpr): { element: TypeExpr; vector?: 'boxed' | 'bare' } {
  let element = type
  let vector: 'boxed' | 'bare' | undefined
  while ((element.name === 'Vector' || element.name === 'vector') && element.args.length === 1) {
    vector ??= element.name === 'Vector' ? 'boxed' : 'bare'
    element = element.args[0]!
  }
  return vector ? { element, vector } : { element }
}

/** mtcute's TypeScript name for an entry (`RawUserFull`, `phone.RawGetGroupCallRequest`, `TypeInputPeer`). */
function mtcuteName(kind: 'constructor' | 'method' | 'type', name: string): string {
  const dot = name.lastIndexOf('.')
  const namespace = name.slice(0, dot + 1)
  const camel = name.slice(dot + 1).replace(/(?<=.)_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
  const pascal = camel[0]!.toUpperCase() + camel.slice(1)
  if (kind === 'type') return `${namespace}Type${pascal}`
  return `${namespace}Raw${pascal}${kind === 'method' ? 'Request' : ''}`
}

/** A type while the layer is being indexed, its lists still growing. */
type TypeBuilder = TypeReference & {
  constructors: ConstructorReference[]
  returnedBy: MethodReference[]
  acceptedBy: MethodReference[]
  containedIn: ConstructorReference[]
}

class SectionIndex {
  readonly constructors = new Map<string, ConstructorReference>()
  readonly methods = new Map<string, MethodReference>()
  readonly types = new Map<string, TypeBuilder>()
}

class Layer implements LayerReference {
  readonly layer: number
  readonly constructors: ConstructorReference[] = []
  readonly methods: MethodReference[] = []
  readonly types: TypeReference[] = []
  private readonly sections: Record<LayerSection, SectionIndex> = { api: new SectionIndex(), mtproto: new SectionIndex() }
  private readonly byId = new Map<number, ConstructorReference | MethodReference>()
  private readonly catalog: ErrorCatalog
  private readonly packageEntries = new Map<string, PackageEntry>()
  /** mtcute's TypeScript names, for resolving `{@link Name}` references in descriptions. */
  private readonly byMtcuteName = new Map<string, { text: string; url: string }>()
  private nameIndex: NameIndex<LayerEntry> | undefined

  constructor(private readonly data: PackageData) {
    this.layer = data.schema.l
    for (const entry of data.schema.e) this.packageEntries.set(entry.name, entry)
    this.catalog = new ErrorCatalog(
      data.errors.errors,
      data.schema.e.flatMap((entry) => entry.throws ?? []),
    )
    this.addFile('api.tl', 'api')
    this.addFile('mtproto.tl', 'mtproto')
    for (const section of Object.values(this.sections)) this.linkTypes(section)
  }

  get errors(): ReadonlyMap<string, RpcErrorInfo> {
    return this.catalog.byPattern
  }

  private addFile(file: LayerFile, section: LayerSection): void {
    const text = readLayerFile(file)
    const index = this.sections[section]
    for (const definition of parseTl(text).definitions) {
      if (definition.kind === 'constructor') this.addConstructor(definition, text, file, section, index)
      else this.addMethod(definition, text, file, section, index)
    }
  }

  private common(definition: Definition, text: string, file: LayerFile, section: LayerSection) {
    const pageKind = definition.kind === 'constructor' ? 'constructor' : 'method'
    const docsUrl = docsPage(pageKind, definition.name)
    // Only the API layer is documented in the package; the service layer's names overlap it (`message`).
    const documented = section === 'api' ? this.packageEntries.get(definition.name) : undefined
    const context = this.describeContext(docsUrl)
    const params = definition.params.map((param): ParamReference => {
      const { element, vector } = unwrapVectors(param.type)
      const reference: Omit<ParamReference, 'description'> = {
        name: param.name,
        type: text.slice(param.type.range.start, param.type.range.end),
        elementType: element.name,
        bare: element.bare,
        optional: param.condition !== undefined,
        isFlags: param.type.name === '#',
      }
      if (vector) reference.vector = vector
      if (param.condition) reference.flag = { field: param.condition.field, bit: param.condition.bit }
      const html = documented?.arguments.find((arg) => arg.name === param.name)?.comment
      return lazyDescription(reference, () => (html ? htmlToMarkdown(html, context) : undefined))
    })
    return {
      name: definition.name,
      section,
      id: definition.declaredId ?? 0,
      definition: text.slice(definition.range.start, definition.range.end),
      params,
      location: { file, range: definition.range },
      docsUrl,
      documented,
      describe: () => (documented?.comment ? htmlToMarkdown(documented.comment, context) : undefined),
    }
  }

  private addConstructor(definition: Definition, text: string, file: LayerFile, section: LayerSection, index: SectionIndex): void {
    const { documented: _, describe, ...common } = this.common(definition, text, file, section)
    const reference: ConstructorReference = lazyDescription(
      { ...common, kind: 'constructor' as const, type: definition.result.name },
      describe,
    )
    if (index.constructors.has(reference.name)) return
    index.constructors.set(reference.name, reference)
    this.register(reference)

    let type = index.types.get(reference.type)
    if (!type) {
      const docsUrl = docsPage('type', reference.type)
      const html = section === 'api' ? this.data.schema.u[reference.type] : undefined
      const context = this.describeContext(docsUrl)
      type = lazyDescription(
        {
          kind: 'type' as const,
          name: reference.type,
          section,
          docsUrl,
          constructors: [] as ConstructorReference[],
          returnedBy: [] as MethodReference[],
          acceptedBy: [] as MethodReference[],
          containedIn: [] as ConstructorReference[],
        },
        () => (html ? htmlToMarkdown(html, context) : undefined),
      )
      index.types.set(type.name, type)
      this.types.push(type)
      if (section === 'api') this.byMtcuteName.set(mtcuteName('type', type.name), { text: type.name, url: docsUrl })
    }
    type.constructors.push(reference)
  }

  private addMethod(definition: Definition, text: string, file: LayerFile, section: LayerSection, index: SectionIndex): void {
    const { documented, describe, ...common } = this.common(definition, text, file, section)
    const result = unwrapVectors(definition.result)
    const reference: MethodReference = lazyDescription(
      {
        ...common,
        kind: 'method' as const,
        returns: text.slice(definition.result.range.start, definition.result.range.end),
        returnType: result.element.name,
        errors: this.catalog.forMethod(documented?.throws ?? []),
        availability: section === 'mtproto' ? 'both' : this.availability(definition.name, documented),
      },
      describe,
    )
    if (index.methods.has(reference.name)) return
    index.methods.set(reference.name, reference)
    this.register(reference)
  }

  private register(reference: ConstructorReference | MethodReference): void {
    if (reference.kind === 'constructor') this.constructors.push(reference)
    else this.methods.push(reference)
    if (!this.byId.has(reference.id)) this.byId.set(reference.id, reference)
    if (reference.section === 'api') {
      this.byMtcuteName.set(mtcuteName(reference.kind, reference.name), { text: reference.name, url: reference.docsUrl })
    }
  }

  private availability(name: string, documented: PackageEntry | undefined): Availability {
    if (name in this.data.errors.botOnly) return 'bot'
    if (name in this.data.errors.userOnly) return 'user'
    return documented?.available ? 'both' : 'unknown'
  }

  private describeContext(page: string): DescribeContext {
    return { page, resolveReference: (target) => this.byMtcuteName.get(target) }
  }

  /** Fills returnedBy, acceptedBy and containedIn once every definition of the section is known. */
  private linkTypes(index: SectionIndex): void {
    // A bare constructor name (`vector<future_salt>`) stands for the constructor's type.
    const typeNamed = (name: string) => index.types.get(index.constructors.get(name)?.type ?? name)
    const typesOfParams = (reference: ConstructorReference | MethodReference) =>
      new Set(reference.params.map((param) => typeNamed(param.elementType)).filter((type) => type !== undefined))

    for (const constructor of index.constructors.values()) {
      for (const type of typesOfParams(constructor)) type.containedIn.push(constructor)
    }
    for (const method of index.methods.values()) {
      for (const type of typesOfParams(method)) type.acceptedBy.push(method)
      typeNamed(method.returnType)?.returnedBy.push(method)
    }
  }

  *entries(): IterableIterator<LayerEntry> {
    yield* this.types
    yield* this.constructors
    yield* this.methods
  }

  private lookup<K extends 'constructors' | 'methods' | 'types'>(kind: K, name: string, section?: LayerSection) {
    if (section) return this.sections[section][kind].get(name) as ReturnType<SectionIndex[K]['get']>
    return (this.sections.api[kind].get(name) ?? this.sections.mtproto[kind].get(name)) as ReturnType<SectionIndex[K]['get']>
  }

  findConstructor(name: string, section?: LayerSection): ConstructorReference | undefined {
    return this.lookup('constructors', name, section)
  }

  findMethod(name: string, section?: LayerSection): MethodReference | undefined {
    return this.lookup('methods', name, section)
  }

  findType(name: string, section?: LayerSection): TypeReference | undefined {
    return this.lookup('types', name, section)
  }

  findById(id: number): ConstructorReference | MethodReference | undefined {
    return this.byId.get(id >>> 0)
  }

  find(name: string, section?: LayerSection): LayerEntry | undefined {
    return this.findConstructor(name, section) ?? this.findMethod(name, section) ?? this.findType(name, section)
  }

  lookupError(message: string, method?: string): RpcErrorMatch | undefined {
    return this.catalog.lookup(message, method === undefined ? undefined : this.findMethod(method)?.errors)
  }

  search(query: string, limit = 50): SearchHit<LayerEntry>[] {
    this.nameIndex ??= new NameIndex(Array.from(this.entries(), (entry) => ({ name: entry.name, value: entry })))
    return this.nameIndex.search(query, limit)
  }
}
