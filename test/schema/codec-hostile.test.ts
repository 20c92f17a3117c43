/**
 * The decoder treats its input as hostile: whatever the bytes, the only thing that may escape is a
 * TlDecodeError, and it must come without out-of-bounds reads, unchecked allocations or hangs.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import {
  decodeObject,
  decodeResult,
  encodeObject,
  MAX_DEPTH,
  MAX_INFLATED_BYTES,
  TlDecodeError,
  type TlDecodeErrorReason,
  TlWriter,
} from '../../schema/codec'
import { loadModel } from '../../schema/codec/model'
import { realisticMessages } from '../../schema/codec/testing/fixtures'

const model = loadModel()

/** A realistic reply: messages.messages holding messages with media, entities, replies, users and chats. */
const realMessage = encodeObject(realisticMessages({ messages: 12, users: 4, chats: 2 }))

const GZIP_PACKED_ID = 0x3072cfa1

function idBytes(id: number): number[] {
  return [id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff, id >>> 24]
}

function rejects(bytes: Uint8Array | number[], reason?: TlDecodeErrorReason): TlDecodeError {
  let caught: unknown
  try {
    decodeObject(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof TlDecodeError, `expected a TlDecodeError, got ${String(caught)}`)
  if (reason !== undefined) assert.equal(caught.reason, reason, caught.message)
  return caught
}

function gzipPacked(payload: Uint8Array): Uint8Array {
  const writer = new TlWriter()
  writer.uint(GZIP_PACKED_ID)
  writer.bytes(gzipSync(payload))
  return writer.finish()
}

/** Only TlDecodeError may escape; returns whether that held. */
function decodesOrRejects(bytes: Uint8Array, decode: (bytes: Uint8Array) => unknown = decodeObject): boolean {
  try {
    decode(bytes)
    return true
  } catch (error) {
    return error instanceof TlDecodeError
  }
}

describe('TL decoder on hostile input', () => {
  test('names an unknown constructor id in the error', () => {
    const error = rejects(idBytes(0xdeadbeef), 'unknown-constructor')
    assert.equal(error.constructorId, 0xdeadbeef)
    assert.match(error.message, /deadbeef/)
  })

  test('rejects a real message truncated at every byte offset', () => {
    assert.ok(realMessage.length > 1000)
    for (let length = 0; length < realMessage.length; length++) rejects(realMessage.subarray(0, length))
  })

  test('rejects a length prefix larger than the buffer', () => {
    // error#c4b9f9bb code:int text:string, with a text claiming 0xffffff bytes
    rejects([...idBytes(0xc4b9f9bb), 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0x61, 0x62, 0x63, 0x64], 'length-too-large')
    rejects([...idBytes(0xc4b9f9bb), 1, 0, 0, 0, 200, 0x61, 0x62, 0x63], 'length-too-large')
  })

  test('rejects a vector count of 2^31 before allocating for it', () => {
    // inputPrivacyValueAllowUsers users:Vector<InputUser>
    rejects([...idBytes(0x131cc67f), ...idBytes(0x1cb5c415), 0, 0, 0, 0x80], 'length-too-large')
    rejects([...idBytes(0x1cb5c415), 0xff, 0xff, 0xff, 0xff], 'length-too-large')
  })

  test('rejects a vector count of 2^31 in a method result', () => {
    assert.throws(() => decodeResult('photos.deletePhotos', new Uint8Array([...idBytes(0x1cb5c415), 0, 0, 0, 0x80])), TlDecodeError)
  })

  test(`decodes objects nested ${MAX_DEPTH} deep and rejects one level more`, () => {
    // textBold#6724abc4 text:RichText around textEmpty#dc3d824f, as deep as we like
    const nested = (depth: number) => new Uint8Array([...Array.from({ length: depth - 1 }, () => idBytes(0x6724abc4)).flat(), ...idBytes(0xdc3d824f)])
    assert.doesNotThrow(() => decodeObject(nested(MAX_DEPTH)))
    rejects(nested(MAX_DEPTH + 1), 'too-deep')
    rejects(nested(100_000), 'too-deep')
  })

  test('rejects a Bool that is neither boolTrue nor boolFalse', () => {
    // inputPeerNotifySettings with flags.0 set: show_previews:flags.0?Bool
    rejects([...idBytes(0xcacb6ae2), 1, 0, 0, 0, ...idBytes(0x12345678)], 'invalid-value')
  })

  test('rejects bytes left over after the object', () => {
    rejects([...idBytes(0x7da07ec9), 0, 0, 0, 0], 'invalid-value')
  })

  test('inflates gzip_packed transparently', () => {
    const inner = encodeObject({ _: 'inputPeerUser', user_id: 5n, access_hash: -3n })
    assert.deepStrictEqual(decodeObject(gzipPacked(inner)), { _: 'inputPeerUser', user_id: 5n, access_hash: -3n })
    assert.deepStrictEqual(decodeResult('photos.deletePhotos', gzipPacked(new Uint8Array([...idBytes(0x1cb5c415), 1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]))), [9n])
  })

  test('rejects gzip_packed that inflates beyond the cap', () => {
    rejects(gzipPacked(new Uint8Array(MAX_INFLATED_BYTES + 1)), 'length-too-large')
  })

  test('rejects gzip_packed that is not gzip', () => {
    const writer = new TlWriter()
    writer.uint(GZIP_PACKED_ID)
    writer.bytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))
    rejects(writer.finish(), 'invalid-value')
  })

  test('counts gzip_packed nesting toward the depth limit', () => {
    let bytes: Uint8Array = encodeObject({ _: 'inputPeerSelf' })
    for (let i = 0; i < MAX_DEPTH + 1; i++) bytes = gzipPacked(bytes)
    rejects(bytes, 'too-deep')
  })

  test('lets only TlDecodeError escape on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => decodesOrRejects(bytes)),
      { seed: 0x7e1e, numRuns: 3000 },
    )
  })

  test('lets only TlDecodeError escape on random bytes after a known constructor id', () => {
    const ids = model.definitions.filter((d) => !d.bareOnly).map((d) => d.id)
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.uint8Array({ maxLength: 256 }), (id, tail) =>
        decodesOrRejects(new Uint8Array([...idBytes(id), ...tail])),
      ),
      { seed: 0x7e1e, numRuns: 5000 },
    )
  })

  test('lets only TlDecodeError escape on a real message with random bytes overwritten', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: realMessage.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (edits) => {
          const bytes = realMessage.slice()
          for (const [at, value] of edits) bytes[at] = value
          return decodesOrRejects(bytes)
        },
      ),
      { seed: 0x7e1e, numRuns: 3000 },
    )
  })

  test('lets only TlDecodeError escape when random bytes are read as a method result', () => {
    const methods = model.definitions.filter((d) => d.kind === 'method' && !d.isWrapper).map((d) => d.name)
    fc.assert(
      fc.property(fc.constantFrom(...methods), fc.uint8Array({ maxLength: 128 }), (method, bytes) =>
        decodesOrRejects(new Uint8Array([...idBytes(0x1cb5c415), ...bytes]), (b) => decodeResult(method as 'help.getConfig', b)),
      ),
      { seed: 0x7e1e, numRuns: 3000 },
    )
  })
})
