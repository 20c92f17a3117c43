import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { Definition, TlDocument } from '../../schema/tl/ast'
import { parseTl } from '../../schema/tl/parser'

const layerFile = (name: string) => readFileSync(new URL(`../../schema/layer/${name}`, import.meta.url), 'utf8')

/** Counts definitions the simple way: the bundled files write one `;`-terminated definition per line. */
function countLines(text: string): { constructors: number; methods: number } {
  let inFunctions = false
  const counts = { constructors: 0, methods: 0 }
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '---functions---') inFunctions = true
    else if (trimmed === '---types---') inFunctions = false
    else if (trimmed.endsWith(';') && !trimmed.startsWith('//')) counts[inFunctions ? 'methods' : 'constructors']++
  }
  return counts
}

function only(doc: TlDocument): Definition {
  assert.deepEqual(doc.diagnostics, [])
  assert.equal(doc.definitions.length, 1)
  return doc.definitions[0]!
}

const textOf = (source: string, range: { start: number; end: number }) => source.slice(range.start, range.end)

describe('parsing the bundled layer', () => {
  for (const file of ['api.tl', 'mtproto.tl']) {
    it(`parses ${file} without diagnostics, one definition per ';'-terminated line`, () => {
      const text = layerFile(file)
      const doc = parseTl(text)
      assert.deepEqual(doc.diagnostics, [])
      const expected = countLines(text)
      assert.equal(doc.definitions.filter((d) => d.kind === 'constructor').length, expected.constructors)
      assert.equal(doc.definitions.filter((d) => d.kind === 'method').length, expected.methods)
    })

    it(`gives every definition of ${file} the range of its whole line`, () => {
      const text = layerFile(file)
      const lines = new Set(text.split('\n').map((line) => line.trim()).filter((line) => line.endsWith(';')))
      for (const def of parseTl(text).definitions) {
        const source = textOf(text, def.range)
        assert.ok(lines.has(source), `range of ${def.name} covers '${source}'`)
        assert.equal(textOf(text, def.nameRange), def.name)
      }
    })
  }

  it('counts the four built-ins of api.tl among its definitions', () => {
    const names = new Set(parseTl(layerFile('api.tl')).definitions.map((d) => d.name))
    for (const builtin of ['boolFalse', 'boolTrue', 'true', 'vector']) assert.ok(names.has(builtin), builtin)
  })

  it('collects the header comment of api.tl', () => {
    const text = layerFile('api.tl')
    const doc = parseTl(text)
    const first = doc.comments[0]!
    assert.equal(first.range.start, 0)
    assert.ok(textOf(text, first.range).startsWith('//'))
    assert.ok(first.text.length > 0 && !first.text.startsWith('//'))
  })
})

describe('TL syntax', () => {
  it('reads the built-in vector definition as builtinVector with no parameters', () => {
    const def = only(parseTl('vector#1cb5c415 {t:Type} # [ t ] = Vector t;'))
    assert.equal(def.builtinVector, true)
    assert.equal(def.declaredId, 0x1cb5c415)
    assert.deepEqual(def.params, [])
    assert.deepEqual(
      def.generics.map((g) => [g.name, g.type]),
      [['t', 'Type']],
    )
    assert.equal(def.result.name, 'Vector')
    assert.deepEqual(
      def.result.args.map((a) => a.name),
      ['t'],
    )
  })

  it('reads a namespaced name, its id and its ranges', () => {
    const source = 'messages.getHistory#4423e6c5 peer:InputPeer = messages.Messages;'
    const def = only(parseTl(source))
    assert.equal(def.name, 'messages.getHistory')
    assert.equal(textOf(source, def.nameRange), 'messages.getHistory')
    assert.equal(def.declaredId, 0x4423e6c5)
    assert.equal(textOf(source, def.idRange!), '#4423e6c5')
    assert.equal(def.result.name, 'messages.Messages')
    assert.equal(def.result.bare, false)
    assert.equal(textOf(source, def.result.range), 'messages.Messages')
    assert.equal(textOf(source, def.range), source)
  })

  it('keeps leading zeros out of the way: #0dbaeae9 is 0x0dbaeae9', () => {
    assert.equal(only(parseTl('a#0dbaeae9 = A;')).declaredId, 0x0dbaeae9)
  })

  it('accepts a definition without an id', () => {
    const def = only(parseTl('message msg_id:long seqno:int bytes:int body:Object = Message;'))
    assert.equal(def.declaredId, undefined)
    assert.equal(def.idRange, undefined)
    assert.deepEqual(
      def.params.map((p) => [p.name, p.type.name]),
      [
        ['msg_id', 'long'],
        ['seqno', 'int'],
        ['bytes', 'int'],
        ['body', 'Object'],
      ],
    )
  })

  it('reads the # flags type and conditional fields on flags and flags2', () => {
    const source = 'm#1 flags:# flags2:# a:flags.0?true b:flags2.31?Vector<int> = M;'
    const def = only(parseTl(source))
    const [flags, flags2, a, b] = def.params
    assert.equal(flags!.type.name, '#')
    assert.equal(flags2!.type.name, '#')
    assert.deepEqual({ field: a!.condition!.field, bit: a!.condition!.bit }, { field: 'flags', bit: 0 })
    assert.equal(textOf(source, a!.condition!.range), 'flags.0?')
    assert.equal(a!.type.name, 'true')
    assert.deepEqual({ field: b!.condition!.field, bit: b!.condition!.bit }, { field: 'flags2', bit: 31 })
    assert.equal(textOf(source, b!.range), 'b:flags2.31?Vector<int>')
    assert.equal(textOf(source, b!.nameRange), 'b')
    assert.equal(textOf(source, b!.type.range), 'Vector<int>')
  })

  it('reads Vector<T>, Vector T and the bare vector<%T> alike', () => {
    const source = 'm#1 a:Vector<long> b:vector<%Message> = Vector long;'
    const def = only(parseTl(source))
    const [a, b] = def.params
    assert.deepEqual([a!.type.name, a!.type.bare, a!.type.args.map((t) => t.name)], ['Vector', false, ['long']])
    assert.deepEqual([b!.type.name, b!.type.bare], ['vector', true])
    assert.deepEqual([b!.type.args[0]!.name, b!.type.args[0]!.bare], ['Message', true])
    assert.equal(textOf(source, b!.type.args[0]!.range), '%Message')
    assert.deepEqual(
      def.result.args.map((t) => t.name),
      ['long'],
    )
    assert.equal(textOf(source, def.result.range), 'Vector long')
  })

  it('marks lowercase and %-prefixed types as bare, and boxed types as not', () => {
    const def = only(parseTl('m#1 a:%Peer b:peerUser c:Peer d:storage.fileJpeg e:int = M;'))
    assert.deepEqual(
      def.params.map((p) => [p.type.name, p.type.bare]),
      [
        ['Peer', true],
        ['peerUser', true],
        ['Peer', false],
        ['storage.fileJpeg', true],
        ['int', true],
      ],
    )
  })

  it('reads generics {X:Type} and !X', () => {
    const source = 'invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;'
    const def = only(parseTl(source))
    assert.equal(def.generics[0]!.name, 'X')
    assert.equal(textOf(source, def.generics[0]!.range), '{X:Type}')
    const query = def.params[1]!
    assert.deepEqual([query.type.name, query.type.bang], ['X', true])
    assert.equal(textOf(source, query.type.range), '!X')
    assert.deepEqual([def.result.name, def.result.bang], ['X', false])
  })

  it('reads every built-in type as a parameter type', () => {
    const builtins = ['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'Bool']
    const def = only(parseTl(`m#1 ${builtins.map((t, i) => `p${i}:${t}`).join(' ')} = M;`))
    assert.deepEqual(
      def.params.map((p) => p.type.name),
      builtins,
    )
  })

  it('switches to methods after ---functions--- and back after ---types---', () => {
    const doc = parseTl('a#1 = A;\n---functions---\nb#2 = A;\n---types---\nc#3 = C;\n')
    assert.deepEqual(doc.diagnostics, [])
    assert.deepEqual(
      doc.definitions.map((d) => [d.name, d.kind]),
      [
        ['a', 'constructor'],
        ['b', 'method'],
        ['c', 'constructor'],
      ],
    )
  })

  it('collects // and /* */ comments with their ranges, and parses around them', () => {
    const source = '// line\na#1 /* inline */ x:int = A; /* multi\nline */\nb#2 = B;'
    const doc = parseTl(source)
    assert.deepEqual(doc.diagnostics, [])
    assert.deepEqual(
      doc.definitions.map((d) => d.name),
      ['a', 'b'],
    )
    assert.deepEqual(
      doc.comments.map((c) => [c.text, textOf(source, c.range)]),
      [
        ['line', '// line'],
        ['inline', '/* inline */'],
        ['multi\nline', '/* multi\nline */'],
      ],
    )
  })

  it('lets a definition span several lines', () => {
    const source = 'a#1\n  x:int\n  y:string\n  = A;'
    const def = only(parseTl(source))
    assert.equal(def.params.length, 2)
    assert.equal(textOf(source, def.range), source)
  })
})

describe('error tolerance', () => {
  it('reports one diagnostic on a bad line and keeps the definitions around it', () => {
    const lines = ['first#1 a:int = First;', 'broken#2 a:int b: = Broken;', 'last#3 c:long = Last;']
    const source = lines.join('\n')
    const doc = parseTl(source)
    assert.equal(doc.diagnostics.length, 1)
    const [diagnostic] = doc.diagnostics
    assert.equal(diagnostic!.code, 'syntax')
    assert.equal(diagnostic!.severity, 'error')
    // The '=' where a type should be.
    const badLineStart = lines[0]!.length + 1
    assert.equal(diagnostic!.range.start, badLineStart + lines[1]!.indexOf(' = ') + 1)
    assert.equal(textOf(source, diagnostic!.range), '=')
    assert.deepEqual(
      doc.definitions.map((d) => [d.name, textOf(source, d.range)]),
      [
        ['first', lines[0]],
        ['last', lines[2]],
      ],
    )
  })

  it('recovers at the next line that starts a definition when a ; and = are missing', () => {
    const source = 'a#1 x:int = A;\nb#2 y:int\nc#3 = C;'
    const doc = parseTl(source)
    assert.equal(doc.diagnostics.length, 1)
    assert.equal(textOf(source, doc.diagnostics[0]!.range), 'c')
    assert.deepEqual(
      doc.definitions.map((d) => d.name),
      ['a', 'c'],
    )
  })

  it('keeps a definition whose ; is missing at the end of its line, and says so', () => {
    const source = 'a#1 x:int = A\nb#2 = B;'
    const doc = parseTl(source)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, d.range]),
      [['missing-semicolon', { start: 13, end: 13 }]],
    )
    assert.deepEqual(
      doc.definitions.map((d) => [d.name, textOf(source, d.range)]),
      [
        ['a', 'a#1 x:int = A'],
        ['b', 'b#2 = B;'],
      ],
    )
  })

  it('rejects an id longer than 8 hex digits, pointing at the id', () => {
    const source = 'a#123456789 = A;\nb#2 = B;'
    const doc = parseTl(source)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, textOf(source, d.range)]),
      [['invalid-id', '#123456789']],
    )
    assert.deepEqual(
      doc.definitions.map((d) => d.name),
      ['b'],
    )
  })

  it('rejects a flag bit that is not a number', () => {
    const source = 'a#1 flags:# x:flags.?int = A;'
    const doc = parseTl(source)
    assert.equal(doc.definitions.length, 0)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, textOf(source, d.range)]),
      [['invalid-flag-bit', '?']],
    )
  })

  it('reports an unterminated comment and an unknown section', () => {
    const source = 'a#1 = A;\n---things---\nb#2 = B;\n/* never closed'
    const doc = parseTl(source)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, textOf(source, d.range)]),
      [
        ['unknown-section', '---things---'],
        ['unterminated-comment', '/* never closed'],
      ],
    )
    assert.deepEqual(
      doc.definitions.map((d) => d.name),
      ['a', 'b'],
    )
  })

  it('reports a stray character and parses the next definition', () => {
    const source = 'a#1 x:int @ = A;\nb#2 = B;'
    const doc = parseTl(source)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, textOf(source, d.range)]),
      [['syntax', '@']],
    )
    assert.deepEqual(
      doc.definitions.map((d) => d.name),
      ['b'],
    )
  })

  it('reports a definition cut off by the end of the text', () => {
    const doc = parseTl('a#1 x:int =')
    assert.equal(doc.definitions.length, 0)
    assert.deepEqual(
      doc.diagnostics.map((d) => [d.code, d.range]),
      [['syntax', { start: 11, end: 11 }]],
    )
  })
})
