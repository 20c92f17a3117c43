// One MTProto session (a client-chosen session_id under an auth key): the messages it has received, and the
// msg_ids and seq_nos of what the server sends in it.
import { randomBytes } from 'node:crypto'
import type { ServerMsgIds } from './message-ids'
import { ReceivedMessages } from './received-messages'

export class ServerSession {
  readonly received = new ReceivedMessages()
  /** new_session_created.unique_id: lets a client tell a restarted server session from the old one. */
  readonly uniqueId = randomBytes(8).readBigInt64LE()
  /** Completion of recent queries, for invokeAfterMsg(s). */
  readonly completions = new Map<bigint, Promise<boolean>>()
  /** The msg_id of the last message sent in this session (the misbehaving mode replays it). */
  lastSentMsgId: bigint | undefined
  private contentSent = 0

  constructor(
    readonly id: bigint,
    /** Its auth key's counter (AuthKeyRecord.msgIds). */
    readonly msgIds: ServerMsgIds,
  ) {}

  /** The seq_no of the next outgoing message: odd and counted for content-related ones, even otherwise. */
  nextSeqNo(contentRelated: boolean): number {
    if (!contentRelated) return this.contentSent * 2
    return this.contentSent++ * 2 + 1
  }

  /** Remembers whether a query succeeded, keeping only a bounded number of them. */
  trackCompletion(msgId: bigint, done: Promise<boolean>): void {
    this.completions.set(msgId, done)
    if (this.completions.size > 1024) this.completions.delete(this.completions.keys().next().value!)
  }
}
