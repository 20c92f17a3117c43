// Clients' bytes are untrusted: every malformed input must end in a LayerDecodeError with a reason the
// sandbox can act on, never in a crash, an out-of-range read, a huge allocation or a hang. Bad objects
// handed to the encoder fail with a LayerEncodeError naming the constructor and field.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { getLayerCodec, LayerBinaryCodec, LayerDecodeError, type LayerDecodeErrorReason, LayerEncodeError, MAX_INFLATED_BYTES, type MtcuteSchema, ourLayer, type TlPlainObject } from './index'
import { sampleObject } from './test-support/sample-objects'
import { WireWriter } from './wire'

const requireHere = createRequire(__filename)
const GRAMJS: number = requireHere('telegram/tl/AllTLObjects.js').LAYER
const MTCUTE = (requireHere('@mtcute/core/tl/api-schema.json') as MtcuteSchema).l
const codec = getLayerCodec(GRAMJS)
const binary = new LayerBinaryCodec(codec.schema)

const u32 = (value: number): number[] => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]
const idOf = (name: string): number => (codec.schema.constructorNamed(name) ?? codec.schema.methodNamed(name))!.id
const concat = (...parts: (number[] | Uint8Array)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))

function assertDecodeError(bytes: Uint8Array, reason: LayerDecodeErrorReason, decode: (b: Uint8Array) => unknown = (b) => codec.decode(b)): LayerDecodeError {
  let caught: unknown
  try {
    decode(bytes)
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof LayerDecodeError, `expected a LayerDecodeError, got ${String(caught)}`)
  assert.equal(caught.reason, reason, caught.message)
  return caught
}

const realMessage = (): Uint8Array =>
  codec.encode(sampleObject(codec.schema, codec.schema.constructorNamed('message')!, 'all-set'))

describe('hostile bytes', () => {
  test('an unknown constructor id is reported with the id', () => {
    const error = assertDecodeError(new Uint8Array(u32(0xdeadbeef)), 'unknown-constructor')
    assert.equal(error.constructorId, 0xdeadbeef)
    assert.match(error.message, /0xdeadbeef/)
  })

  test('every truncation of a real message is rejected as truncated or too long', () => {
    const bytes = realMessage()
    for (let length = 0; length < bytes.length; length++) {
      let caught: unknown
      try {
        codec.decode(bytes.subarray(0, length))
      } catch (error) {
        caught = error
      }
      assert.ok(caught instanceof LayerDecodeError, `prefix of ${length} bytes`)
      assert.ok(['truncated', 'length-too-large'].includes(caught.reason), `prefix of ${length}: ${caught.reason}`)
    }
  })

  test('a byte string length prefix larger than the buffer is refused before anything is copied', () => {
    // langpack.getStrings: lang_pack:string lang_code:string keys:Vector<string>; lang_pack claims 0xffffff bytes.
    assertDecodeError(concat(u32(idOf('langpack.getStrings')), [0xfe, 0xff, 0xff, 0xff], [1, 2, 3, 4]), 'length-too-large')
  })

  test('the reserved 0xff byte string prefix is refused', () => {
    assertDecodeError(concat(u32(idOf('langpack.getStrings')), [0xff, 0, 0, 0]), 'invalid-value')
  })

  test('a vector count of 2^31 - 1 or below zero is refused before allocating', () => {
    const messagesGetMessages = idOf('messages.getMessages')
    for (const count of [0x7fffffff, -1]) {
      assertDecodeError(concat(u32(messagesGetMessages), u32(0x1cb5c415), u32(count)), 'length-too-large')
    }
  })

  test('objects nested beyond the limit stop with too-deep instead of exhausting the stack', () => {
    const textBold = u32(idOf('textBold'))
    const nested = concat(...Array.from({ length: 5000 }, () => textBold), u32(idOf('textEmpty')))
    assertDecodeError(nested, 'too-deep')
    // The same shape at a depth real objects reach decodes fine.
    const shallow = codec.decode(concat(...Array.from({ length: 10 }, () => textBold), u32(idOf('textEmpty'))))
    assert.equal(shallow._, 'textBold')
  })

  test('gzip_packed is inflated where a boxed value is expected, and a bad or oversized one is refused', () => {
    const GZIP_PACKED = u32(0x3072cfa1)
    const packedField = (payload: Uint8Array) => {
      const writer = new WireWriter()
      writer.bytesValue(payload)
      return concat(GZIP_PACKED, writer.result())
    }
    const message = realMessage()
    assert.deepEqual(codec.decode(packedField(gzipSync(message))), codec.decode(message))
    assertDecodeError(packedField(new Uint8Array([1, 2, 3, 4, 5])), 'invalid-value')
    const bomb = gzipSync(new Uint8Array(MAX_INFLATED_BYTES + 1))
    assertDecodeError(packedField(bomb), 'length-too-large')
  })

  test('a constructor of the wrong type in a typed slot is refused', () => {
    // inputPeerUser where messages.getHistory wants its peer is fine; a user constructor is not.
    const history = sampleObject(codec.schema, codec.schema.methodNamed('messages.getHistory')!, 'all-set')
    const good = codec.encode({ ...history, peer: { _: 'inputPeerSelf' } })
    const inputPeerSelf = u32(idOf('inputPeerSelf'))
    const at = good.findIndex((_, i) => inputPeerSelf.every((b, j) => good[i + j] === b))
    const bad = good.slice()
    bad.set(u32(idOf('userEmpty')), at)
    const error = assertDecodeError(bad, 'unexpected-constructor')
    assert.equal(error.constructorId, idOf('userEmpty'))
    // A Bool slot holding anything but boolTrue/boolFalse.
    assertDecodeError(concat(u32(idOf('help.getConfig'))), 'unexpected-constructor', (b) => binary.decodeAs({ kind: 'Bool' }, b))
  })

  test('bytes left after a complete object are refused', () => {
    assertDecodeError(concat(realMessage(), [0, 0, 0, 0]), 'trailing-bytes')
  })

  for (const layer of [GRAMJS, ourLayer(), MTCUTE]) {
    test(`random bytes and random corruptions of real bytes only ever give LayerDecodeError (layer ${layer})`, () => {
      const layerCodec = getLayerCodec(layer)
      const message = layerCodec.encode(sampleObject(layerCodec.schema, layerCodec.schema.constructorNamed('message')!, 'all-set'))
      const onlyDecodeErrors = (bytes: Uint8Array) => {
        try {
          layerCodec.decode(bytes)
        } catch (error) {
          if (!(error instanceof LayerDecodeError)) throw error
        }
      }
      fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), onlyDecodeErrors), { seed: 20240601 + layer, numRuns: 2000 })
      // Random bytes rarely start with a known id; corrupting a real message reaches deep into the decoder.
      const corruption = fc.array(fc.tuple(fc.nat({ max: message.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
      fc.assert(
        fc.property(corruption, (edits) => {
          const bytes = message.slice()
          for (const [offset, value] of edits) bytes[offset] = value
          onlyDecodeErrors(bytes)
        }),
        { seed: 7 + layer, numRuns: 2000 },
      )
    })
  }
})

describe('bad objects for the encoder', () => {
  const user = (): TlPlainObject => sampleObject(codec.schema, codec.schema.constructorNamed('user')!, 'all-unset')

  function assertEncodeError(object: TlPlainObject, constructorName: string, field: string): void {
    assert.throws(
      () => codec.encode(object),
      (error) => error instanceof LayerEncodeError && error.constructorName === constructorName && error.field === field,
    )
  }

  test('a missing required field names the constructor and the field', () => {
    const { id: _id, ...withoutId } = user()
    assertEncodeError(withoutId as TlPlainObject, 'user', 'id')
  })

  test('values of the wrong type or out of range are refused', () => {
    assertEncodeError({ ...user(), id: 5 }, 'user', 'id')
    assertEncodeError({ ...user(), id: 1n << 64n }, 'user', 'id')
    assertEncodeError({ ...user(), first_name: new Uint8Array(1) }, 'user', 'first_name')
    assertEncodeError({ ...user(), bot_info_version: 2 ** 31 }, 'user', 'bot_info_version')
    assertEncodeError({ ...user(), self: 'yes' }, 'user', 'self')
  })

  test('an object of the wrong type in a typed field is refused', () => {
    assertEncodeError({ ...user(), status: { _: 'inputPeerSelf' } }, 'user', 'status')
  })

  test('a name the layer does not have is refused', () => {
    assert.throws(() => codec.encode({ _: 'noSuchConstructor' }), LayerEncodeError)
  })
})
