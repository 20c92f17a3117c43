/**
 * Method results: the registry knows what every method of both layers answers, and the decoder
 * refuses an answer of any other type, naming the method, the type it declares and what came instead.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { gzipSync } from 'node:zlib'
import {
  decodeResult,
  encodeObject,
  encodeResult,
  TlDecodeError,
  TlEncodeError,
  type TlMethod,
  type TlObject,
  TlResultTypeError,
  TlWriter,
} from '../../schema/codec'
import { registry } from '../../schema/codec/generated/registry'
import { loadModel, type Shape } from '../../schema/codec/model'
import { SampleBuilder } from '../../schema/codec/testing/samples'
import { printType } from '../../schema/tl/printer'

const model = loadModel()
const samples = new SampleBuilder(model)
const methods = model.definitions.filter((d) => d.kind === 'method')

/** The TL type names a result shape mentions that no constructor of either layer belongs to. */
function unresolvedTypes(shape: Shape): string[] {
  switch (shape.kind) {
    case 'object':
      return model.typeConstructors.has(shape.type) ? [] : [shape.type]
    case 'vector':
      return unresolvedTypes(shape.item)
    case 'method':
    case 'bare':
      return [shape.kind]
    default:
      return []
  }
}

const user = encodeObject({ _: 'userEmpty', id: 7n })
const config = encodeResult('help.getConfig', samples.result(methods.find((d) => d.name === 'help.getConfig')!) as never)

function gzipPacked(bytes: Uint8Array): Uint8Array {
  const writer = new TlWriter()
  writer.int(0x3072cfa1)
  writer.bytes(gzipSync(bytes))
  return writer.finish()
}

/** Asserts a TlResultTypeError with these fields, which is also the decoder's usual typed error. */
function refusedAs(method: string, expected: string, received: string) {
  return (error: unknown) => {
    assert.ok(error instanceof TlResultTypeError, String(error))
    assert.ok(error instanceof TlDecodeError)
    assert.equal(error.reason, 'invalid-value')
    assert.deepEqual({ method: error.method, expected: error.expected, received: error.received }, { method, expected, received })
    assert.match(error.message, new RegExp(`${method.replace('.', '\\.')}.*${received}.*${expected.replace(/[<>]/g, '.')}`))
    return true
  }
}

describe('method results', () => {
  test('every method of api.tl and mtproto.tl has a result type the registry resolves, or is a wrapper', () => {
    assert.ok(methods.filter((d) => d.layer === 'api').length > 700)
    assert.ok(methods.some((d) => d.layer === 'mtproto' && d.name === 'destroy_auth_key'))
    const wrappers = methods.filter((d) => d.isWrapper)
    assert.deepEqual([...registry.wrappers].sort(), wrappers.map((d) => d.name).sort())
    assert.ok(registry.wrappers.has('invokeWithLayer') && registry.wrappers.has('initConnection'))
    for (const d of methods) {
      const codec = registry.results.get(d.name)
      if (d.isWrapper) {
        assert.equal(codec, undefined, `${d.name} answers with its query's result`)
        assert.equal(printType(d.result), 'X', d.name)
        continue
      }
      assert.ok(codec, `${d.name} has a result codec`)
      assert.equal(codec.type, printType(d.result), d.name)
      assert.ok(d.resultShape, d.name)
      assert.deepEqual(unresolvedTypes(d.resultShape), [], `${d.name} = ${codec.type}`)
    }
    assert.equal(registry.results.size, methods.length - wrappers.length, 'no result codec for a method neither layer has')
  })

  test('records boxed, Bool, vector and service results as TL writes them', () => {
    const typeOf = (method: string) => registry.results.get(method)?.type
    assert.equal(typeOf('help.getConfig'), 'Config')
    assert.equal(typeOf('messages.getHistory'), 'messages.Messages')
    assert.equal(typeOf('messages.setTyping'), 'Bool')
    assert.equal(typeOf('users.getUsers'), 'Vector<User>')
    assert.equal(typeOf('messages.getMessagesViews'), 'messages.MessageViews')
    assert.equal(typeOf('channels.getAdminedPublicChannels'), 'messages.Chats')
    assert.equal(typeOf('req_pq_multi'), 'ResPQ')
    assert.equal(typeOf('get_future_salts'), 'FutureSalts')
    const bareVectors = [...registry.results].filter(([, codec]) => codec.type === 'Vector<long>').map(([name]) => name)
    assert.ok(bareVectors.length > 0 && bareVectors.every((name) => methods.some((d) => d.name === name)))
  })

  test('decodes an answer of the declared type, also gzip_packed', () => {
    assert.equal(decodeResult('help.getConfig', config)._, 'config')
    assert.equal(decodeResult('help.getConfig', gzipPacked(config))._, 'config')
  })

  test('refuses a constructor of another type where a boxed object belongs', () => {
    assert.throws(() => decodeResult('help.getConfig', user), refusedAs('help.getConfig', 'Config', 'userEmpty'))
    assert.throws(() => decodeResult('help.getConfig', gzipPacked(user)), refusedAs('help.getConfig', 'Config', 'userEmpty'))
    assert.throws(() => decodeResult('help.getConfig', encodeResult('messages.setTyping', true)), refusedAs('help.getConfig', 'Config', 'boolTrue'))
    assert.throws(() => decodeResult('req_pq_multi', user), refusedAs('req_pq_multi', 'ResPQ', 'userEmpty'))
  })

  test('refuses anything but a vector for a vector result, and anything but a Bool for Bool', () => {
    assert.throws(() => decodeResult('users.getUsers', config), refusedAs('users.getUsers', 'Vector<User>', 'config'))
    const bareVector = [...registry.results].find(([, codec]) => codec.type === 'Vector<long>')![0]
    assert.throws(() => decodeResult(bareVector as never, user), refusedAs(bareVector, 'Vector<long>', 'userEmpty'))
    assert.throws(() => decodeResult('messages.setTyping', encodeResult('users.getUsers', [])), refusedAs('messages.setTyping', 'Bool', 'vector'))
    assert.throws(() => decodeResult('messages.setTyping', user), refusedAs('messages.setTyping', 'Bool', 'userEmpty'))
  })

  test('names the innermost method of a wrapped request and checks its result', () => {
    const wrapped = {
      _: 'invokeWithLayer',
      layer: 1,
      query: { _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } },
    } as unknown as TlMethod
    assert.throws(() => decodeResult(wrapped, user), refusedAs('help.getConfig', 'Config', 'userEmpty'))
    assert.equal((decodeResult(wrapped, config) as { _: string })._, 'config')
  })

  test('leaves an id neither layer knows, and a wrong element inside a vector result, to the usual decode errors', () => {
    const unknown = new Uint8Array([0x78, 0x56, 0x34, 0x12])
    assert.throws(
      () => decodeResult('help.getConfig', unknown),
      (error: unknown) => error instanceof TlDecodeError && !(error instanceof TlResultTypeError) && error.reason === 'unknown-constructor',
    )
    const writer = new TlWriter()
    writer.vectorHeader(1)
    writer.raw(config)
    assert.throws(
      () => decodeResult('users.getUsers', writer.finish()),
      (error: unknown) => error instanceof TlDecodeError && !(error instanceof TlResultTypeError) && /expected a constructor of User, got 'config'/.test(error.message),
    )
  })

  test('the encoder refuses to write a result of another type, so a server built on it cannot answer wrongly', () => {
    assert.throws(
      () => encodeResult('help.getConfig', { _: 'userEmpty', id: 7n } as unknown as TlObject as never),
      (error: unknown) => error instanceof TlEncodeError && /expected a constructor of Config, got 'userEmpty'/.test(error.message),
    )
  })
})
