// Unsent drafts: one per account and dialog, shared by the account's sessions (messages.saveDraft) and
// listed by messages.getAllDrafts. Kept apart from the dialog list: a draft may exist for a chat with no messages.
import type { MessageEntity } from './records'
import { peerFromKey, peerKey, type PeerKey, type PeerRef } from './peers'

export interface DraftRecord {
  readonly text: string
  readonly entities: readonly MessageEntity[]
  readonly date: number
  readonly replyToMsgId: number | undefined
  readonly noWebpage: boolean
}

export interface DraftStoreState {
  byAccount: Map<bigint, Map<PeerKey, DraftRecord>>
}

export function emptyDraftStoreState(): DraftStoreState {
  return { byAccount: new Map() }
}

export class DraftStore {
  constructor(readonly state: DraftStoreState) {}

  get(accountId: bigint, peer: PeerRef): DraftRecord | undefined {
    return this.state.byAccount.get(accountId)?.get(peerKey(peer))
  }

  /** Saves the draft; an empty text without a reply clears it, as Telegram does. Returns what is kept. */
  save(accountId: bigint, peer: PeerRef, draft: DraftRecord): DraftRecord | undefined {
    if (draft.text === '' && draft.replyToMsgId === undefined) {
      this.clear(accountId, peer)
      return undefined
    }
    let drafts = this.state.byAccount.get(accountId)
    if (!drafts) this.state.byAccount.set(accountId, (drafts = new Map()))
    drafts.set(peerKey(peer), draft)
    return draft
  }

  /** Returns whether there was a draft to clear. */
  clear(accountId: bigint, peer: PeerRef): boolean {
    return this.state.byAccount.get(accountId)?.delete(peerKey(peer)) ?? false
  }

  /** The account's drafts, newest first. */
  list(accountId: bigint): { peer: PeerRef; draft: DraftRecord }[] {
    const drafts = [...(this.state.byAccount.get(accountId) ?? new Map<PeerKey, DraftRecord>())]
    return drafts.map(([key, draft]) => ({ peer: peerFromKey(key), draft })).sort((a, b) => b.draft.date - a.draft.date)
  }
}
