// An error a method answers with. It becomes rpc_error{error_code, error_message} on the wire, with Telegram's
// names and codes (400 bad request, 401 unauthorized, 420 flood, 303 migrate, 500 internal...).
export class RpcError extends Error {
  override readonly name = 'RpcError'

  constructor(
    readonly code: number,
    /** Telegram's error string, e.g. `PHONE_CODE_INVALID` or `FLOOD_WAIT_30`. */
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`)
  }

  static badRequest(message: string): RpcError {
    return new RpcError(400, message)
  }
}

/** Telegram's answer to a method it does not know (an old or made-up constructor id). */
export const unknownMethod = (): RpcError => RpcError.badRequest('INPUT_METHOD_INVALID')
