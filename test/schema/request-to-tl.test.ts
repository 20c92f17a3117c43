import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeObject, encodeObject, type TlObject as CodecObject } from '../../schema/codec'
import { getLayer } from '../../schema/layer/reference'
import type { CallNode, ReferenceNode } from '../../schema/request/ast'
import { parseRequest } from '../../schema/request/parser'
import { followReferencePath, RequestValueError, toTlObject, type ToTlOptions } from '../../schema/request/to-tl'

function convert(text: string, options: ToTlOptions = {}) {
  const document = parseRequest(text)
  assert.deepEqual(document.diagnostics, [])
  return toTlObject(document.calls[0]!, options)
}

const layer = getLayer()

describe('converting a call to a TL object', () => {
  it('takes values as written when no layer is given', () => {
    assert.deepEqual(convert('messages.getHistory({ peer: "me", limit: 10, offset_id: 0, hash: 5 })'), {
      _: 'messages.getHistory',
      peer: 'me',
      limit: 10,
      offset_id: 0,
      hash: 5,
    })
  })

  it('converts nested constructors in both spellings and arrays of them', () => {
    assert.deepEqual(
      convert(`messages.search({ peer: { _: 'inputPeerSelf' }, filter: inputMessagesFilterPhotos(), q: '', x: [inputPeerEmpty(), null] })`),
      {
        _: 'messages.search',
        peer: { _: 'inputPeerSelf' },
        filter: { _: 'inputMessagesFilterPhotos' },
        q: '',
        x: [{ _: 'inputPeerEmpty' }, undefined],
      },
    )
  })

  it('with the layer, reads integers as bigint for long, exactly beyond 2^53, and strings as UTF-8 bytes for bytes', () => {
    const object = convert(
      'messages.getHistory({ peer: inputPeerUser({ user_id: 9007199254740993, access_hash: -0x10 }), limit: 10, hash: 0 })',
      { layer },
    )
    assert.deepEqual(object, {
      _: 'messages.getHistory',
      peer: { _: 'inputPeerUser', user_id: 9007199254740993n, access_hash: -16n },
      limit: 10,
      hash: 0n,
    })
    const bytes = convert('messages.getBotCallbackAnswer({ peer: "me", msg_id: 1, data: "héllo" })', { layer })
    assert.deepEqual(bytes['data'], new TextEncoder().encode('héllo'))
  })

  it('with the layer, leaves out # fields and null values', () => {
    const object = convert('messages.sendMessage({ flags: 7, peer: "me", message: "hi", random_id: 1n, reply_markup: null })', { layer })
    assert.deepEqual(object, { _: 'messages.sendMessage', peer: 'me', message: 'hi', random_id: 1n })
  })

  it('with the layer, names the only constructor of a type for an object without _, and no other', () => {
    assert.deepEqual(
      layer.findType('DataJSON')!.constructors.map((constructor) => constructor.name),
      ['dataJSON'],
    )
    assert.deepEqual(convert('bots.sendCustomRequest({ custom_method: "x", params: { data: "{}" } })', { layer }), {
      _: 'bots.sendCustomRequest',
      custom_method: 'x',
      params: { _: 'dataJSON', data: '{}' },
    })
    const text = 'messages.sendMessage({ reply_to: { reply_to_msg_id: 5 } })'
    assert.ok(layer.findType('InputReplyTo')!.constructors.length > 1)
    assert.throws(
      () => convert(text, { layer }),
      (error: unknown) =>
        error instanceof RequestValueError &&
        error.code === 'missing-name' &&
        text.slice(error.range.start, error.range.end) === '{ reply_to_msg_id: 5 }',
    )
  })

  it('produces objects the codec encodes, which decode back to the same object', () => {
    const object = convert(
      'messages.getHistory({ peer: inputPeerUser({ user_id: 12345, access_hash: 678n }), offset_id: 0, offset_date: 0, add_offset: 0, limit: 10, max_id: 0, min_id: 0, hash: 0 })',
      { layer },
    )
    const peer = object['peer'] as CodecObject
    assert.deepEqual(decodeObject(encodeObject(peer)), peer)
  })

  it('resolves references through the resolver, which follows the path into earlier results', () => {
    const results = [{ _: 'messages.messages', messages: [{ _: 'message', id: 42 }] }]
    const resolveReference = (reference: ReferenceNode) =>
      followReferencePath(reference.target === 'last' ? results.at(-1) : results[reference.target - 1], reference)
    assert.deepEqual(convert('messages.getMessages({ id: [$1.messages[0].id, $last.messages[0].id] })', { resolveReference }), {
      _: 'messages.getMessages',
      id: [42, 42],
    })
  })

  it('fails at the first missing path segment, naming the path walked', () => {
    const text = 'f({ id: $1.messages[3].id })'
    const reference = (parseRequest(text).calls[0] as CallNode).properties[0]!.value as ReferenceNode
    assert.throws(
      () => followReferencePath({ messages: [{ id: 1 }] }, reference),
      (error: unknown) =>
        error instanceof RequestValueError &&
        error.message === '$1.messages[3] does not exist in the result.' &&
        text.slice(error.range.start, error.range.end) === '3',
    )
  })

  it('refuses references without a resolver, pointing at the reference', () => {
    const text = 'f({ id: $1 })'
    assert.throws(
      () => convert(text),
      (error: unknown) => error instanceof RequestValueError && text.slice(error.range.start, error.range.end) === '$1',
    )
  })
})
