import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { crc32 as gramjsCrc32 } from 'telegram/Helpers'
import { computeId, crc32, idSourceText } from '../../schema/tl/constructor-id'
import { parseTl } from '../../schema/tl/parser'

const layerFile = (name: string) => readFileSync(new URL(`../../schema/layer/${name}`, import.meta.url), 'utf8')
const hex = (id: number) => id.toString(16).padStart(8, '0')

function definitionOf(source: string) {
  const doc = parseTl(source)
  assert.deepEqual(doc.diagnostics, [])
  return doc.definitions[0]!
}

/**
 * @mtcute/tl keeps two retired constructors under a `Legacy` suffix while reusing their names for
 * the current ones; their ids were computed under the original name, so that is where they must
 * re-derive.
 */
function originalName(name: string): string {
  return name.endsWith('Legacy') ? name.slice(0, -'Legacy'.length) : name
}

describe('constructor ids', () => {
  for (const file of ['api.tl', 'mtproto.tl']) {
    it(`re-derives every declared id of ${file}`, () => {
      const doc = parseTl(layerFile(file))
      const mismatches: string[] = []
      let checked = 0
      for (const def of doc.definitions) {
        if (def.declaredId === undefined) continue
        checked++
        let computed = computeId(def)
        if (computed !== def.declaredId && def.name.endsWith('Legacy')) {
          computed = computeId({ ...def, name: originalName(def.name) })
        }
        if (computed !== def.declaredId) {
          const from = idSourceText(def)
          mismatches.push(`${def.name}: declared ${hex(def.declaredId)}, computed ${hex(computed)} from '${from}'`)
        }
      }
      assert.ok(checked > 0)
      assert.equal(mismatches.length, 0, `${mismatches.length} of ${checked} ids differ:\n${mismatches.join('\n')}`)
    })
  }

  it('only resorts to the original name for the two Legacy constructors of api.tl', () => {
    const legacy = parseTl(layerFile('api.tl')).definitions.filter((d) => d.declaredId !== computeId(d))
    assert.deepEqual(
      legacy.map((d) => d.name),
      ['inputPeerPhotoFileLocationLegacy', 'inputStickerSetThumbLegacy'],
    )
  })

  it('ignores flags.N?true fields, which occupy no bytes', () => {
    const withFlag = definitionOf('a#1 flags:# big:flags.0?true x:int = A;')
    const without = definitionOf('a#1 flags:# x:int = A;')
    assert.equal(computeId(withFlag), computeId(without))
    assert.notEqual(computeId(withFlag), computeId(definitionOf('a#1 flags:# big:flags.0?int x:int = A;')))
  })

  it('hashes a bytes parameter as string, but keeps bytes inside Vector', () => {
    assert.equal(computeId(definitionOf('a x:bytes = A;')), computeId(definitionOf('a x:string = A;')))
    assert.equal(idSourceText(definitionOf('a x:Vector<bytes> = A;')), 'a x:Vector bytes = A')
  })

  it('writes generics, !X, Vector<T> and %T the way the ids expect', () => {
    assert.equal(
      idSourceText(definitionOf('invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;')),
      'invokeWithLayer X:Type layer:int query:!X = X',
    )
    assert.equal(
      idSourceText(definitionOf('msg_container#73f1f8dc messages:vector<%Message> = MessageContainer;')),
      'msg_container messages:vector message = MessageContainer',
    )
    assert.equal(
      idSourceText(definitionOf('vector#1cb5c415 {t:Type} # [ t ] = Vector t;')),
      'vector t:Type # [ t ] = Vector t',
    )
  })

  it('does not depend on the declared id', () => {
    const declared = definitionOf('pong#347773c5 msg_id:long ping_id:long = Pong;')
    const undeclared = definitionOf('pong msg_id:long ping_id:long = Pong;')
    assert.equal(computeId(declared), computeId(undeclared))
    assert.equal(computeId(undeclared), 0x347773c5)
  })
})

describe('crc32', () => {
  it('agrees with the CRC32 GramJS uses for its own ids', () => {
    const samples = ['', 'a', 'Peer', 'vector t:Type # [ t ] = Vector t', 'ünïcödé text', 'x'.repeat(1000)]
    for (const sample of samples) {
      assert.equal(crc32(sample), gramjsCrc32(Buffer.from(sample, 'utf8')) >>> 0, sample)
      assert.equal(crc32(new TextEncoder().encode(sample)), crc32(sample))
    }
  })
})
