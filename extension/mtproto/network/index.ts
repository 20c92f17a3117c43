// The client side of the protocol as the rest of the extension (and the tests) use it.

export { MtprotoClient, type MtprotoClientOptions } from './mtproto-client'
export { DcManager, MemoryKeyStore, type DcAddress, type KeyStore } from './dc-manager'
export { composeMiddlewares, type CallContext, type CallHandler, type CallMiddleware, type CallOptions } from './call-pipeline'
export { floodWaitMiddleware, migrateMiddleware, serverErrorRetryMiddleware } from './middlewares'
export { MtprotoSession, type SessionOptions, type SessionKeyState, type InitConnectionParams, type Logger } from '../session/session'
export { exchangeAuthKey, type KeyExchangeOptions, type KeyExchangeResult } from '../auth/key-exchange'
export { AuthKey } from '../auth/auth-key'
export { RpcError, parseErrorMessage } from '../errors/rpc-error'
export {
  BadMessageError,
  KeyExchangeError,
  RejectedMessageError,
  RequestTimeoutError,
  SessionClosedError,
  type KeyExchangeFailure,
  type RejectedMessageReason,
} from '../errors/protocol-errors'
