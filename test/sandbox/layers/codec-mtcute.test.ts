// The codec for mtcute's layer checked against mtcute's own generated reader and writer (the maps in
// `@mtcute/core`): our bytes equal mtcute's for every constructor and method of its JSON schema, and
// both sides read each other's bytes back to the same object.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { before, describe, test } from 'node:test'
import { definitionsFromMtcuteJson, getLayerCodec, type MtcuteSchema } from './index'
import { MtcuteShapes } from './test-support/mtcute-objects'
import { sampleObject } from './test-support/sample-objects'

type MtcuteUtils = typeof import('@mtcute/core/utils.js')

const requireHere = createRequire(__filename)
const mtcuteSchema = requireHere('@mtcute/core/tl/api-schema.json') as MtcuteSchema
const codec = getLayerCodec(mtcuteSchema.l)
const shapes = new MtcuteShapes(mtcuteSchema)
let mtcute: MtcuteUtils

// Imported as ESM: the CommonJS build of @mtcute/core prints a deprecation notice.
before(async () => {
  mtcute = await import('@mtcute/core/utils.js')
})

const mtcuteWrite = (object: unknown): Uint8Array =>
  mtcute.TlBinaryWriter.serializeObject(mtcute.__tlWriterMap, object as { _: string })
const mtcuteRead = (bytes: Uint8Array): unknown => mtcute.TlBinaryReader.deserializeObject(mtcute.__tlReaderMap, bytes)

describe(`layer ${mtcuteSchema.l} codec against mtcute`, () => {
  test('is the layer @mtcute/core states in its schema', () => {
    assert.equal(codec.layer, mtcuteSchema.l)
  })

  test('reads what mtcute writes for help.getConfig, a long-carrying peer and a user, and writes it back identically', () => {
    const objects = [
      { _: 'help.getConfig' },
      { _: 'inputPeerUser', userId: 777, accessHash: { low: -5, high: -1 } },
      {
        _: 'user',
        self: true,
        id: 1_000_001,
        accessHash: { low: 0x1234, high: 0x5678 },
        firstName: 'Ada',
        username: 'ada',
        botCanManageBots: true,
        color: { _: 'peerColor', color: 3 },
      },
    ]
    for (const object of objects) {
      const bytes = mtcuteWrite(object)
      assert.deepEqual(codec.encode(codec.decode(bytes)), bytes, object._)
    }
    assert.deepEqual(codec.decode(mtcuteWrite(objects[0])), { _: 'help.getConfig' })
    // An mtcute Long is two signed 32-bit halves: high -1, low -5 is the 64-bit value -5.
    assert.deepEqual(codec.decode(mtcuteWrite(objects[1])), { _: 'inputPeerUser', user_id: 777n, access_hash: -5n })
    const user = codec.decode(mtcuteWrite(objects[2]))
    assert.equal(user._, 'user')
    assert.equal(user.self, true)
    assert.equal(user.contact, false)
    assert.equal(user.id, 1_000_001n)
    assert.equal(user.access_hash, (0x5678n << 32n) | 0x1234n)
    assert.equal(user.first_name, 'Ada')
    assert.equal(user.last_name, undefined)
    assert.equal(user.username, 'ada')
    assert.equal(user.bot_can_manage_bots, true)
    assert.deepEqual(user.color, { _: 'peerColor', color: 3, background_emoji_id: undefined })
  })

  describe('every definition of its JSON schema encodes to mtcute\'s bytes and reads back', () => {
    const definitions = definitionsFromMtcuteJson(mtcuteSchema)
    for (const optionals of ['all-set', 'all-unset'] as const) {
      test(`with every optional field ${optionals === 'all-set' ? 'set' : 'unset'}`, () => {
        const failures: string[] = []
        for (const definition of definitions) {
          const entry = definition.kind === 'method' ? codec.schema.methodNamed(definition.name) : codec.schema.constructorNamed(definition.name)
          assert.ok(entry, `${definition.name} is missing from the compiled schema`)
          const object = sampleObject(codec.schema, entry, optionals)
          try {
            const ours = codec.encode(object)
            const theirs = mtcuteWrite(shapes.toMtcute(object))
            assert.deepEqual(ours, theirs)
            assert.deepEqual(codec.decode(theirs), object)
            // mtcute's reader map holds constructors only; methods are checked through its writer above.
            if (definition.kind === 'constructor') assert.deepEqual(shapes.fromMtcute(mtcuteRead(ours)), object)
          } catch (error) {
            failures.push(`${definition.name}: ${String(error).split('\n')[0]}`)
          }
        }
        assert.deepEqual(failures, [])
      })
    }
  })
})
