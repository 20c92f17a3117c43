// Runs one API query: decodes it in the client's layer, peels the invoke* wrappers, calls the handler and
// encodes the rpc_result (or rpc_error) the client gets back, again in its layer.
import { RESULT_MISBEHAVIORS, WRONG_RESULT } from '../control/misbehavior'
import type { SandboxRuntime } from '../control/runtime'
import { getLayerCodec, LayerDecodeError, LayerTranslateError, ourLayer, type LayerCodec } from '../layers'
import type { TlPlainObject } from '../layers/codec'
import type { AuthKeyRecord } from '../session/auth-keys'
import type { ServerSession } from '../session/server-session'
import { encodeObject, TlWriter, type TlObject } from '../tl'
import type { World } from '../world'
import type { CallContext } from './method-registry'
import { RpcError, unknownMethod } from './rpc-error'

const INVOKE_WITH_LAYER_ID = 0xda9b0d0d
const RPC_RESULT_ID = 0xf35c6d01

export interface QueryOrigin {
  readonly world: World
  /** Fault switches and live sessions of the running sandbox. */
  readonly runtime: SandboxRuntime
  readonly dcId: number
  readonly authKey: AuthKeyRecord
  readonly session: ServerSession
  readonly msgId: bigint
}

/** Executes the query in `body` and returns the serialized rpc_result to send back. */
export async function runQuery(body: Uint8Array, origin: QueryOrigin): Promise<Uint8Array> {
  // The layer must be known before the query is decoded, because constructor ids differ between layers; it
  // sits in the first wrapper, at a fixed offset.
  const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (body.length >= 8 && view.readUInt32LE(0) === INVOKE_WITH_LAYER_ID) origin.authKey.layer = view.readInt32LE(4)
  const codec = getLayerCodec(origin.authKey.layer ?? ourLayer())

  try {
    const request = decodeRequest(codec, body)
    const { method, withoutUpdates } = await unwrap(request, origin)
    if (!withoutUpdates) origin.runtime.liveSessions.subscribe(origin.session)
    const handler = origin.world.methods.lookup(method._)
    if (!handler) throw unknownMethod()
    const context: CallContext = { ...origin, layer: codec.layer, withoutUpdates }
    const result = await callWithFaults(origin.runtime, method._, () => handler(method, context))
    const writer = new TlWriter()
    writer.uint(RPC_RESULT_ID)
    writer.long(origin.msgId)
    // The misbehaving mode's wrong-result-type: the call took effect, but its answer is of another type.
    const lie = origin.runtime.misbehavior.take(RESULT_MISBEHAVIORS)
    writer.raw(lie ? codec.encode(codec.fromOurs(WRONG_RESULT) as TlPlainObject) : codec.encodeResult(method._, codec.fromOurs(result)))
    return writer.finish()
  } catch (error) {
    const rpcError = error instanceof RpcError ? error : new RpcError(500, 'INTERNAL')
    if (!(error instanceof RpcError)) console.error('[sandbox] handler failed:', error)
    return encodeObject({
      _: 'rpc_result',
      req_msg_id: origin.msgId,
      result: { _: 'rpc_error', error_code: rpcError.code, error_message: rpcError.errorMessage },
    })
  }
}

function decodeRequest(codec: LayerCodec, body: Uint8Array): TlObject {
  try {
    return codec.toOurs(codec.decode(body)) as TlObject
  } catch (error) {
    // Telegram's names for a query it cannot read: an id it does not know, a constructor where another type
    // belongs, or bytes that do not parse.
    if (error instanceof LayerTranslateError) throw unknownMethod()
    if (!(error instanceof LayerDecodeError)) throw error
    if (error.reason === 'unknown-constructor') throw unknownMethod()
    if (error.reason === 'unexpected-constructor') throw RpcError.badRequest('INPUT_CONSTRUCTOR_INVALID')
    throw RpcError.badRequest('INPUT_FETCH_ERROR')
  }
}

/** Peels invokeWithLayer, initConnection, invokeAfterMsg(s), invokeWithoutUpdates and their kin. */
async function unwrap(request: TlObject, origin: QueryOrigin): Promise<{ method: TlObject; withoutUpdates: boolean }> {
  let withoutUpdates = false
  let current = request
  for (;;) {
    switch (current._) {
      case 'invokeWithLayer':
        origin.authKey.layer = current.layer as number
        break
      case 'initConnection':
        origin.authKey.client = {
          apiId: current.api_id as number,
          deviceModel: current.device_model as string,
          systemVersion: current.system_version as string,
          appVersion: current.app_version as string,
          langCode: current.lang_code as string,
        }
        break
      case 'invokeAfterMsg':
        await waitFor([current.msg_id as bigint], origin.session)
        break
      case 'invokeAfterMsgs':
        await waitFor(current.msg_ids as bigint[], origin.session)
        break
      case 'invokeWithoutUpdates':
        withoutUpdates = true
        break
      case 'invokeWithMessagesRange':
      case 'invokeWithTakeout':
      case 'invokeWithBusinessConnection':
      case 'invokeWithGooglePlayIntegrity':
      case 'invokeWithApnsSecret':
      case 'invokeWithReCaptcha':
        break
      default:
        return { method: current, withoutUpdates }
    }
    current = current.query as TlObject
  }
}

/**
 * Runs a handler under the faults armed for its method: an injected error replaces the call, and an injected
 * delay holds back the answer (not the call: the effect happens, the client just hears of it late).
 */
async function callWithFaults(runtime: SandboxRuntime, method: string, call: () => unknown): Promise<unknown> {
  const fault = runtime.faults.onCall(method)
  try {
    if (fault.error) throw fault.error
    return await call()
  } finally {
    if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref())
  }
}

/** invokeAfterMsg semantics: run only once the earlier queries finished; if one failed, so does this one. */
async function waitFor(msgIds: readonly bigint[], session: ServerSession): Promise<void> {
  for (const msgId of msgIds) {
    const succeeded = await session.completions.get(msgId)
    if (succeeded === false) throw RpcError.badRequest('MSG_WAIT_FAILED')
  }
}
