/**
 * Fills the TL names of a call written in a library's spelling: `messages.GetHistory` → messages.getHistory,
 * `offsetId` → offset_id. Names the layer does not know get a best guess, kept for "did you mean".
 */
import type { ConstructorReference, LayerReference, MethodReference, ParamReference } from '../../schema/layer/reference'
import type { TlObjectNode, ValueNode } from '../../schema/request/ast'
import type { RootKind } from './model'
import { type DefinitionKind, type Dialect, guessTlName, HostNames } from './naming'

const hostNamesByLayer = new WeakMap<LayerReference, HostNames>()

export function hostNamesOf(layer: LayerReference): HostNames {
  let names = hostNamesByLayer.get(layer)
  if (!names) hostNamesByLayer.set(layer, (names = new HostNames(layer)))
  return names
}

/** `offsetId` → `offset_id`: the guess for a key that no parameter of the definition matches. */
function snakeCase(key: string): string {
  return key.replace(/(?<=[a-z0-9])([A-Z])/g, (_, letter: string) => `_${letter.toLowerCase()}`)
}

/** The definition a host name stands for, trying the kinds `rootKind` allows. */
export function findHostDefinition(
  layer: LayerReference,
  hostName: string,
  rootKind: RootKind,
  dialect: Dialect,
): MethodReference | ConstructorReference | undefined {
  const names = hostNamesOf(layer)
  const kinds: DefinitionKind[] = rootKind === 'any' ? ['method', 'constructor'] : [rootKind]
  for (const kind of kinds) {
    const found = names.definition(hostName, kind, dialect)
    if (found) return found
  }
  return undefined
}

/**
 * The parameters Telethon's generated `__init__` takes positionally: flag fields left out, and the
 * optional ones (and `random_id`, which Telethon fills in itself) moved after the required ones.
 */
export function telethonPositionalParams(definition: MethodReference | ConstructorReference): ParamReference[] {
  const real = definition.params.filter((param) => !param.isFlags)
  const later = (param: ParamReference) => param.optional || param.name === 'random_id'
  return [...real.filter((param) => !later(param)), ...real.filter(later)]
}

/** Sets `name` on every name and key under `root` from its host `text`. Cells need no pass: both are equal. */
export function resolveHostNames(root: TlObjectNode, rootKind: RootKind, dialect: Dialect, layer: LayerReference): void {
  if (dialect === 'tl') return
  const names = hostNamesOf(layer)

  const visitObject = (node: TlObjectNode, kind: RootKind): void => {
    const definition = node.name ? findHostDefinition(layer, node.name.text, kind, dialect) : undefined
    if (node.name) {
      node.name.name = definition?.name ?? guessTlName(node.name.text, kind === 'constructor' ? 'constructor' : 'method', dialect)
    }
    const positional = definition ? telethonPositionalParams(definition) : []
    let position = 0
    for (const property of node.properties) {
      if (!property.key) property.name = positional[position++]?.name ?? ''
      else {
        const param = definition && names.param(definition, property.key.text, dialect)
        property.key.name = param?.name ?? (dialect === 'telethon' ? property.key.text : snakeCase(property.key.text))
        property.name = property.key.name
      }
      if (property.value) visitValue(property.value)
    }
  }

  const visitValue = (value: ValueNode): void => {
    if (value.kind === 'call' || value.kind === 'object') visitObject(value, 'constructor')
    else if (value.kind === 'array') value.elements.forEach(visitValue)
  }

  visitObject(root, rootKind)
}
