// The server's session engine for one DC: everything between an encrypted packet and a method call. It checks
// each message the way Telegram does (msg_key, msg_id time and parity, salt, seq_no order), answers with the
// right service messages (bad_msg_notification, bad_server_salt, new_session_created, msgs_ack, pong,
// future_salts), opens containers and gzip_packed, and hands API queries to rpc/query.ts.
import { gunzipSync } from 'node:zlib'
import { ENVELOPE_MISBEHAVIORS } from '../control/misbehavior'
import type { SandboxRuntime } from '../control/runtime'
import { runQuery } from '../rpc/query'
import { decodeObject, encodeObject, TlReader, type TlObject } from '../tl'
import type { PushRoute } from '../updates/live-sessions'
import type { World } from '../world'
import type { AuthKeyRecord } from './auth-keys'
import { decryptClientMessage, encryptServerMessage, readAuthKeyId } from './envelope'
import { BadMsgCode, checkClientMsgId } from './message-ids'
import { forgeMisbehavingMessages } from './misbehaving-envelope'
import { ServerSession } from './server-session'

/** What the engine needs from a client connection. */
export interface ClientLink {
  send(packet: Uint8Array): void
  /** Sends a transport error (-404 for an unknown auth key, as Telegram does). */
  sendTransportError(code: number): void
  close(): void
  /** ping_delay_disconnect: close unless another such ping arrives within `seconds`. */
  closeAfter(seconds: number): void
  /** Called with every packet the engine drops, so tests can see why. */
  onDropped?(reason: string): void
}

/** Constructor ids of the service messages the engine answers itself (schema/layer/mtproto.tl). */
const ServiceId = {
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  msgsAck: 0x62d6b459,
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  getFutureSalts: 0xb921bd04,
  destroySession: 0xe7512126,
  msgsStateReq: 0xda69fb52,
  msgResendReq: 0x7d861a08,
  rpcDropAnswer: 0x58e4a740,
  httpWait: 0x9299359f,
} as const

const SERVICE_IDS = new Set<number>(Object.values(ServiceId))

/** A container holds at most this many messages (Telegram's limit is 1020). */
const MAX_CONTAINER_MESSAGES = 1020
/** gzip_packed bodies larger than this when inflated are refused. */
const MAX_INFLATED_BODY = 16 * 1024 * 1024

/** One message being processed, with where it came from and where answers go. */
interface Incoming {
  readonly link: ClientLink
  readonly authKey: AuthKeyRecord
  readonly session: ServerSession
  readonly msgId: bigint
  readonly seqNo: number
  /** Content-related msg_ids of the packet, acknowledged together once it is processed. */
  readonly acks: bigint[]
}

/** Where a message of a session goes out: the connection, the key and the session. */
type Outgoing = Pick<Incoming, 'link' | 'authKey' | 'session'>

export class SessionEngine {
  constructor(
    private readonly world: World,
    private readonly dcId: number,
    private readonly runtime: SandboxRuntime,
  ) {}

  /** Handles one encrypted packet (auth_key_id != 0). */
  receive(link: ClientLink, packet: Uint8Array): void {
    if (packet.length < 8) return link.onDropped?.('packet shorter than auth_key_id')
    const authKey = this.world.authKeys.get(this.dcId, readAuthKeyId(packet))
    if (!authKey) {
      link.sendTransportError(404)
      link.close()
      return
    }
    const message = decryptClientMessage(authKey.key, packet)
    if (typeof message === 'string') return link.onDropped?.(message)

    const now = this.world.clock.nowSeconds()
    let session = authKey.sessions.get(message.sessionId)
    const isNewSession = session === undefined
    session ??= new ServerSession(message.sessionId, authKey.msgIds)
    const incoming: Incoming = { link, authKey, session, msgId: message.msgId, seqNo: message.seqNo, acks: [] }

    const timeFault = checkClientMsgId(message.msgId, now)
    if (timeFault !== undefined) return this.badMsg(incoming, timeFault)
    if (!authKey.salts.isAccepted(message.salt, now)) {
      return this.send(incoming, {
        _: 'bad_server_salt',
        bad_msg_id: message.msgId,
        bad_msg_seqno: message.seqNo,
        error_code: BadMsgCode.badServerSalt,
        new_server_salt: authKey.salts.current(now),
      })
    }
    if (isNewSession) {
      authKey.sessions.set(session.id, session)
      this.send(incoming, {
        _: 'new_session_created',
        first_msg_id: message.msgId,
        unique_id: session.uniqueId,
        server_salt: authKey.salts.current(now),
      }, { unsolicited: true })
    }
    this.runtime.liveSessions.heardFrom(this.dcId, authKey, session, this.pushRoute({ link, authKey, session }))

    this.handle(incoming, message.body, false)
    if (incoming.acks.length > 0) this.send(incoming, { _: 'msgs_ack', msg_ids: incoming.acks })
  }

  private handle(incoming: Incoming, body: Uint8Array, inContainer: boolean): void {
    if (body.length < 4) return incoming.link.onDropped?.('message body shorter than a constructor id')
    const id = Buffer.from(body.buffer, body.byteOffset, 4).readUInt32LE()
    if (id === ServiceId.msgContainer) return this.container(incoming, body, inContainer)

    // API queries must carry odd seq_nos. Service messages are not held to a parity: clients disagree about
    // some of them (mtcute numbers its msgs_ack as content-related), and Telegram accepts both.
    const contentRelated = SERVICE_IDS.has(id) || id === ServiceId.gzipPacked ? undefined : true
    const verdict = incoming.session.received.check(incoming.msgId, incoming.seqNo, contentRelated)
    if (verdict.kind === 'reject') return this.badMsg(incoming, verdict.code)
    if (incoming.seqNo % 2 === 1) incoming.acks.push(incoming.msgId)
    // A repeated msg_id is acknowledged again but never executed twice.
    if (verdict.kind === 'duplicate') return
    incoming.session.received.record(incoming.msgId, incoming.seqNo)
    this.dispatch(incoming, id, body)
  }

  private dispatch(incoming: Incoming, id: number, body: Uint8Array): void {
    if (id === ServiceId.gzipPacked) {
      const inflated = this.inflate(body)
      if (!inflated) return incoming.link.onDropped?.('gzip_packed does not inflate')
      return this.dispatch(incoming, inflated.length >= 4 ? Buffer.from(inflated).readUInt32LE() : 0, inflated)
    }
    if (!SERVICE_IDS.has(id)) return this.query(incoming, body)

    let message: TlObject
    try {
      message = decodeObject(body)
    } catch {
      return incoming.link.onDropped?.('service message does not decode')
    }
    const now = this.world.clock.nowSeconds()
    switch (message._) {
      case 'ping':
        return this.send(incoming, { _: 'pong', msg_id: incoming.msgId, ping_id: message.ping_id })
      case 'ping_delay_disconnect':
        incoming.link.closeAfter(message.disconnect_delay as number)
        return this.send(incoming, { _: 'pong', msg_id: incoming.msgId, ping_id: message.ping_id })
      case 'get_future_salts': {
        const salts = incoming.authKey.salts.upcoming(message.num as number, now)
        return this.send(incoming, {
          _: 'future_salts',
          req_msg_id: incoming.msgId,
          now,
          salts: salts.map((s) => ({ _: 'future_salt', valid_since: s.validSince, valid_until: s.validUntil, salt: s.salt })),
        })
      }
      case 'destroy_session': {
        const target = message.session_id as bigint
        const destroyed = target === incoming.session.id ? undefined : incoming.authKey.sessions.get(target)
        const existed = destroyed !== undefined && incoming.authKey.sessions.delete(target)
        if (destroyed) this.runtime.liveSessions.forget(destroyed)
        return this.send(incoming, { _: existed ? 'destroy_session_ok' : 'destroy_session_none', session_id: target })
      }
      case 'msgs_state_req': {
        // 4: received; 2: not received though within the remembered range (MTProto "Request for Message Status").
        const ids = message.msg_ids as bigint[]
        const info = Uint8Array.from(ids, (msgId) => (incoming.session.received.has(msgId) ? 4 : 2))
        return this.send(incoming, { _: 'msgs_state_info', req_msg_id: incoming.msgId, info })
      }
      case 'rpc_drop_answer':
        // Queries are answered as soon as they finish, so there is never an answer left to drop.
        return this.send(incoming, { _: 'rpc_result', req_msg_id: incoming.msgId, result: { _: 'rpc_answer_unknown' } })
      default:
        // msgs_ack, msg_resend_req, http_wait: nothing to answer over TCP.
        return
    }
  }

  private query(incoming: Incoming, body: Uint8Array): void {
    const { session, authKey, msgId } = incoming
    const answer = runQuery(body, { world: this.world, runtime: this.runtime, dcId: this.dcId, authKey, session, msgId })
    session.trackCompletion(msgId, answer.then(isSuccess))
    answer.then((result) => {
      const lie = this.runtime.misbehavior.take(ENVELOPE_MISBEHAVIORS)
      if (lie) {
        const salt = authKey.salts.current(this.world.clock.nowSeconds())
        const target = { authKey, session, salt, reqMsgId: msgId, nowSeconds: this.world.clock.nowSeconds() }
        for (const forged of forgeMisbehavingMessages(lie, target)) incoming.link.send(forged)
      }
      this.sendBody(incoming, result, { contentRelated: true, unsolicited: false })
    })
  }

  private container(incoming: Incoming, body: Uint8Array, inContainer: boolean): void {
    if (inContainer) return this.badMsg(incoming, BadMsgCode.containerInvalid)
    if (incoming.session.received.has(incoming.msgId)) return this.badMsg(incoming, BadMsgCode.containerMsgIdReused)
    if (incoming.seqNo % 2 !== 0) return this.badMsg(incoming, BadMsgCode.evenSeqNoExpected)
    const messages = parseContainer(body)
    if (!messages) return this.badMsg(incoming, BadMsgCode.containerInvalid)
    incoming.session.received.record(incoming.msgId, undefined)
    const now = this.world.clock.nowSeconds()
    for (const inner of messages) {
      const nested: Incoming = { ...incoming, msgId: inner.msgId, seqNo: inner.seqNo }
      const timeFault = checkClientMsgId(inner.msgId, now)
      if (timeFault !== undefined) this.badMsg(nested, timeFault)
      else this.handle(nested, inner.body, true)
    }
  }

  private badMsg(incoming: Incoming, code: BadMsgCode): void {
    incoming.link.onDropped?.(`bad_msg_notification ${code}`)
    this.send(incoming, { _: 'bad_msg_notification', bad_msg_id: incoming.msgId, bad_msg_seqno: incoming.seqNo, error_code: code })
  }

  private send(incoming: Incoming, message: TlObject, options: { unsolicited?: boolean } = {}): void {
    const contentRelated = message._ !== 'msgs_ack' && message._ !== 'bad_msg_notification' && message._ !== 'bad_server_salt'
    this.sendBody(incoming, encodeObject(message), { contentRelated, unsolicited: options.unsolicited ?? false })
  }

  /** Pushed updates: unsolicited content-related messages of the session, over the connection given. */
  private pushRoute(outgoing: Outgoing): PushRoute {
    return { connection: outgoing.link, send: (body) => this.sendBody(outgoing, body, { contentRelated: true, unsolicited: true }) }
  }

  private sendBody(outgoing: Outgoing, body: Uint8Array, options: { contentRelated: boolean; unsolicited: boolean }): void {
    const { authKey, session } = outgoing
    const keyId = Buffer.alloc(8)
    keyId.writeBigInt64LE(authKey.id)
    const msgId = session.msgIds.next(options.unsolicited ? 'unsolicited' : 'response')
    const packet = encryptServerMessage(authKey.key, keyId, {
      salt: authKey.salts.current(this.world.clock.nowSeconds()),
      sessionId: session.id,
      msgId,
      seqNo: session.nextSeqNo(options.contentRelated),
      body,
    })
    session.lastSentMsgId = msgId
    outgoing.link.send(packet)
  }

  private inflate(body: Uint8Array): Uint8Array | undefined {
    try {
      const reader = new TlReader(body)
      reader.int()
      return gunzipSync(reader.bytesValue(), { maxOutputLength: MAX_INFLATED_BODY })
    } catch {
      return undefined
    }
  }
}

interface ContainedMessage {
  readonly msgId: bigint
  readonly seqNo: number
  readonly body: Uint8Array
}

/** msg_container#73f1f8dc messages:vector<%Message>, where message = msg_id:long seqno:int bytes:int body. */
function parseContainer(body: Uint8Array): ContainedMessage[] | undefined {
  try {
    const reader = new TlReader(body)
    reader.int()
    const count = reader.int()
    if (count < 0 || count > MAX_CONTAINER_MESSAGES) return undefined
    const messages: ContainedMessage[] = []
    for (let i = 0; i < count; i++) {
      const msgId = reader.long()
      const seqNo = reader.int()
      const length = reader.int()
      if (length < 4 || length % 4 !== 0) return undefined
      messages.push({ msgId, seqNo, body: reader.raw(length) })
    }
    return reader.remaining === 0 ? messages : undefined
  } catch {
    return undefined
  }
}

/** Whether a serialized rpc_result carries a result rather than an rpc_error (for invokeAfterMsg). */
function isSuccess(rpcResult: Uint8Array): boolean {
  return rpcResult.length < 16 || Buffer.from(rpcResult.buffer, rpcResult.byteOffset + 12, 4).readUInt32LE() !== 0x2144ca19
}
