/**
 * Cross-implementation check against @mtcute/tl: for every definition of both layers, our bytes
 * must equal the bytes mtcute's generated writer produces for the same object, and our decoder must
 * read mtcute's bytes back to the same object.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeObject, encodeObject, type TlObject } from '../../schema/codec'
import { type LayerDefinition, loadModel, type Shape } from '../../schema/codec/model'
import { MtcuteBridge, mtcuteWriterMap, TlBinaryWriter } from '../../schema/codec/testing/mtcute'
import { decodedForm, SampleBuilder } from '../../schema/codec/testing/samples'

const model = loadModel()
const bridge = new MtcuteBridge(model)
const samples = new SampleBuilder(model, { safeLong: (d, field) => bridge.isInt53(d, field) })
const boxed = model.definitions.filter((d) => !d.bareOnly)

type Plain = Record<string, unknown>
type MtcuteWriter = InstanceType<typeof TlBinaryWriter>

/**
 * mtcute's generated writers leave out a few service definitions: ones Telegram retired
 * (p_q_inner_data, p_q_inner_data_temp, server_DH_params_fail, req_pq) and the envelope types its
 * session code writes by hand (rpc_result, msg_container, msg_copy, gzip_packed), plus the boxed
 * `true`. For those, the expected bytes come from mtcute's own primitives, field by field.
 */
function serializeWithMtcutePrimitives(d: LayerDefinition, value: Plain): Uint8Array {
  const w = TlBinaryWriter.alloc(mtcuteWriterMap, 1 << 16)
  w.uint(d.id)
  writeFields(w, d, value)
  return w.result().slice()
}

function writeFields(w: MtcuteWriter, d: LayerDefinition, value: Plain): void {
  for (const f of d.fields) {
    if (f.isFlags || f.condition) throw new Error(`${d.name}: flags are not expected in the hand-written envelope types`)
    writeValue(w, f.shape, value[f.name])
  }
}

function writeValue(w: MtcuteWriter, shape: Shape, value: unknown): void {
  switch (shape.kind) {
    case 'int':
      return w.int(value as number)
    case 'long': {
      const v = value as bigint
      return w.long({ low: Number(BigInt.asIntN(32, v)), high: Number(BigInt.asIntN(32, v >> 32n)) } as never)
    }
    case 'bytes':
      return w.bytes(value as Uint8Array)
    case 'string':
      return w.string(value as string)
    case 'int128':
      return w.int128(value as Uint8Array)
    case 'int256':
      return w.int256(value as Uint8Array)
    case 'object':
    case 'any':
    case 'method':
      return w.object(bridge.convert(value as Plain))
    case 'bare':
      return writeFields(w, shape.definition, value as Plain)
    case 'vector':
      if (shape.boxed) w.uint(0x1cb5c415)
      w.uint((value as unknown[]).length)
      for (const item of value as unknown[]) writeValue(w, shape.item, item)
      return
    default:
      throw new Error(`unexpected ${shape.kind} in a hand-written envelope type`)
  }
}

/**
 * mtcute's writer for future_salts passes each item to the bare future_salt writer in the writer's
 * argument position, so it throws on any non-empty vector (mtcute clients only ever read it).
 */
const BROKEN_IN_MTCUTE = new Set(['future_salts'])

function mtcuteBytes(d: LayerDefinition, value: Plain): Uint8Array {
  return bridge.hasWriter(d) && !BROKEN_IN_MTCUTE.has(d.name) ? bridge.serialize(value) : serializeWithMtcutePrimitives(d, value)
}

describe('TL codec against @mtcute/tl', () => {
  test('mtcute writes all but the few service definitions it handles by hand', () => {
    const missing = boxed.filter((d) => !bridge.hasWriter(d)).map((d) => d.name)
    assert.deepStrictEqual(missing.sort(), [
      'gzip_packed',
      'msg_container',
      'msg_copy',
      'p_q_inner_data',
      'p_q_inner_data_temp',
      'req_pq',
      'rpc_result',
      'server_DH_params_fail',
      'true',
    ])
  })

  test("mtcute's own future_salts writer still fails, so primitives stand in for it", () => {
    const futureSalts = boxed.find((d) => d.name === 'future_salts')!
    assert.throws(() => bridge.serialize(samples.object(futureSalts, 'none')), TypeError)
  })

  for (const mode of ['all', 'none'] as const) {
    const label = mode === 'all' ? 'every optional field set' : 'every optional field unset'
    test(`every constructor and method encodes to mtcute's bytes, ${label}`, () => {
      const mismatches: string[] = []
      for (const d of boxed) {
        const value = samples.object(d, mode)
        const ours = Buffer.from(encodeObject(value as TlObject)).toString('hex')
        const theirs = Buffer.from(mtcuteBytes(d, value)).toString('hex')
        if (ours !== theirs) mismatches.push(`${d.layer} ${d.name}`)
      }
      assert.deepStrictEqual(mismatches, [])
    })

    test(`every constructor and method decodes from mtcute's bytes, ${label}`, () => {
      for (const d of boxed) {
        const value = samples.object(d, mode)
        assert.deepStrictEqual(decodeObject(mtcuteBytes(d, value)), decodedForm(value), `${d.layer} ${d.name}`)
      }
    })
  }

  test('the bare service message inside msg_container matches mtcute primitives', () => {
    const container = boxed.find((d) => d.name === 'msg_container')!
    const value = {
      _: 'msg_container',
      messages: [{ _: 'message', msg_id: 0x65000000_00000004n, seqno: 3, bytes: 12, body: { _: 'ping', ping_id: -9n } }],
    }
    assert.deepStrictEqual(encodeObject(value as TlObject), serializeWithMtcutePrimitives(container, value))
  })
})
