// Answers of the layer reference, checked against the @mtcute/tl package data and the raw text of
// api.tl rather than against hand-written expectations.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import apiSchema from '@mtcute/tl/api-schema.json'
import rawErrors from '@mtcute/tl/raw-errors.json'
import type { PackageErrors, PackageSchema } from '../../schema/layer/files'
import { getLayer, type LayerEntry } from '../../schema/layer/reference'

const schema = apiSchema as unknown as PackageSchema
const errors = rawErrors as unknown as PackageErrors
/** mtcute's own helpers, which update.ts leaves out of api.tl. */
const telegramEntries = schema.e.filter((entry) => !entry.name.startsWith('mtcute.'))
const jsonMethods = telegramEntries.filter((entry) => entry.kind === 'method')
const jsonClasses = telegramEntries.filter((entry) => entry.kind === 'class')
const apiTl = readFileSync(join(__dirname, '../../schema/layer/api.tl'), 'utf8')

describe('layer reference', () => {
  test('loads the package data on the first question, not on import', () => {
    // A fresh process, since this file itself imports the data.
    const script = `
      const loaded = () => Object.keys(require.cache).some((path) => path.endsWith('api-schema.json'))
      const { getLayer } = require('./schema/layer/reference.ts')
      const before = loaded()
      getLayer().findMethod('ping')
      console.log(JSON.stringify([before, loaded()]))`
    const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: join(__dirname, '../..'), encoding: 'utf8' })
    assert.equal(run.status, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), [false, true])
  })

  test('builds the reference once and shares it', () => {
    assert.equal(getLayer(), getLayer())
  })

  test('reports the layer of the package data', () => {
    assert.equal(getLayer().layer, schema.l)
  })

  test('finds every method and constructor of the package data, with its id and parameters in order', () => {
    const layer = getLayer()
    for (const entry of telegramEntries) {
      const found = entry.kind === 'method' ? layer.findMethod(entry.name, 'api') : layer.findConstructor(entry.name, 'api')
      assert.ok(found, entry.name)
      assert.equal(found.id, entry.id >>> 0, entry.name)
      assert.deepEqual(
        found.params.map((param) => param.name),
        entry.arguments.map((arg) => arg.name),
        entry.name,
      )
      assert.equal(layer.findById(entry.id), found, entry.name)
    }
  })

  test('marks exactly the parameters behind a flag bit as optional, with that field and bit', () => {
    const layer = getLayer()
    for (const entry of telegramEntries) {
      const params = layer.find(entry.name, 'api') as Exclude<LayerEntry, { kind: 'type' }>
      entry.arguments.forEach((arg, i) => {
        const predicate = (arg as { typeModifiers?: { predicate?: string } }).typeModifiers?.predicate
        const param = params.params[i]!
        if (!predicate) {
          assert.equal(param.optional, false, `${entry.name}.${arg.name}`)
          assert.equal(param.flag, undefined)
          return
        }
        const [field, bit] = predicate.split('.')
        assert.deepEqual(param.flag, { field, bit: Number(bit) }, `${entry.name}.${arg.name}`)
        assert.equal(param.optional, true)
      })
    }
  })

  test('describes the vector and element of a parameter', () => {
    const method = getLayer().findMethod('users.getUsers')!
    assert.deepEqual(
      { type: method.params[0]!.type, elementType: method.params[0]!.elementType, vector: method.params[0]!.vector },
      { type: 'Vector<InputUser>', elementType: 'InputUser', vector: 'boxed' },
    )
    const salts = getLayer().findConstructor('future_salts', 'mtproto')!.params.find((param) => param.name === 'salts')!
    assert.deepEqual([salts.vector, salts.elementType, salts.bare], ['bare', 'future_salt', true])
  })

  test('gives each method the result type of the package data, unwrapping vectors', () => {
    const layer = getLayer()
    for (const entry of jsonMethods) {
      const method = layer.findMethod(entry.name)!
      const isVector = (entry as { typeModifiers?: { isVector?: boolean } }).typeModifiers?.isVector === true
      assert.equal(method.returnType, entry.type === 'int53' ? 'long' : entry.type, entry.name)
      assert.equal(method.returns.startsWith('Vector<'), isVector, entry.name)
    }
    assert.equal(layer.findMethod('messages.getHistory')!.returns, 'messages.Messages')
  })

  test('lists as constructors of InputPeer every api.tl definition of that type', () => {
    const types = apiTl.split('---functions---')[0]!
    const expected = [...types.matchAll(/^([\w.]+)#[0-9a-f]+ .*= InputPeer;$/gm)].map((m) => m[1])
    assert.ok(expected.length > 0)
    assert.deepEqual(
      getLayer().findType('InputPeer')!.constructors.map((c) => c.name),
      expected,
    )
  })

  test('lists the constructors of every type as the package data groups them', () => {
    const byType = new Map<string, string[]>()
    for (const entry of jsonClasses) byType.set(entry.type, [...(byType.get(entry.type) ?? []), entry.name])
    for (const [type, names] of byType) {
      assert.deepEqual(getLayer().findType(type, 'api')!.constructors.map((c) => c.name).sort(), names.sort(), type)
    }
  })

  test('relates types to the methods returning and accepting them and the constructors containing them', () => {
    const layer = getLayer()
    const names = (list: readonly { name: string }[]) => new Set(list.map((entry) => entry.name))
    for (const entry of jsonMethods) {
      assert.ok(names(layer.findType(entry.type)?.returnedBy ?? []).has(entry.name) || !layer.findType(entry.type), entry.name)
      for (const arg of entry.arguments) {
        const type = layer.findType(arg.type, 'api')
        if (type) assert.ok(names(type.acceptedBy).has(entry.name), `${entry.name} accepts ${arg.type}`)
      }
    }
    for (const entry of jsonClasses) {
      for (const arg of entry.arguments) {
        const type = layer.findType(arg.type, 'api')
        if (type) assert.ok(names(type.containedIn).has(entry.name), `${entry.name} contains ${arg.type}`)
      }
    }
    assert.ok(names(layer.findType('InputPeer')!.acceptedBy).has('messages.getHistory'))
    assert.ok(names(layer.findType('messages.Messages')!.returnedBy).has('messages.getHistory'))
    assert.ok(names(layer.findType('User')!.returnedBy).has('users.getUsers'))
  })

  test('relates a bare vector element to its type in the service layer', () => {
    const layer = getLayer()
    assert.deepEqual(
      layer.findType('FutureSalt', 'mtproto')!.containedIn.map((c) => c.name),
      ['future_salts'],
    )
  })

  test('keeps the service layer apart where its names overlap the API layer', () => {
    const layer = getLayer()
    assert.equal(layer.findConstructor('message')!.section, 'api')
    assert.equal(layer.findConstructor('message', 'mtproto')!.params[0]!.name, 'msg_id')
    assert.equal(layer.findMethod('ping')!.section, 'mtproto')
    assert.equal(layer.findType('Message', 'mtproto')!.constructors[0]!.name, 'message')
  })

  test('lists the errors of every method exactly as its documentation page does', () => {
    const layer = getLayer()
    for (const entry of jsonMethods) {
      assert.deepEqual(
        layer.findMethod(entry.name)!.errors.map((error) => [error.pattern, error.code]),
        (entry.throws ?? []).map((row) => [row.name, row.code]),
        entry.name,
      )
    }
  })

  test('falls back to the general error description where a method page leaves it empty', () => {
    const layer = getLayer()
    const row = jsonMethods
      .flatMap((entry) => (entry.throws ?? []).map((error) => ({ method: entry.name, error })))
      .find(({ error }) => !error.comment.trim() && errors.errors[error.name]?.description)
    assert.ok(row, 'the data has such a row')
    const found = layer.findMethod(row.method)!.errors.find((error) => error.pattern === row.error.name)!
    assert.equal(found.description, errors.errors[row.error.name]!.description)
  })

  test('availability follows Telegram lists, and the package field only for documented methods', () => {
    const layer = getLayer()
    for (const entry of jsonMethods) {
      const expected =
        entry.name in errors.botOnly ? 'bot' : entry.name in errors.userOnly ? 'user' : entry.available ? 'both' : 'unknown'
      assert.equal(layer.findMethod(entry.name)!.availability, expected, entry.name)
    }
    assert.ok(Object.keys(errors.botOnly).every((name) => layer.findMethod(name)?.availability === 'bot'))
  })

  test('converts every description to Markdown with resolved references and absolute links', () => {
    for (const entry of getLayer().entries()) {
      const texts = [entry.description, ...(entry.kind === 'type' ? [] : entry.params.map((param) => param.description))]
      for (const text of texts) {
        if (text === undefined) continue
        assert.doesNotMatch(text, /\{@link/, entry.name)
        // Code spans show markup literally on purpose (`<a href="#target">`); everywhere else none may remain.
        const prose = text.replace(/(`+)[\s\S]*?\1/g, '')
        assert.doesNotMatch(prose, /<\/?(a|strong|em|code|br)\b/, entry.name)
        for (const [, url] of text.matchAll(/\]\(([^)]*)\)/g)) assert.match(url!, /^(https?:\/\/|mailto:)/, entry.name)
      }
    }
  })

  test('takes type descriptions from the package data', () => {
    assert.equal(getLayer().findType('InputPeer')!.description, schema.u.InputPeer)
  })

  test('points each entry at its definition in the .tl file', () => {
    const method = getLayer().findMethod('messages.getHistory')!
    assert.equal(method.location.file, 'api.tl')
    assert.equal(apiTl.slice(method.location.range.start, method.location.range.end), method.definition)
    assert.match(method.definition, /^messages\.getHistory#[0-9a-f]{8} .* = messages\.Messages;$/)
  })
})

describe('layer reference: errors', () => {
  const patterns = Object.keys(errors.errors).filter((name) => name.includes('%d'))

  test('matches FLOOD_WAIT_30 to FLOOD_WAIT with value 30 and its code', () => {
    const match = getLayer().lookupError('FLOOD_WAIT_30')!
    assert.deepEqual(
      [match.name, match.value, match.code, match.message],
      ['FLOOD_WAIT', 30, errors.errors['FLOOD_WAIT_%d']!.code, 'FLOOD_WAIT_30'],
    )
    assert.equal(match.code, 420)
    assert.equal(match.valueName, errors.errors['FLOOD_WAIT_%d']!._paramNames![0])
    assert.match(match.description!, /\b30\b/)
  })

  test('matches PHONE_MIGRATE_2 with the data center number as value', () => {
    const match = getLayer().lookupError('PHONE_MIGRATE_2')!
    assert.deepEqual([match.name, match.value, match.code], ['PHONE_MIGRATE', 2, errors.errors['PHONE_MIGRATE_%d']!.code])
  })

  test('matches a concrete message for every numbered error of the data, wherever the number sits', () => {
    for (const pattern of patterns) {
      const match = getLayer().lookupError(pattern.replace('%d', '7'))
      assert.equal(match?.pattern, pattern, pattern)
      assert.equal(match.value, 7)
      assert.equal(match.code, errors.errors[pattern]!.code)
    }
  })

  test('finds numbered errors by pattern, by the X spelling and by name, without a value', () => {
    const layer = getLayer()
    for (const key of ['FLOOD_WAIT_%d', 'FLOOD_WAIT_X', 'FLOOD_WAIT']) {
      const match = layer.lookupError(key)!
      assert.equal(match.pattern, 'FLOOD_WAIT_%d', key)
      assert.equal(match.value, undefined)
    }
    assert.equal(layer.lookupError('FILE_PART_MISSING')!.pattern, 'FILE_PART_%d_MISSING')
  })

  test('finds every plain error of the data by its message', () => {
    for (const [name, error] of Object.entries(errors.errors)) {
      if (name.includes('%d')) continue
      assert.equal(getLayer().lookupError(name)?.code, error.code, name)
    }
  })

  test("prefers a method's own documented code when a method is named", () => {
    const layer = getLayer()
    const row = jsonMethods
      .flatMap((entry) => (entry.throws ?? []).map((error) => ({ method: entry.name, error })))
      .find(({ error }) => errors.errors[error.name] && errors.errors[error.name]!.code !== error.code)
    assert.ok(row, 'the data has a method whose page gives another code')
    assert.equal(layer.lookupError(row.error.name)!.code, errors.errors[row.error.name]!.code)
    assert.equal(layer.lookupError(row.error.name, row.method)!.code, row.error.code)
  })

  test('does not match unknown messages or a number where the pattern has none', () => {
    const layer = getLayer()
    assert.equal(layer.lookupError('NOT_A_REAL_ERROR_NAME'), undefined)
    assert.equal(layer.lookupError('FLOOD_WAIT_'), undefined)
    assert.equal(layer.lookupError('FLOOD_WAIT_3X'), undefined)
    assert.equal(layer.lookupError('CHANNEL_INVALID_5'), undefined)
  })
})

describe('layer reference: search', () => {
  const names = (query: string, limit = 20) => getLayer().search(query, limit).map((hit) => hit.value.name)

  test('ranks the exact name first, then names it prefixes', () => {
    const results = names('InputPeer', 30)
    assert.equal(results[0], 'InputPeer')
    const firstOther = results.findIndex((name) => !name.toLowerCase().startsWith('inputpeer'))
    assert.ok(results.slice(1, firstOther < 0 ? undefined : firstOther).every((name) => name.toLowerCase().startsWith('inputpeer')))
    assert.ok(firstOther < 0 || results.slice(firstOther).every((name) => !name.toLowerCase().startsWith('inputpeer')))
  })

  test('finds a method by its full name or by the name inside its namespace', () => {
    assert.equal(names('messages.getHistory')[0], 'messages.getHistory')
    assert.equal(names('gethistory')[0], 'messages.getHistory')
    assert.deepEqual(names('messages.gethis').slice(0, 1), ['messages.getHistory'])
  })

  test('finds names by fuzzy subsequence when nothing contains the query', () => {
    const results = names('msgsndmsg', 50)
    assert.ok(results.includes('messages.sendMessage'))
  })

  test('scores are ordered best first and the limit is respected', () => {
    const hits = getLayer().search('user', 15)
    assert.equal(hits.length, 15)
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score)
    assert.deepEqual(getLayer().search('   ', 10), [])
  })
})
