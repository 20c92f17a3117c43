/**
 * "Copy as…": a planned cell as working code for one of three clients.
 *
 *   workbench  const result = await client.invoke({ _: 'messages.getHistory', peer: 'me', limit: 5, ... })
 *   gramjs     const result = await client.invoke(new Api.messages.GetHistory({ peer: 'me', limit: 5, ... }))
 *   telethon   from telethon.tl.functions.messages import GetHistoryRequest
 *              result = await client(GetHistoryRequest(peer='me', limit=5, ...))
 *
 * The code is built from the plan's TL objects, so what is copied is what the cell sends, with the
 * zeros the plan filled in. Peer-like values stay as written: all three clients resolve `'me'`,
 * usernames and marked ids themselves. Several calls become one container (`client.invoke([...])`,
 * `client([...])`), in order where the cell says `// ordered`; GramJS has no containers in its
 * public API, so its calls are awaited together, or one after another when ordered.
 */
import { getLayer, type LayerReference, type ParamReference } from '../../schema/layer/reference'
import type { TlObject } from '../../schema/request'
import { hostDefinitionName, hostFieldName } from '../../language-server/calls'
import type { CellPlan } from './plan'
import { pythonBool, pythonBytes, pythonFloat, pythonString } from './python-repr'

export type CopyTarget = 'workbench' | 'gramjs' | 'telethon'

export const COPY_TARGETS: readonly { target: CopyTarget; label: string }[] = [
  { target: 'workbench', label: 'Telegram Workbench client (TypeScript)' },
  { target: 'gramjs', label: 'GramJS (TypeScript)' },
  { target: 'telethon', label: 'Telethon (Python)' },
]

export class CopyAsError extends Error {
  override readonly name = 'CopyAsError'
}

export interface CopyOptions {
  layer?: LayerReference
  /** Lines wider than this put one parameter per line. */
  width?: number
}

export function copyAs(plan: CellPlan, target: CopyTarget, options: CopyOptions = {}): string {
  if (!plan.runnable) throw new CopyAsError('The cell has errors; fix them before copying it as code.')
  if (plan.calls.length === 0) throw new CopyAsError('The cell has no call to copy.')
  const writer = new CodeWriter(target, options.layer ?? getLayer(), options.width ?? 100)
  return writer.program(plan.calls.map((call) => call.request), plan.mode === 'ordered')
}

type Dialect = 'tl' | 'gramjs' | 'telethon'

class CodeWriter {
  private readonly dialect: Dialect
  /** Python imports, module → names, in order of first use. */
  private readonly pythonImports = new Map<string, Set<string>>()
  private usesBigInt = false

  constructor(
    private readonly target: CopyTarget,
    private readonly layer: LayerReference,
    private readonly width: number,
  ) {
    this.dialect = target === 'workbench' ? 'tl' : target
  }

  program(requests: TlObject[], ordered: boolean): string {
    const single = requests.length === 1
    const built = requests.map((request) => this.object(request, 0, true))
    let body: string
    switch (this.target) {
      case 'workbench':
        body = single
          ? `const result = await client.invoke(${built[0]})`
          : `const results = await client.invoke([\n${built.map((code) => `  ${indent(code, '  ')},\n`).join('')}]${ordered ? ', { ordered: true }' : ''})`
        break
      case 'gramjs':
        if (single) body = `const result = await client.invoke(${built[0]})`
        else if (ordered) body = built.map((code, i) => `const result${i + 1} = await client.invoke(${code})`).join('\n')
        else body = `const results = await Promise.all([\n${built.map((code) => `  client.invoke(${indent(code, '  ')}),\n`).join('')}])`
        break
      case 'telethon':
        body = single
          ? `result = await client(${built[0]})`
          : `results = await client([\n${built.map((code) => `    ${indent(code, '    ')},\n`).join('')}]${ordered ? ', ordered=True' : ''})`
        break
    }
    return `${this.header()}${body}\n`
  }

  private header(): string {
    switch (this.target) {
      case 'workbench':
        return '' // `client` is the signed-in TelegramClient; its invoke resolves peers and fills random_id.
      case 'gramjs':
        return `import { Api } from 'telegram'\n${this.usesBigInt ? "import bigInt from 'big-integer'\n" : ''}\n`
      case 'telethon': {
        const lines = [...this.pythonImports].map(([module, names]) => `from ${module} import ${[...names].join(', ')}`)
        return `${lines.join('\n')}\n\n`
      }
    }
  }

  /** A method or constructor; `top` marks a request, which may spread over several lines. */
  private object(object: TlObject, depth: number, top: boolean): string {
    const definition = this.layer.findMethod(object._) ?? this.layer.findConstructor(object._)
    if (!definition) throw new CopyAsError(`${object._} is not in layer ${this.layer.layer}.`)
    const args: string[] = []
    for (const param of definition.params) {
      const value = object[param.name]
      if (value === undefined || param.isFlags) continue
      args.push(this.argument(param, this.value(value, param, depth + 1, false)))
    }
    const name = hostDefinitionName(definition.name, definition.kind, this.dialect)
    switch (this.dialect) {
      case 'tl':
        return this.braces([`_: ${jsString(definition.name)}`, ...args], depth, top)
      case 'gramjs':
        return `new Api.${name}(${args.length > 0 ? this.braces(args, depth, top) : ''})`
      case 'telethon': {
        const short = this.importPython(name, definition.kind)
        return `${short}(${this.pythonArguments(args, depth, top)})`
      }
    }
  }

  private argument(param: ParamReference, value: string): string {
    if (this.dialect === 'telethon') return `${hostFieldName(param.name, 'telethon')}=${value}`
    const key = hostFieldName(param.name, this.dialect)
    return `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : jsString(key)}: ${value}`
  }

  /** `{ a: 1, b: 2 }` on one line when it fits, else one property per line. */
  private braces(parts: string[], depth: number, top: boolean): string {
    const inline = `{ ${parts.join(', ')} }`
    if (!top || inline.length + depth * 2 + 40 <= this.width) return inline
    return `{\n${parts.map((part) => `  ${part},\n`).join('')}}`
  }

  private pythonArguments(parts: string[], depth: number, top: boolean): string {
    const inline = parts.join(', ')
    if (!top || inline.length + depth * 4 + 40 <= this.width) return inline
    return `\n${parts.map((part) => `    ${part}`).join(',\n')}\n`
  }

  /** `Request` for methods, as Telethon names them; imports the class and returns its short name. */
  private importPython(name: string, kind: 'method' | 'constructor'): string {
    const dot = name.lastIndexOf('.')
    const namespace = dot >= 0 ? `.${name.slice(0, dot)}` : ''
    const module = `telethon.tl.${kind === 'method' ? 'functions' : 'types'}${namespace}`
    const short = name.slice(dot + 1)
    const names = this.pythonImports.get(module) ?? new Set()
    names.add(short)
    this.pythonImports.set(module, names)
    return short
  }

  private value(value: unknown, param: ParamReference, depth: number, inList: boolean): string {
    if (Array.isArray(value) && !inList) {
      const items = value.map((item) => this.value(item, param, depth, true))
      return `[${items.join(', ')}]`
    }
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array) && typeof (value as TlObject)._ === 'string') {
      return this.object(value as TlObject, depth, false)
    }
    const type = param.elementType
    switch (this.dialect) {
      case 'tl':
        return tsValue(value)
      case 'gramjs':
        return this.gramjsValue(value, type)
      case 'telethon':
        return pythonValue(value, type)
    }
  }

  private gramjsValue(value: unknown, type: string): string {
    // GramJS types long, int128 and int256 as big-integer's BigInteger, and bytes as Buffer.
    if (typeof value === 'bigint' || ((type === 'long' || type === 'int128' || type === 'int256') && typeof value === 'number')) {
      this.usesBigInt = true
      return `bigInt(${jsString(String(value))})`
    }
    if (value instanceof Uint8Array) {
      if (type === 'int128' || type === 'int256') {
        this.usesBigInt = true
        return `bigInt(${jsString(signedLittleEndian(value).toString())})`
      }
      const text = utf8Text(value)
      return text === undefined ? `Buffer.from(${jsString(hexOf(value))}, 'hex')` : `Buffer.from(${jsString(text)})`
    }
    return tsValue(value)
  }
}

// ---- literals

function jsString(text: string): string {
  const escaped = text
    .replace(/[\\']/g, '\\$&')
    .replace(/[\x00-\x1f\x7f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return `'${escaped}'`
}

function tsValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsString(value)
    case 'bigint':
      return `${value}n`
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value)
    case 'boolean':
      return String(value)
  }
  if (value instanceof Uint8Array) {
    const text = utf8Text(value)
    return text === undefined ? `new Uint8Array([${[...value].join(', ')}])` : `new TextEncoder().encode(${jsString(text)})`
  }
  throw new CopyAsError(`Cannot write ${String(value)} as code.`)
}

function pythonValue(value: unknown, type: string): string {
  switch (typeof value) {
    case 'string':
      return pythonString(value)
    case 'bigint':
      return value.toString()
    case 'number':
      return type === 'double' ? pythonFloat(value) : Number.isInteger(value) ? String(value) : pythonFloat(value)
    case 'boolean':
      return pythonBool(value)
  }
  if (value instanceof Uint8Array) {
    if (type === 'int128' || type === 'int256') return signedLittleEndian(value).toString()
    return pythonBytes(value)
  }
  throw new CopyAsError(`Cannot write ${String(value)} as code.`)
}

/** Printable UTF-8 text, or undefined for bytes that are not (they are written as hex or a byte list). */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return /^[^\p{C}]*$/u.test(text.replace(/[\n\t]/g, '')) ? text : undefined
  } catch {
    return undefined
  }
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** int128/int256 as the signed little-endian integers GramJS and Telethon hold them as. */
function signedLittleEndian(bytes: Uint8Array): bigint {
  let value = 0n
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!)
  const bits = BigInt(bytes.length * 8)
  return bytes.length > 0 && bytes[bytes.length - 1]! & 0x80 ? value - (1n << bits) : value
}

function indent(code: string, prefix: string): string {
  return code.replace(/\n/g, `\n${prefix}`)
}
