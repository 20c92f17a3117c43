import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RpcError, parseErrorMessage } from '../../extension/mtproto/errors/rpc-error'
import { getLayer } from '../../schema/layer/reference'

describe('RpcError', () => {
  it('splits a trailing number into value and names the error without it', () => {
    const error = new RpcError(420, 'FLOOD_WAIT_30', 'messages.sendMessage')
    assert.equal(error.code, 420)
    assert.equal(error.message, 'FLOOD_WAIT_30')
    assert.equal(error.name, 'FLOOD_WAIT')
    assert.equal(error.value, 30)
    assert.equal(error.method, 'messages.sendMessage')
    assert.ok(error instanceof Error)
  })

  it('takes a number out of the middle of a message', () => {
    assert.deepEqual(parseErrorMessage('FILE_PART_3_MISSING'), { name: 'FILE_PART_MISSING', value: 3 })
  })

  it('leaves messages without a number whole', () => {
    assert.deepEqual(parseErrorMessage('PHONE_CODE_INVALID'), { name: 'PHONE_CODE_INVALID', value: undefined })
    assert.deepEqual(parseErrorMessage('2FA_RECENT_CONFIRM'), { name: '2FA_RECENT_CONFIRM', value: undefined })
  })

  it('names errors the way the bundled error catalog does', () => {
    const layer = getLayer()
    for (const message of ['FLOOD_WAIT_17', 'PHONE_MIGRATE_4', 'FILE_PART_9_MISSING', 'PEER_ID_INVALID']) {
      const known = layer.lookupError(message)
      assert.ok(known, `${message} is in the catalog`)
      assert.equal(parseErrorMessage(message).name, known.name)
      assert.equal(parseErrorMessage(message).value, known.value)
    }
  })

  it('carries the known description from schema/layer', () => {
    const error = new RpcError(420, 'FLOOD_WAIT_30', 'help.getConfig')
    const expected = getLayer().lookupError('FLOOD_WAIT_30', 'help.getConfig')?.description
    assert.ok(expected)
    assert.equal(error.description, expected)
    assert.equal(new RpcError(400, 'SOMETHING_NOBODY_DOCUMENTED', 'help.getConfig').description, undefined)
  })

  it('matches by name or by exact message', () => {
    const error = new RpcError(303, 'USER_MIGRATE_2', 'auth.sendCode')
    assert.ok(error.is('USER_MIGRATE'))
    assert.ok(error.is('USER_MIGRATE_2'))
    assert.ok(!error.is('PHONE_MIGRATE'))
  })
})
