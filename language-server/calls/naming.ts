/**
 * How each client library spells TL names, and the way back from its spelling to the layer's names.
 *
 *   dialect    method                           constructor        field
 *   tl         messages.getHistory              inputPeerSelf      offset_id     (cells, our client)
 *   mtcute     messages.getHistory              inputPeerSelf      offsetId
 *   gramjs     messages.GetHistory              InputPeerSelf      offsetId      (srp_B stays srp_B)
 *   telethon   messages.GetHistoryRequest       InputPeerSelf      offset_id
 *
 * Class names follow the generators of Telethon and GramJS: the namespace is kept, and in the rest
 * every `_x` with a lowercase x becomes `X`, the first letter is upper-cased and any underscore left
 * is dropped (`server_DH_params_ok` → `ServerDHParamsOk`); Telethon adds `Request` to methods. Field
 * names: GramJS upper-cases a letter after `_` only when it is lowercase; mtcute after any underscore.
 *
 * Going back is not a case conversion: the conversions lose information (`srp_B` and `srp_b` would
 * meet), so host names are looked up in tables built from the layer's own definitions.
 */
import type { ConstructorReference, LayerReference, MethodReference, ParamReference } from '../../schema/layer/reference'

export type Dialect = 'tl' | 'mtcute' | 'gramjs' | 'telethon'

export type DefinitionKind = 'method' | 'constructor'

/** Splits `messages.getHistory` into `messages.` and `getHistory`. */
function splitNamespace(name: string): [namespace: string, short: string] {
  const dot = name.lastIndexOf('.')
  return [name.slice(0, dot + 1), name.slice(dot + 1)]
}

/** The class name generators of Telethon and GramJS give a TL name, without any suffix. */
function pascalCase(short: string): string {
  const joined = short.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
  return joined.slice(0, 1).toUpperCase() + joined.slice(1).replace(/_/g, '')
}

/** The name a library uses for a TL method or constructor. */
export function hostDefinitionName(tlName: string, kind: DefinitionKind, dialect: Dialect): string {
  if (dialect === 'tl' || dialect === 'mtcute') return tlName
  const [namespace, short] = splitNamespace(tlName)
  const suffix = dialect === 'telethon' && kind === 'method' ? 'Request' : ''
  return namespace + pascalCase(short) + suffix
}

/** The name a library uses for a TL parameter. */
export function hostFieldName(tlParam: string, dialect: Dialect): string {
  switch (dialect) {
    case 'tl':
      return tlParam
    case 'telethon':
      // Telethon's generator renames the one TL parameter that clashes with Python's `self`.
      return tlParam === 'self' ? 'is_self' : tlParam
    case 'gramjs':
      return tlParam.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
    case 'mtcute':
      return tlParam.replace(/(?<=.)_([a-zA-Z0-9])/g, (_, letter: string) => letter.toUpperCase())
  }
}

/**
 * A best guess at the TL name behind a host name the layer does not know (`messages.GetHistryRequest`
 * → `messages.getHistry`), so that "did you mean" can compare it with real TL names.
 */
export function guessTlName(hostName: string, kind: DefinitionKind, dialect: Dialect): string {
  if (dialect === 'tl' || dialect === 'mtcute') return hostName
  const [namespace, short] = splitNamespace(hostName)
  const bare = dialect === 'telethon' && kind === 'method' ? short.replace(/Request$/, '') : short
  return namespace + bare.slice(0, 1).toLowerCase() + bare.slice(1)
}

type Definition = MethodReference | ConstructorReference

/** Host names to TL definitions, for one layer, built once per dialect on first use. */
export class HostNames {
  private readonly tables = new Map<string, Map<string, Definition>>()

  constructor(private readonly layer: LayerReference) {}

  /** The method or constructor a host name stands for (`messages.GetHistory` in gramjs), if the layer has it. */
  definition(hostName: string, kind: DefinitionKind, dialect: Dialect): Definition | undefined {
    return this.table(kind, dialect).get(hostName)
  }

  /** The parameter of `definition` a host key names (`offsetId` → offset_id). */
  param(definition: Definition, hostKey: string, dialect: Dialect): ParamReference | undefined {
    if (dialect === 'tl') return definition.params.find((param) => param.name === hostKey)
    return definition.params.find((param) => hostFieldName(param.name, dialect) === hostKey)
  }

  /** Every host name of a kind with its definition; the API layer wins over the service layer. */
  entries(kind: DefinitionKind, dialect: Dialect): ReadonlyMap<string, Definition> {
    return this.table(kind, dialect)
  }

  private table(kind: DefinitionKind, dialect: Dialect): Map<string, Definition> {
    const key = `${kind}:${dialect}`
    let table = this.tables.get(key)
    if (!table) {
      table = new Map()
      const definitions: readonly Definition[] = kind === 'method' ? this.layer.methods : this.layer.constructors
      for (const definition of definitions) {
        const hostName = hostDefinitionName(definition.name, kind, dialect)
        const existing = table.get(hostName)
        if (!existing || (existing.section === 'mtproto' && definition.section === 'api')) table.set(hostName, definition)
      }
      this.tables.set(key, table)
    }
    return table
  }
}
