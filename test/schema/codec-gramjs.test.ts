/**
 * A second independent implementation: GramJS, on an older layer. For every definition whose id
 * both layers share (same id, so the same fields), our bytes must equal GramJS's, our decoder must
 * read GramJS's bytes, and GramJS must read ours.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeObject, encodeObject, type TlObject } from '../../schema/codec'
import { type LayerDefinition, loadModel } from '../../schema/codec/model'
import { GramjsBridge, gramjsRead } from '../../schema/codec/testing/gramjs'
import { NoSampleError, SampleBuilder, type SampleMode } from '../../schema/codec/testing/samples'

const model = loadModel()
const gramjs = new GramjsBridge(model)
const samples = new SampleBuilder(model, { allowConstructor: (d) => gramjs.has(d), nonZeroInts: true })
/** GramJS's generated classes cannot express a bare vector of bare constructors (`salts:vector<future_salt>`). */
const GRAMJS_CANNOT_BUILD = new Set(['future_salts'])
const sameInBoth = model.definitions.filter((d) => !d.bareOnly && gramjs.has(d))
// Definitions GramJS types differently (string for bytes) are compared with mtcute only.
const shared = sameInBoth.filter((d) => !GRAMJS_CANNOT_BUILD.has(d.name) && !gramjs.readsBytesAsText(d))

/** Samples for the shared definitions whose nested types GramJS's layer can also express. */
function sharedSamples(mode: SampleMode): { d: LayerDefinition; value: Record<string, unknown> }[] {
  const out: { d: LayerDefinition; value: Record<string, unknown> }[] = []
  for (const d of shared) {
    try {
      out.push({ d, value: samples.object(d, mode) })
    } catch (error) {
      if (!(error instanceof NoSampleError)) throw error
    }
  }
  return out
}

describe('TL codec against GramJS', () => {
  test('most definitions are shared with GramJS and can be sampled in its layer', () => {
    assert.ok(shared.length > 1500, `${shared.length} shared ids`)
    assert.ok(sharedSamples('all').length > 0.9 * shared.length)
  })

  test('GramJS types only the service layer\'s info blobs as string where our layer has bytes', () => {
    assert.deepStrictEqual(sameInBoth.filter((d) => gramjs.readsBytesAsText(d)).map((d) => d.name).sort(), ['msgs_all_info', 'msgs_state_info'])
  })

  test('GramJS still fails on future_salts, which is why it is left to the mtcute comparison', () => {
    const futureSalts = model.definitions.find((d) => d.name === 'future_salts')!
    assert.ok(gramjs.has(futureSalts))
    assert.throws(() => gramjs.serialize(samples.object(futureSalts, 'all')))
  })

  for (const mode of ['all', 'none'] as const) {
    const label = mode === 'all' ? 'every optional field set' : 'every optional field unset'

    test(`shared definitions encode to GramJS's bytes, ${label}`, () => {
      const mismatches: string[] = []
      for (const { d, value } of sharedSamples(mode)) {
        const ours = Buffer.from(encodeObject(value as TlObject)).toString('hex')
        const theirs = Buffer.from(gramjs.serialize(value)).toString('hex')
        if (ours !== theirs) mismatches.push(d.name)
      }
      assert.deepStrictEqual(mismatches, [])
    })

    test(`shared definitions decode from GramJS's bytes, ${label}`, () => {
      for (const { d, value } of sharedSamples(mode)) {
        assert.deepStrictEqual(decodeObject(gramjs.serialize(value)), value, d.name)
      }
    })

    test(`GramJS reads our bytes of shared constructors back to the same bytes, ${label}`, () => {
      for (const { d, value } of sharedSamples(mode)) {
        if (d.kind !== 'constructor') continue
        const ours = encodeObject(value as TlObject)
        assert.deepStrictEqual(new Uint8Array(gramjsRead(ours).getBytes()), ours, d.name)
      }
    })
  }
})
