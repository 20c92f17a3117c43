/**
 * TL codec: encode and decode of a realistic messages.messages (100 messages with entities,
 * replies, forwards and media, 20 users, 5 chats), ours against @mtcute/tl's generated
 * reader/writer, GramJS's classes and BinaryReader, and JSON of the same object.
 */
import { Buffer } from 'node:buffer'
import { decodeObject, decodeResult, encodeObject } from '../../schema/codec'
import { loadModel } from '../../schema/codec/model'
import { realisticMessages } from '../../schema/codec/testing/fixtures'
import { GramjsBridge, gramjsRead } from '../../schema/codec/testing/gramjs'
import { MtcuteBridge, mtcuteReaderMap, mtcuteWriterMap, TlBinaryReader, TlBinaryWriter } from '../../schema/codec/testing/mtcute'
import { oursAndPeers, type Bench } from './harness'

/** JSON cannot hold bigint or bytes: longs become strings, byte strings base64. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  return value
}

export default async function tlCodec(b: Bench): Promise<void> {
  const model = loadModel()
  const fixture = realisticMessages()
  const ours = encodeObject(fixture)

  const mtcuteObject = new MtcuteBridge(model).convert(fixture) as { _: string }
  const mtcuteBytes = TlBinaryWriter.serializeObject(mtcuteWriterMap, mtcuteObject)
  const sameBytes = Buffer.compare(Buffer.from(ours), Buffer.from(mtcuteBytes)) === 0

  // GramJS is on layer 198: the same objects by constructor name, in its layer's shapes.
  const gramjsObject = new GramjsBridge(model).convertByName(fixture)
  const gramjsBytes = gramjsObject.getBytes()

  const json = JSON.stringify(fixture, jsonReplacer)
  const note = `${ours.length} bytes${sameBytes ? ', identical to mtcute' : ', DIFFERENT from mtcute'}; GramJS ${gramjsBytes.length} bytes (layer 198)`

  b.record({
    name: 'tl-codec: encode messages.messages',
    unit: 'ops/s',
    higherIsBetter: true,
    ...oursAndPeers(
      b.compare({
        ours: () => encodeObject(fixture),
        mtcute: () => TlBinaryWriter.serializeObject(mtcuteWriterMap, mtcuteObject),
        gramjs: () => gramjsObject.getBytes(),
        'JSON.stringify': () => JSON.stringify(fixture, jsonReplacer),
      }),
    ),
    note,
  })

  b.record({
    name: 'tl-codec: decode messages.messages',
    unit: 'ops/s',
    higherIsBetter: true,
    ...oursAndPeers(
      b.compare({
        ours: () => decodeObject(ours),
        mtcute: () => TlBinaryReader.deserializeObject(mtcuteReaderMap, mtcuteBytes),
        gramjs: () => gramjsRead(gramjsBytes),
        'JSON.parse': () => JSON.parse(json),
      }),
    ),
    note,
  })

  // The session's path: an answer read as its method's result, whose type is checked (a decode plus that check).
  b.record({
    name: 'tl-codec: decode as messages.getHistory result',
    unit: 'ops/s',
    higherIsBetter: true,
    ...oursAndPeers(
      b.compare({
        ours: () => decodeResult('messages.getHistory', ours),
        mtcute: () => TlBinaryReader.deserializeObject(mtcuteReaderMap, mtcuteBytes),
      }),
    ),
    note,
  })
}
