// The failures a chaos operation may end in: the client library's own error classes. Anything else (a bare Error,
// a TypeError from a bad read) means some path lost track of what went wrong, and the run counts it.
import { ClientNotConnectedError, RpcError } from '../../extension/mtproto'
import { BadMessageError, KeyExchangeError, RequestTimeoutError, SessionClosedError } from '../../extension/mtproto/errors/protocol-errors'
import { ConnectionClosedError, ConnectTimeoutError, FramingError, TransportError } from '../../extension/mtproto/transport'

const TYPED_ERRORS = [
  RpcError,
  RequestTimeoutError,
  SessionClosedError,
  BadMessageError,
  KeyExchangeError,
  TransportError,
  FramingError,
  ConnectTimeoutError,
  ConnectionClosedError,
  ClientNotConnectedError,
] as const

export function isTypedError(error: unknown): boolean {
  return TYPED_ERRORS.some((type) => error instanceof type)
}

/** A short label for the report: the class and, for RPC errors, Telegram's name. */
export function errorLabel(error: unknown): string {
  if (error instanceof RpcError) return `RpcError ${error.message}`
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
