/**
 * The envelopes the session handles as raw bytes rather than as TL objects, because their
 * payload must stay undecoded until we know what it is: msg_container (whose inner messages
 * each carry their own msg_id and seq_no), rpc_result (whose result type depends on the
 * request), and gzip_packed.
 */
import { gzipSync } from 'node:zlib'
import { RejectedMessageError } from '../errors/protocol-errors'
import { encodeTl } from './tl'

export const MSG_CONTAINER_ID = 0x73f1f8dc
export const RPC_RESULT_ID = 0xf35c6d01
export const RPC_ERROR_ID = 0x2144ca19
export const GZIP_PACKED_ID = 0x3072cfa1

/** Protocol limits on a container: at most 1024 messages, and about 1 MB in all. */
export const MAX_CONTAINER_MESSAGES = 1024
export const MAX_CONTAINER_BYTES = 1_000_000
/** Bodies at least this long are worth trying gzip_packed on. */
export const GZIP_THRESHOLD = 512

export interface InnerMessage {
  msgId: bigint
  seqNo: number
  body: Uint8Array
}

export function constructorIdOf(body: Uint8Array): number {
  if (body.length < 4) throw new RejectedMessageError('undecodable', 'body shorter than a constructor id')
  return new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true)
}

export function encodeContainer(messages: readonly InnerMessage[]): Uint8Array {
  const size = 8 + messages.reduce((n, m) => n + 16 + m.body.length, 0)
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  view.setUint32(0, MSG_CONTAINER_ID, true)
  view.setInt32(4, messages.length, true)
  let offset = 8
  for (const message of messages) {
    view.setBigUint64(offset, message.msgId, true)
    view.setInt32(offset + 8, message.seqNo, true)
    view.setInt32(offset + 12, message.body.length, true)
    out.set(message.body, offset + 16)
    offset += 16 + message.body.length
  }
  return out
}

/** Splits a server's msg_container into its messages, refusing any length that overruns it. */
export function decodeContainer(body: Uint8Array): InnerMessage[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  if (body.length < 8) throw new RejectedMessageError('undecodable', 'container header truncated')
  const count = view.getInt32(4, true)
  if (count < 0 || count > MAX_CONTAINER_MESSAGES) throw new RejectedMessageError('undecodable', `container of ${count}`)
  const messages: InnerMessage[] = []
  let offset = 8
  for (let i = 0; i < count; i++) {
    if (offset + 16 > body.length) throw new RejectedMessageError('undecodable', 'container entry truncated')
    const length = view.getInt32(offset + 12, true)
    if (length < 0 || offset + 16 + length > body.length) throw new RejectedMessageError('undecodable', 'container entry overruns')
    messages.push({
      msgId: view.getBigUint64(offset, true),
      seqNo: view.getInt32(offset + 8, true),
      body: body.subarray(offset + 16, offset + 16 + length),
    })
    offset += 16 + length
  }
  return messages
}

/** rpc_result req_msg_id:long result:Object, with the result left as bytes. */
export function decodeRpcResult(body: Uint8Array): { reqMsgId: bigint; result: Uint8Array } {
  if (body.length < 16) throw new RejectedMessageError('undecodable', 'rpc_result truncated')
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  return { reqMsgId: view.getBigUint64(4, true), result: body.subarray(12) }
}

/** Wraps a body in gzip_packed when that makes it smaller; returns it unchanged otherwise. */
export function packGzippedIfSmaller(body: Uint8Array): Uint8Array {
  if (body.length < GZIP_THRESHOLD) return body
  const packed = gzipSync(body)
  if (packed.length + 8 >= body.length) return body
  return encodeTl({ _: 'gzip_packed', packed_data: new Uint8Array(packed.buffer, packed.byteOffset, packed.length) })
}
