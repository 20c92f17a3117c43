import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { composeMiddlewares, type CallContext } from '../../extension/mtproto/network/call-pipeline'
import { floodWaitMiddleware, migrateMiddleware, serverErrorRetryMiddleware } from '../../extension/mtproto/network/middlewares'

const context = (dcId = 2): CallContext => ({ request: { _: 'help.getConfig' }, dcId, signal: undefined, timeout: undefined })

/** A handler that fails with the given errors in turn, then answers with the DC it was called on. */
function scripted(errors: RpcError[]) {
  const calls: number[] = []
  return {
    calls,
    handler: async (ctx: CallContext) => {
      calls.push(ctx.dcId)
      const error = errors.shift()
      if (error) throw error
      return `answer from DC ${ctx.dcId}`
    },
  }
}

describe('call policies', () => {
  it('sleeps through a FLOOD_WAIT under the threshold, then retries', async () => {
    const slept: number[] = []
    const { calls, handler } = scripted([new RpcError(420, 'FLOOD_WAIT_3', 'help.getConfig')])
    const call = composeMiddlewares([floodWaitMiddleware({ maxWaitSeconds: 5, sleep: async (ms) => void slept.push(ms) })], handler)
    assert.equal(await call(context()), 'answer from DC 2')
    assert.deepEqual(slept, [3000])
    assert.equal(calls.length, 2)
  })

  it('passes a FLOOD_WAIT above the threshold to the caller without sleeping', async () => {
    const slept: number[] = []
    const { handler } = scripted([new RpcError(420, 'FLOOD_WAIT_60', 'help.getConfig')])
    const call = composeMiddlewares([floodWaitMiddleware({ maxWaitSeconds: 5, sleep: async (ms) => void slept.push(ms) })], handler)
    await assert.rejects(call(context()), (error: unknown) => error instanceof RpcError && error.value === 60)
    assert.deepEqual(slept, [])
  })

  it('stops a flood wait as soon as the call is cancelled', async () => {
    const { handler } = scripted([new RpcError(420, 'FLOOD_WAIT_3', 'help.getConfig')])
    const abort = new AbortController()
    const call = composeMiddlewares([floodWaitMiddleware({ maxWaitSeconds: 5 })], handler)
    const pending = call({ ...context(), signal: abort.signal })
    setImmediate(() => abort.abort(new Error('cancelled by the user')))
    await assert.rejects(pending, /cancelled by the user/)
  })

  it('re-sends a call to the DC a *_MIGRATE_X error names, and moves the account on USER_MIGRATE', async () => {
    const moved: number[] = []
    const { calls, handler } = scripted([new RpcError(303, 'USER_MIGRATE_4', 'help.getConfig')])
    const call = composeMiddlewares([migrateMiddleware({ onHomeDcChanged: (dc) => moved.push(dc) })], handler)
    assert.equal(await call(context(2)), 'answer from DC 4')
    assert.deepEqual(calls, [2, 4])
    assert.deepEqual(moved, [4])
  })

  it('reroutes only the failing call on FILE_MIGRATE', async () => {
    const moved: number[] = []
    const { calls, handler } = scripted([new RpcError(303, 'FILE_MIGRATE_3', 'upload.getFile')])
    const call = composeMiddlewares([migrateMiddleware({ onHomeDcChanged: (dc) => moved.push(dc) })], handler)
    assert.equal(await call(context(1)), 'answer from DC 3')
    assert.deepEqual(calls, [1, 3])
    assert.deepEqual(moved, [])
  })

  it('retries 500-class errors a bounded number of times', async () => {
    const internal = () => new RpcError(500, 'INTERNAL_SERVER_ERROR', 'help.getConfig')
    const { calls, handler } = scripted([internal(), internal(), internal(), internal(), internal()])
    const call = composeMiddlewares([serverErrorRetryMiddleware({ maxRetries: 3, sleep: async () => {} })], handler)
    await assert.rejects(call(context()), (error: unknown) => error instanceof RpcError && error.code === 500)
    assert.equal(calls.length, 4)
  })

  it('does not retry client errors', async () => {
    const { calls, handler } = scripted([new RpcError(400, 'PEER_ID_INVALID', 'messages.getHistory')])
    const call = composeMiddlewares([serverErrorRetryMiddleware({ sleep: async () => {} })], handler)
    await assert.rejects(call(context()), /PEER_ID_INVALID/)
    assert.equal(calls.length, 1)
  })

  it('runs middlewares with the first one outermost', async () => {
    const order: string[] = []
    const call = composeMiddlewares(
      [
        async (ctx, next) => (order.push('outer'), next(ctx)),
        async (ctx, next) => (order.push('inner'), next(ctx)),
      ],
      async () => order.push('handler'),
    )
    await call(context())
    assert.deepEqual(order, ['outer', 'inner', 'handler'])
  })
})
