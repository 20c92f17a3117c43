import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { parseTl } from '../../schema/tl/parser'
import { formatId, printDefinition } from '../../schema/tl/printer'

const layerFile = (name: string) => readFileSync(new URL(`../../schema/layer/${name}`, import.meta.url), 'utf8')

function print(source: string, options?: { id?: boolean }): string {
  const doc = parseTl(source)
  assert.deepEqual(doc.diagnostics, [])
  return printDefinition(doc.definitions[0]!, options)
}

/** The parse result without source positions, which legitimately move when text is reformatted. */
function withoutRanges(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key.endsWith('ange') ? undefined : v)))
}

describe('printing definitions', () => {
  it('reproduces every line of api.tl exactly', () => {
    const text = layerFile('api.tl')
    const differing: string[] = []
    for (const def of parseTl(text).definitions) {
      const printed = printDefinition(def)
      const source = text.slice(def.range.start, def.range.end)
      if (printed !== source) differing.push(`${source}\n  printed as ${printed}`)
    }
    assert.equal(differing.length, 0, differing.join('\n'))
  })

  for (const file of ['api.tl', 'mtproto.tl']) {
    it(`parses back to the same definitions for every definition of ${file}`, () => {
      for (const def of parseTl(layerFile(file)).definitions) {
        const printed = printDefinition(def)
        // A printed line carries no section, so methods are re-read under ---functions---.
        const reparsed = parseTl(def.kind === 'method' ? `---functions---\n${printed}` : printed)
        assert.deepEqual(reparsed.diagnostics, [], printed)
        const expected = { ...def, declaredId: reparsed.definitions[0]!.declaredId }
        assert.deepEqual(withoutRanges(reparsed.definitions[0]), withoutRanges(expected), printed)
        assert.equal(printDefinition(reparsed.definitions[0]!), printed)
      }
    })
  }

  it('normalizes spacing, Vector T and uppercase hex', () => {
    assert.equal(
      print('  a#0DBAEAE9   x:Vector   long\n  y:flags.1?%Message   =  Vector   A ;'),
      'a#0dbaeae9 x:Vector<long> y:flags.1?%Message = Vector<A>;',
    )
  })

  it('omits the id when asked, and computes it when none is declared', () => {
    assert.equal(
      print('pong#347773c5 msg_id:long ping_id:long = Pong;', { id: false }),
      'pong msg_id:long ping_id:long = Pong;',
    )
    assert.equal(print('pong msg_id:long ping_id:long = Pong;'), 'pong#347773c5 msg_id:long ping_id:long = Pong;')
  })

  it('prints generics, !X and the built-in vector', () => {
    const invoke = 'invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;'
    assert.equal(print(invoke), invoke)
    const vector = 'vector#1cb5c415 {t:Type} # [ t ] = Vector t;'
    assert.equal(print(vector), vector)
  })

  it('writes ids as eight lowercase hex digits', () => {
    assert.equal(formatId(0x1cb5c415), '1cb5c415')
    assert.equal(formatId(0x0a9f2259), '0a9f2259')
    assert.equal(formatId(0), '00000000')
  })
})
