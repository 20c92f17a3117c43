// The window of client messages a session remembers, used to drop duplicates and to enforce the seq_no rules:
// seq_no never decreases as msg_id grows, and a content-related message (odd seq_no) is never followed by one
// with the same seq_no.
import { BadMsgCode } from './message-ids'

/** How many msg_ids a session remembers; older ones can no longer be checked (code 20). */
export const RECEIVED_WINDOW = 1024

interface Received {
  readonly msgId: bigint
  readonly seqNo: number
}

export type ReceiveVerdict = { kind: 'new' } | { kind: 'duplicate' } | { kind: 'reject'; code: BadMsgCode }

export class ReceivedMessages {
  /** Sorted by msgId. */
  private readonly entries: Received[] = []

  check(msgId: bigint, seqNo: number, contentRelated: boolean): ReceiveVerdict {
    if (contentRelated !== (seqNo % 2 === 1)) {
      return { kind: 'reject', code: contentRelated ? BadMsgCode.oddSeqNoExpected : BadMsgCode.evenSeqNoExpected }
    }
    const index = this.lowerBound(msgId)
    if (this.entries[index]?.msgId === msgId) return { kind: 'duplicate' }
    if (index === 0 && this.entries.length >= RECEIVED_WINDOW) return { kind: 'reject', code: BadMsgCode.msgIdTooOld }
    const before = this.entries[index - 1]
    if (before && (before.seqNo > seqNo || (before.seqNo === seqNo && seqNo % 2 === 1))) {
      return { kind: 'reject', code: BadMsgCode.seqNoTooLow }
    }
    const after = this.entries[index]
    if (after && (after.seqNo < seqNo || (after.seqNo === seqNo && seqNo % 2 === 1))) {
      return { kind: 'reject', code: BadMsgCode.seqNoTooHigh }
    }
    return { kind: 'new' }
  }

  has(msgId: bigint): boolean {
    return this.entries[this.lowerBound(msgId)]?.msgId === msgId
  }

  record(msgId: bigint, seqNo: number): void {
    const index = this.lowerBound(msgId)
    if (this.entries[index]?.msgId === msgId) return
    this.entries.splice(index, 0, { msgId, seqNo })
    if (this.entries.length > RECEIVED_WINDOW) this.entries.shift()
  }

  private lowerBound(msgId: bigint): number {
    let low = 0
    let high = this.entries.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.entries[mid]!.msgId < msgId) low = mid + 1
      else high = mid
    }
    return low
  }
}
