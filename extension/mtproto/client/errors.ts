/** Errors the friendly client raises itself (RPC errors stay RpcError, entity lookups EntityNotFoundError). */

export class ClientNotConnectedError extends Error {
  override readonly name = 'ClientNotConnectedError'
  constructor() {
    super('The client is not connected: call connect() (or start()) first')
  }
}

/**
 * Some requests of a batch failed. `results[i]` and `errors[i]` belong to `requests[i]`: exactly one
 * of them is set for each request.
 */
export class MultiError extends Error {
  override readonly name = 'MultiError'
  constructor(
    readonly requests: readonly { _: string }[],
    readonly results: readonly unknown[],
    readonly errors: readonly (Error | undefined)[],
  ) {
    const failed = errors.flatMap((error, i) => (error ? [`#${i} ${requests[i]!._}: ${error.message}`] : []))
    super(`${failed.length} of ${requests.length} requests failed: ${failed.join('; ')}`)
  }
}

/** Text longer than Telegram accepts in one message, sent without `split: true`. */
export class MessageTooLongError extends RangeError {
  override readonly name = 'MessageTooLongError'
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`The message is ${length} characters long; Telegram accepts at most ${limit}. Pass { split: true } to send it as several messages.`)
  }
}

/** A sign-in flow that cannot go on: a callback is missing, or the user gave up after repeated wrong answers. */
export class SignInError extends Error {
  override readonly name = 'SignInError'
}
