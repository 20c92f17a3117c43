// A deliberately minimal test client for the sandbox's session engine: plain intermediate framing over TCP and
// the MTProto 2.0 envelope, with every header field (salt, session_id, msg_id, seq_no) chosen by the test, so
// tests can send exactly the malformed messages a real client never would.
import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'
import { concatBytes, igeDecrypt, igeEncrypt, messageKey, messageKeyIv } from './crypto'
import type { AuthKeyRecord } from './session/auth-keys'
import { decodeObject, encodeObject, type TlObject } from './tl'

export interface RawMessage {
  readonly msgId: bigint
  readonly seqNo: number
  readonly body: TlObject
}

export class RawSessionClient {
  readonly sessionId = randomBytes(8).readBigInt64LE()
  salt: bigint
  private buffered = Buffer.alloc(0)
  private readonly inbox: RawMessage[] = []
  private waiting: (() => void) | undefined
  private lastMsgId = 0n
  readonly closed: Promise<void>

  private constructor(
    private readonly socket: Socket,
    private readonly authKey: AuthKeyRecord,
    initialSalt: bigint,
  ) {
    this.salt = initialSalt
    socket.on('data', (chunk) => this.onData(chunk))
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.once('close', () => this.waiting?.())
  }

  static async open(port: number, authKey: AuthKeyRecord, salt: bigint): Promise<RawSessionClient> {
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    socket.write(Buffer.from('eeeeeeee', 'hex'))
    return new RawSessionClient(socket, authKey, salt)
  }

  /** A fresh, valid client msg_id (time-based, divisible by 4, increasing). */
  nextMsgId(offsetSeconds = 0): bigint {
    let id = (BigInt(Math.floor(Date.now() / 1000) + offsetSeconds) << 32n) | (BigInt(randomBytes(4).readUInt32LE()) & ~3n)
    if (offsetSeconds === 0 && id <= this.lastMsgId) id = this.lastMsgId + 4n
    if (offsetSeconds === 0) this.lastMsgId = id
    return id
  }

  send(body: TlObject | Uint8Array, header: { msgId: bigint; seqNo: number; salt?: bigint; sessionId?: bigint }): void {
    const bytes = body instanceof Uint8Array ? body : encodeObject(body)
    const head = Buffer.alloc(32)
    head.writeBigInt64LE(header.salt ?? this.salt, 0)
    head.writeBigInt64LE(header.sessionId ?? this.sessionId, 8)
    head.writeBigInt64LE(header.msgId, 16)
    head.writeInt32LE(header.seqNo, 24)
    head.writeInt32LE(bytes.length, 28)
    const unpadded = 32 + bytes.length
    const plain = concatBytes(head, bytes, randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16)))
    const msgKey = messageKey(this.authKey.key, plain, 0)
    const { key, iv } = messageKeyIv(this.authKey.key, msgKey, 0)
    const keyId = Buffer.alloc(8)
    keyId.writeBigInt64LE(this.authKey.id)
    this.sendPacket(concatBytes(keyId, msgKey, igeEncrypt(plain, key, iv)))
  }

  sendPacket(packet: Uint8Array): void {
    const length = Buffer.alloc(4)
    length.writeUInt32LE(packet.length)
    this.socket.write(Buffer.concat([length, packet]))
  }

  /** The next message whose constructor is one of `names`, skipping the others (acks, new_session_created...). */
  async next(...names: string[]): Promise<RawMessage> {
    for (;;) {
      const message = this.inbox.shift()
      if (message) {
        if (names.length === 0 || names.includes(message.body._)) return message
        continue
      }
      if (this.socket.destroyed) throw new Error(`connection closed while waiting for ${names.join(' or ')}`)
      await new Promise<void>((resolve) => (this.waiting = resolve))
    }
  }

  close(): void {
    this.socket.destroy()
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk])
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32LE(0)
      if (this.buffered.length < 4 + length) break
      const packet = this.buffered.subarray(4, 4 + length)
      this.buffered = this.buffered.subarray(4 + length)
      if (packet.length === 4) this.inbox.push({ msgId: 0n, seqNo: 0, body: { _: 'transport_error', code: packet.readInt32LE() } })
      else this.inbox.push(this.decrypt(packet))
    }
    this.waiting?.()
  }

  private decrypt(packet: Buffer): RawMessage {
    const msgKey = packet.subarray(8, 24)
    const { key, iv } = messageKeyIv(this.authKey.key, msgKey, 8)
    const plain = Buffer.from(igeDecrypt(packet.subarray(24), key, iv))
    const length = plain.readInt32LE(28)
    return { msgId: plain.readBigInt64LE(16), seqNo: plain.readInt32LE(24), body: decodeObject(plain.subarray(32, 32 + length)) }
  }
}
