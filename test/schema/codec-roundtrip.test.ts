import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  decodeObject,
  decodeResult,
  encodeMethod,
  encodeObject,
  encodeResult,
  type TlMethod,
  type TlObject,
  TlReader,
  TlWriter,
} from '../../schema/codec'
import { loadModel } from '../../schema/codec/model'
import { decodedForm, SampleBuilder } from '../../schema/codec/testing/samples'

const model = loadModel()
const samples = new SampleBuilder(model)
const boxed = model.definitions.filter((d) => !d.bareOnly)

function roundTrip(value: Record<string, unknown>, isMethod: boolean): unknown {
  const bytes = isMethod ? encodeMethod(value as TlMethod) : encodeObject(value as TlObject)
  return decodeObject(bytes)
}

describe('TL codec round trip', () => {
  test('covers both layers', () => {
    assert.ok(boxed.filter((d) => d.layer === 'api').length > 2000)
    assert.ok(boxed.filter((d) => d.layer === 'mtproto').length > 40)
  })

  for (const mode of ['all', 'none'] as const) {
    test(`every constructor and method survives encode then decode with ${mode === 'all' ? 'every optional field set' : 'every optional field unset'}`, () => {
      for (const d of boxed) {
        const value = samples.object(d, mode)
        assert.deepStrictEqual(roundTrip(value, d.kind === 'method'), decodedForm(value), `${d.layer} ${d.name}`)
      }
    })
  }

  test('every method result survives encodeResult then decodeResult', () => {
    for (const d of boxed) {
      if (d.kind !== 'method' || d.isWrapper) continue
      const result = samples.result(d)
      assert.deepStrictEqual(decodeResult(d.name as never, encodeResult(d.name as never, result as never)), result, d.name)
    }
  })

  test('the bare service message travels inside msg_container with its body', () => {
    const container = {
      _: 'msg_container',
      messages: [
        { _: 'message', msg_id: 0x5f5e1000n, seqno: 1, bytes: 12, body: { _: 'ping', ping_id: 7n } },
        { _: 'message', msg_id: 0x5f5e1004n, seqno: 3, bytes: 4, body: true },
      ],
    }
    assert.deepStrictEqual(decodeObject(encodeObject(container as TlObject)), container)
  })

  test('a wrapper method answers with the result of its query', () => {
    const request = { _: 'invokeWithLayer', layer: 223, query: { _: 'photos.deletePhotos', id: [] } } as const
    const bytes = encodeResult('photos.deletePhotos', [5n, -6n])
    assert.deepStrictEqual(decodeResult(request as unknown as TlMethod, bytes), [5n, -6n])
  })

  test('optional fields given as missing keys encode like undefined ones', () => {
    const sparse = { _: 'inputMediaPhoto', id: { _: 'inputPhotoEmpty' } } as TlObject
    const explicit = { _: 'inputMediaPhoto', spoiler: false, id: { _: 'inputPhotoEmpty' }, ttl_seconds: undefined } as TlObject
    assert.deepStrictEqual(encodeObject(sparse), encodeObject(explicit))
    assert.deepStrictEqual(decodeObject(encodeObject(sparse)), explicit)
  })

  test('Bool and vectors of boxed values decode from Object positions', () => {
    const writer = new TlWriter()
    writer.anyObject([true, false, { _: 'inputPeerSelf' }])
    assert.deepStrictEqual(new TlReader(writer.finish()).object(), [true, false, { _: 'inputPeerSelf' }])
  })
})
