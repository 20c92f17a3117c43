// The window of client messages a session remembers, used to drop duplicates and to enforce the seq_no rules:
// seq_no never decreases as msg_id grows, and a content-related message (odd seq_no) is never followed by one
// with the same seq_no.
import { BadMsgCode } from './message-ids'

/** How many msg_ids a session remembers; older ones can no longer be checked (code 20). */
export const RECEIVED_WINDOW = 1024

interface Received {
  readonly msgId: bigint
  /** Undefined for containers: their seq_no takes no part in the ordering rules. */
  readonly seqNo: number | undefined
}

export type ReceiveVerdict = { kind: 'new' } | { kind: 'duplicate' } | { kind: 'reject'; code: BadMsgCode }

export class ReceivedMessages {
  /** Sorted by msgId. */
  private readonly entries: Received[] = []

  /**
   * `contentRelated` is what the message's kind requires of its seq_no parity, or undefined for the service
   * messages clients disagree about (ping, get_future_salts...), which are not held to a parity.
   */
  check(msgId: bigint, seqNo: number, contentRelated: boolean | undefined): ReceiveVerdict {
    if (contentRelated !== undefined && contentRelated !== (seqNo % 2 === 1)) {
      return { kind: 'reject', code: contentRelated ? BadMsgCode.oddSeqNoExpected : BadMsgCode.evenSeqNoExpected }
    }
    const index = this.lowerBound(msgId)
    if (this.entries[index]?.msgId === msgId) return { kind: 'duplicate' }
    if (index === 0 && this.entries.length >= RECEIVED_WINDOW) return { kind: 'reject', code: BadMsgCode.msgIdTooOld }
    const before = this.orderedNeighbour(index - 1, -1)
    if (before !== undefined && (before > seqNo || (before === seqNo && seqNo % 2 === 1))) {
      return { kind: 'reject', code: BadMsgCode.seqNoTooLow }
    }
    const after = this.orderedNeighbour(index, 1)
    if (after !== undefined && (after < seqNo || (after === seqNo && seqNo % 2 === 1))) {
      return { kind: 'reject', code: BadMsgCode.seqNoTooHigh }
    }
    return { kind: 'new' }
  }

  /** The seq_no of the nearest non-container entry from `index` walking in `step` direction. */
  private orderedNeighbour(index: number, step: 1 | -1): number | undefined {
    for (let i = index; i >= 0 && i < this.entries.length; i += step) {
      const seqNo = this.entries[i]!.seqNo
      if (seqNo !== undefined) return seqNo
    }
    return undefined
  }

  has(msgId: bigint): boolean {
    return this.entries[this.lowerBound(msgId)]?.msgId === msgId
  }

  record(msgId: bigint, seqNo: number | undefined): void {
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
