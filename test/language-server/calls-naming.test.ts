import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import { getLayer } from '../../schema/layer/reference'
import {
  type DefinitionKind,
  type Dialect,
  guessTlName,
  hostDefinitionName,
  hostFieldName,
  HostNames,
} from '../../language-server/calls/naming'

const require = createRequire(import.meta.url)
const layer = getLayer()
const names = new HostNames(layer)
const kinds: DefinitionKind[] = ['method', 'constructor']

interface GramjsDefinition {
  name: string
  namespace?: string
  constructorId: number
  isFunction: boolean
  argsConfig: Record<string, { flagIndicator: boolean }>
}

/** GramJS's own generator, run over its own TL text (layer 198): class and field names as GramJS makes them. */
function gramjsDefinitions(): GramjsDefinition[] {
  const { parseTl } = require('telegram/tl/generationHelpers') as {
    parseTl: (text: string, layer: number, methods: unknown[], ignoreIds: Set<number>) => Iterable<GramjsDefinition>
  }
  const texts = [require('telegram/tl/apiTl') as string, require('telegram/tl/schemaTl') as string]
  return texts.flatMap((text) => [...parseTl(text, 198, [], new Set())])
}

describe('host names of every definition of the layer', () => {
  for (const dialect of ['tl', 'mtcute', 'gramjs', 'telethon'] as Dialect[]) {
    for (const kind of kinds) {
      it(`maps every ${kind} to a ${dialect} name and back to the same definition`, () => {
        const definitions = kind === 'method' ? layer.methods : layer.constructors
        let checked = 0
        for (const definition of definitions) {
          const host = hostDefinitionName(definition.name, kind, dialect)
          const back = names.definition(host, kind, dialect)
          // A service-layer definition may share its name with an API one (`message`); the API one wins.
          const expected = definition.section === 'api' ? definition : (layer.find(definition.name, 'api') ?? definition)
          assert.equal(back?.name, expected.name, `${definition.name} → ${host} → ${back?.name}`)
          if (expected === definition) assert.equal(back, definition)
          checked++
        }
        assert.equal(checked, definitions.length)
        assert.ok(checked > (kind === 'method' ? 700 : 1400))
      })
    }
  }

  it('gives distinct class names to distinct definitions, so the way back is never ambiguous', () => {
    for (const dialect of ['gramjs', 'telethon'] as Dialect[]) {
      for (const kind of kinds) {
        const apiNames = (kind === 'method' ? layer.methods : layer.constructors).filter((d) => d.section === 'api')
        const hostNames = new Set(apiNames.map((definition) => hostDefinitionName(definition.name, kind, dialect)))
        assert.equal(hostNames.size, apiNames.length, `${dialect} ${kind}s`)
      }
    }
  })

  it('maps every parameter name to each dialect and back, per definition', () => {
    for (const definition of [...layer.methods, ...layer.constructors]) {
      for (const param of definition.params) {
        for (const dialect of ['tl', 'mtcute', 'gramjs', 'telethon'] as Dialect[]) {
          assert.equal(names.param(definition, hostFieldName(param.name, dialect), dialect), param, `${definition.name}.${param.name} in ${dialect}`)
        }
      }
    }
  })
})

describe('agreement with the libraries themselves', () => {
  it("gives GramJS's class and field names for every definition both layers share", () => {
    let shared = 0
    for (const gramjs of gramjsDefinitions()) {
      const ours = layer.findById(gramjs.constructorId)
      // Same id means same definition text, hence the same name and parameters.
      if (!ours || ours.section !== 'api') continue
      const kind = ours.kind
      assert.equal(kind === 'method', gramjs.isFunction)
      const gramjsName = gramjs.namespace ? `${gramjs.namespace}.${gramjs.name}` : gramjs.name
      assert.equal(hostDefinitionName(ours.name, kind, 'gramjs'), gramjsName)
      assert.equal(names.definition(gramjsName, kind, 'gramjs'), ours)
      // A definition may have gained a flag field under the same id (channelForbidden's monoforum).
      for (const key of Object.keys(gramjs.argsConfig)) {
        const param = names.param(ours, key, 'gramjs')
        assert.ok(param, `${ours.name}.${key}`)
        assert.equal(hostFieldName(param.name, 'gramjs'), key)
      }
      shared++
    }
    assert.ok(shared > 1500, `${shared} definitions shared with GramJS`)
  })

  it("gives mtcute's field names for every method and constructor, as its binary writer reads them", () => {
    const writer = readFileSync(require.resolve('@mtcute/tl/binary/writer.js'), 'utf8')
    let checked = 0
    for (const line of writer.split('\n')) {
      const entry = /^'([\w.]+)':function\(w(?:,v)?\)\{(.*)\},?$/.exec(line)
      if (!entry) continue
      const [, name, body] = entry
      const definition = layer.findMethod(name!, 'api') ?? layer.findConstructor(name!, 'api')
      if (!definition) continue
      const read = new Set([...body!.matchAll(/h\(v,'(\w+)'\)|\bv\.(\w+)/g)].map((match) => match[1] ?? match[2]))
      read.delete('_')
      const ours = new Set(definition.params.filter((param) => !param.isFlags).map((param) => hostFieldName(param.name, 'mtcute')))
      assert.deepEqual(read, ours, name)
      checked++
    }
    const apiDefinitions = [...layer.methods, ...layer.constructors].filter((definition) => definition.section === 'api')
    // mtcute writes Bool and True natively and has no entry for them or for the built-in vector.
    assert.equal(checked, apiDefinitions.length - ['boolFalse', 'boolTrue', 'true', 'vector'].length)
  })

  it('gives the Telethon class names the seed documentation imports and calls', () => {
    const docs = readFileSync('/work/shared/seed/telethon-docs.txt', 'utf8')
    const seen = new Map<string, string>()
    for (const [, namespace, className] of docs.matchAll(/from telethon\.tl\.functions(?:\.(\w+))? import (\w+Request)\b/g)) {
      seen.set(namespace ? `${namespace}.${className}` : className!, 'import')
    }
    for (const [, path] of docs.matchAll(/\bfunctions\.((?:\w+\.)?\w+Request)\(/g)) seen.set(path!, 'call')
    assert.ok(seen.size >= 10, `${seen.size} class names found in the docs`)
    for (const className of seen.keys()) {
      const method = names.definition(className, 'method', 'telethon')
      assert.ok(method, `${className} names a method`)
      assert.equal(hostDefinitionName(method.name, 'method', 'telethon'), className)
    }
    for (const [, className] of docs.matchAll(/\btypes\.(\w+)\(/g)) {
      assert.ok(names.definition(className!, 'constructor', 'telethon'), `types.${className} names a constructor`)
    }
  })

  it('spells the service layer the way both generators do: underscores and capitals', () => {
    assert.equal(hostDefinitionName('server_DH_params_ok', 'constructor', 'telethon'), 'ServerDHParamsOk')
    assert.equal(hostDefinitionName('req_pq_multi', 'method', 'telethon'), 'ReqPqMultiRequest')
    assert.equal(hostFieldName('srp_B', 'gramjs'), 'srp_B')
    assert.equal(hostFieldName('srp_B', 'mtcute'), 'srpB')
  })
})

describe('guessing the TL name of an unknown host name', () => {
  it('undoes the class spelling so the guess can be compared with real names', () => {
    assert.equal(guessTlName('messages.GetHistryRequest', 'method', 'telethon'), 'messages.getHistry')
    assert.equal(guessTlName('messages.GetHistry', 'method', 'gramjs'), 'messages.getHistry')
    assert.equal(guessTlName('InputPeerSelff', 'constructor', 'telethon'), 'inputPeerSelff')
    assert.equal(guessTlName('messages.getHistry', 'method', 'mtcute'), 'messages.getHistry')
  })
})
