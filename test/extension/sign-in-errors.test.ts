import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RpcError } from '../../extension/mtproto'
import { describeSignInError } from '../../extension/sign-in/sign-in-errors'

describe('describeSignInError', () => {
  it('asks for the code again after a wrong one and for a new code after an expired one', () => {
    assert.equal(describeSignInError(new RpcError(400, 'PHONE_CODE_INVALID', 'auth.signIn')).next, 'retryCode')
    assert.equal(describeSignInError(new RpcError(400, 'PHONE_CODE_EXPIRED', 'auth.signIn')).next, 'resendCode')
    assert.equal(describeSignInError(new RpcError(400, 'PASSWORD_HASH_INVALID', 'auth.checkPassword')).next, 'retryPassword')
  })

  it('carries the catalog description and the flood wait duration', () => {
    const error = new RpcError(420, 'FLOOD_WAIT_125', 'auth.sendCode')
    const problem = describeSignInError(error)
    assert.equal(problem.next, 'wait')
    assert.equal(problem.waitSeconds, 125)
    assert.ok(problem.message.includes('2 min 5 s'))
    if (error.description) assert.ok(problem.message.startsWith(error.description))
  })
})
