// Message identifiers as the server sees them (MTProto "Message Identifier" and "Message Sequence Number" rules).
// Client msg_ids are divisible by 4 and carry the client's unixtime in the upper 32 bits; server msg_ids are odd:
// 1 mod 4 for responses, 3 mod 4 for messages the server sends on its own.

/** The bad_msg_notification error codes, named after what they mean. */
export const BadMsgCode = {
  msgIdTooLow: 16,
  msgIdTooHigh: 17,
  msgIdLowBitsInvalid: 18,
  containerMsgIdReused: 19,
  msgIdTooOld: 20,
  seqNoTooLow: 32,
  seqNoTooHigh: 33,
  evenSeqNoExpected: 34,
  oddSeqNoExpected: 35,
  badServerSalt: 48,
  containerInvalid: 64,
} as const

export type BadMsgCode = (typeof BadMsgCode)[keyof typeof BadMsgCode]

/** A client msg_id whose time is further than this in the past is refused with 16. */
export const MAX_MSG_ID_AGE_SECONDS = 300
/** ...and further than this in the future with 17. */
export const MAX_MSG_ID_LEAD_SECONDS = 30

/** Time checks on a client msg_id (18, 16, 17), done before anything else looks at the message. */
export function checkClientMsgId(msgId: bigint, nowSeconds: number): BadMsgCode | undefined {
  if ((msgId & 3n) !== 0n) return BadMsgCode.msgIdLowBitsInvalid
  const sentAt = Number(msgId >> 32n)
  if (sentAt < nowSeconds - MAX_MSG_ID_AGE_SECONDS) return BadMsgCode.msgIdTooLow
  if (sentAt > nowSeconds + MAX_MSG_ID_LEAD_SECONDS) return BadMsgCode.msgIdTooHigh
  return undefined
}

/** Issues strictly increasing server msg_ids: for one connection's plain messages, or all sessions of one auth key. */
export class ServerMsgIds {
  private last = 0n

  constructor(private readonly nowMs: () => number) {}

  next(kind: 'response' | 'unsolicited'): bigint {
    const ms = this.nowMs()
    // Upper half: seconds; lower half: the fraction of the second, then the parity bits.
    let id = (BigInt(Math.floor(ms / 1000)) << 32n) | (BigInt(Math.floor(((ms % 1000) / 1000) * 2 ** 32)) & ~3n)
    if (id <= this.last) id = (this.last + 4n) & ~3n
    id |= kind === 'response' ? 1n : 3n
    this.last = id
    return id
  }

  /** Lets ids follow a clock that went back; safe only once every session they were issued in is forgotten. */
  reset(): void {
    this.last = 0n
  }
}
