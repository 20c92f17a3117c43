/**
 * Prints definitions back as canonical TL: single spaces, `name#xxxxxxxx`, and `Vector<T>` for
 * type arguments. This is the form api.tl is written in, so printing a parsed line reproduces it.
 */
import type { Definition, Param, TypeExpr } from './ast'
import { computeId } from './constructor-id'

export interface PrintOptions {
  /**
   * Whether to write `#xxxxxxxx` after the name (default true): the declared id, or the computed
   * one when the definition declares none.
   */
  id?: boolean
}

export function printDefinition(def: Definition, options: PrintOptions = {}): string {
  let text = def.name
  if (options.id !== false) text += `#${formatId(def.declaredId ?? computeId(def))}`
  for (const generic of def.generics) text += ` {${generic.name}:${generic.type}}`
  if (def.builtinVector) {
    // The one definition whose body is not a parameter list keeps its special spelling.
    const element = def.generics[0]?.name ?? 't'
    return `${text} # [ ${element} ] = Vector ${element};`
  }
  for (const param of def.params) text += ` ${printParam(param)}`
  return `${text} = ${printType(def.result)};`
}

/** Eight lowercase hex digits, as ids are written in TL. */
export function formatId(id: number): string {
  return (id >>> 0).toString(16).padStart(8, '0')
}

export function printParam(param: Param): string {
  const condition = param.condition ? `${param.condition.field}.${param.condition.bit}?` : ''
  return `${param.name}:${condition}${printType(param.type)}`
}

export function printType(type: TypeExpr): string {
  let text = type.bang ? `!${type.name}` : type.percent ? `%${type.name}` : type.name
  if (type.args.length > 0) text += `<${type.args.map(printType).join(',')}>`
  return text
}
