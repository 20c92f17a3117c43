// Which layers the sandbox serves, how a client's layer maps onto them, and how more schemas plug in.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import {
  getLayerCodec,
  knownLayers,
  type MtcuteSchema,
  mtcuteJsonSource,
  ourLayer,
  registerLayerSource,
  resolveLayer,
  setTranslationLog,
  type SubstitutionEvent,
  type TlPlainObject,
  tlTextSource,
} from './index'
import { sampleObject } from './test-support/sample-objects'

const requireHere = createRequire(__filename)
const GRAMJS: number = requireHere('telegram/tl/AllTLObjects.js').LAYER
const MTCUTE = (requireHere('@mtcute/core/tl/api-schema.json') as MtcuteSchema).l
const bundledJson = requireHere('@mtcute/tl/api-schema.json') as MtcuteSchema

describe('layer registry', () => {
  test('serves our bundled layer, GramJS\'s and mtcute\'s, each as its package states it', () => {
    // schema/layer/api.tl is generated from @mtcute/tl, so that package states our layer too.
    assert.equal(ourLayer(), bundledJson.l)
    assert.deepEqual(knownLayers(), [...new Set([GRAMJS, ourLayer(), MTCUTE])].sort((a, b) => a - b))
    for (const layer of knownLayers()) assert.equal(getLayerCodec(layer).layer, layer)
  })

  test('a layer it does not know is served with the newest older one, or the oldest when none is older', () => {
    const layers = knownLayers()
    const oldest = layers[0]!
    const newest = layers[layers.length - 1]!
    assert.equal(resolveLayer(GRAMJS + 1), GRAMJS)
    assert.equal(resolveLayer(ourLayer() - 1), layers[layers.indexOf(ourLayer()) - 1])
    assert.equal(resolveLayer(newest + 50), newest)
    assert.equal(resolveLayer(oldest - 50), oldest)
    assert.equal(getLayerCodec(newest + 50).layer, newest)
  })

  test('one codec per layer, and ours translates nothing', () => {
    assert.equal(getLayerCodec(GRAMJS), getLayerCodec(GRAMJS))
    const codec = getLayerCodec(ourLayer())
    const object = { _: 'inputPeerSelf' }
    assert.equal(codec.toOurs(object), object)
    assert.equal(codec.fromOurs(object), object)
  })

  test('a schema given as mtcute JSON plugs in, and matching definitions translate losslessly', () => {
    const layer = Math.max(...knownLayers()) + 1
    registerLayerSource(mtcuteJsonSource({ ...bundledJson, l: layer }, '@mtcute/tl/api-schema.json'))
    const codec = getLayerCodec(layer)
    assert.equal(codec.layer, layer)
    const ours = getLayerCodec(ourLayer())
    const user = sampleObject(ours.schema, ours.schema.constructorNamed('user')!, 'all-set')
    assert.equal(codec.schema.constructorNamed('user')!.id, ours.schema.constructorNamed('user')!.id)
    assert.deepEqual(codec.fromOurs(user), user)
    assert.deepEqual(codec.encode(codec.fromOurs(user) as TlPlainObject), ours.encode(user))
  })

  test('a schema given as TL text plugs in; what it lacks is substituted and reported', () => {
    const layer = Math.min(...knownLayers()) - 1
    const text = [
      'inputPeerEmpty#7f3b18ea = InputPeer;',
      'inputPeerSelf#7da07ec9 = InputPeer;',
      'peerUser#59511722 user_id:long = Peer;',
      '---functions---',
      'contacts.resolvePhone#8af94344 phone:string = contacts.ResolvedPeer;',
    ].join('\n')
    registerLayerSource(tlTextSource(layer, 'tiny.tl', () => text))
    const events: SubstitutionEvent[] = []
    const previous = setTranslationLog((event) => events.push(event))
    try {
      const codec = getLayerCodec(layer)
      assert.deepEqual(codec.fromOurs({ _: 'inputPeerUser', user_id: 1n, access_hash: 2n }), { _: 'inputPeerEmpty' })
      assert.deepEqual(events, [{ layer, from: 'inputPeerUser', to: 'inputPeerEmpty', reason: 'constructor missing in the target layer' }])
      const request = codec.decode(codec.encode({ _: 'contacts.resolvePhone', phone: '+1' }))
      assert.deepEqual(codec.toOurs(request), { _: 'contacts.resolvePhone', phone: '+1' })
    } finally {
      setTranslationLog(previous)
    }
  })

  test('TL text that does not parse is refused with its origin and line', () => {
    const layer = Math.min(...knownLayers()) - 2
    registerLayerSource(tlTextSource(layer, 'broken.tl', () => 'inputPeerEmpty#7f3b18ea = InputPeer;\ninputPeerSelf#zz = ;\n'))
    assert.throws(() => getLayerCodec(layer), /broken\.tl:2:/)
  })
})
