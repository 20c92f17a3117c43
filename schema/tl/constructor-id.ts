/**
 * TL constructor ids: the CRC32 of a definition written in a normalized form. The normalization
 * follows Telegram's own schema tooling, which is what the declared ids in api.tl were made with.
 */
import { crc32 as zlibCrc32 } from 'node:zlib'
import type { Definition, Param, TypeExpr } from './ast'

/** The IEEE CRC32 of `data` (a string is hashed as UTF-8), as an unsigned 32-bit number. */
export function crc32(data: string | Uint8Array): number {
  return zlibCrc32(data) >>> 0
}

/** The constructor id a definition should have, whatever id it declares. */
export function computeId(def: Definition): number {
  return crc32(idSourceText(def))
}

/**
 * The text whose CRC32 is the id. Compared with the written definition it has no `#id`, generics
 * without braces (`X:Type`), `Vector t` instead of `Vector<t>`, `string` wherever a parameter is
 * `bytes` (the two share a wire format; type arguments and results keep `bytes`), bare types by
 * their lowercase name, and no `flags.N?true` fields (they occupy no bytes).
 */
export function idSourceText(def: Definition): string {
  let text = def.name
  for (const generic of def.generics) text += ` ${generic.name}:${generic.type}`
  if (def.builtinVector) {
    text += ` # [ ${def.generics[0]?.name ?? 't'} ]`
  } else {
    for (const param of def.params) {
      if (isTrueFlag(param)) continue
      text += ` ${param.name}:`
      if (param.condition) text += `${param.condition.field}.${param.condition.bit}?`
      text += typeText(param.type, true)
    }
  }
  return `${text} = ${typeText(def.result, false)}`
}

function isTrueFlag(param: Param): boolean {
  return param.condition !== undefined && param.type.name === 'true' && param.type.args.length === 0
}

function typeText(type: TypeExpr, isParam: boolean): string {
  let name = type.name
  if (isParam && name === 'bytes') name = 'string'
  if (type.bang) name = `!${name}`
  else if (type.bare) name = bareName(name)
  let text = name
  for (const arg of type.args) text += ` ${typeText(arg, false)}`
  return text
}

/**
 * `%Message` is hashed under its bare name `message` (the type name with its last segment
 * lowercased at the first letter), as msg_container's id `vector<%Message>` shows.
 */
function bareName(name: string): string {
  const at = name.lastIndexOf('.') + 1
  return name.slice(0, at) + name.charAt(at).toLowerCase() + name.slice(at + 1)
}
