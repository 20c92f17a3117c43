// Errors with the code Telegram documents for the method that raises them, from the bundled layer reference,
// so a handler names only the error and cannot get its code wrong.
import { getLayer } from '../../../../schema/layer/reference'
import { RpcError } from '../../rpc/rpc-error'

/** `PEER_ID_INVALID` from messages.sendMessage, with the code that method's page gives it. */
export function methodError(method: string, message: string): RpcError {
  const known = getLayer().lookupError(message, method)
  return new RpcError(known?.code ?? 400, message)
}
