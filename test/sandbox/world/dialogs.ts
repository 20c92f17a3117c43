// Each account's dialog list: which chats it has, read positions, pinning, folders and notification settings.
// Unread and mention counts are not stored: messages.ts counts them from the box.
import type { DialogRecord, NotifySettingsRecord } from './records'
import { peerKey, type PeerKey, type PeerRef } from './peers'

export interface DialogStoreState {
  byAccount: Map<bigint, Map<PeerKey, DialogRecord>>
}

export function emptyDialogStoreState(): DialogStoreState {
  return { byAccount: new Map() }
}

export const defaultNotifySettings = (): NotifySettingsRecord => ({ muteUntil: 0, silent: false, showPreviews: true })

export class DialogStore {
  constructor(readonly state: DialogStoreState) {}

  get(accountId: bigint, peer: PeerRef): DialogRecord | undefined {
    return this.state.byAccount.get(accountId)?.get(peerKey(peer))
  }

  /** The dialog, created empty (no messages, nothing read) when the account has none with this peer yet. */
  ensure(accountId: bigint, peer: PeerRef): DialogRecord {
    let dialogs = this.state.byAccount.get(accountId)
    if (!dialogs) this.state.byAccount.set(accountId, (dialogs = new Map()))
    const key = peerKey(peer)
    let dialog = dialogs.get(key)
    if (!dialog) {
      dialog = {
        peer,
        topMessage: 0,
        topDate: 0,
        readInboxMaxId: 0,
        readOutboxMaxId: 0,
        pinnedRank: undefined,
        folderId: 0,
        unreadMark: false,
        notify: defaultNotifySettings(),
      }
      dialogs.set(key, dialog)
    }
    return dialog
  }

  remove(accountId: bigint, peer: PeerRef): boolean {
    return this.state.byAccount.get(accountId)?.delete(peerKey(peer)) ?? false
  }

  /**
   * The account's dialogs in Telegram's order: pinned ones first (by rank), then by top message date, newest
   * first (ties by top message id). `folderId` restricts to the main list (0) or the archive (1).
   */
  list(accountId: bigint, folderId?: 0 | 1): DialogRecord[] {
    const dialogs = [...(this.state.byAccount.get(accountId)?.values() ?? [])].filter(
      (dialog) => dialog.topMessage > 0 && (folderId === undefined || dialog.folderId === folderId),
    )
    return dialogs.sort((a, b) => {
      if (a.pinnedRank !== undefined || b.pinnedRank !== undefined) {
        if (a.pinnedRank === undefined) return 1
        if (b.pinnedRank === undefined) return -1
        if (a.pinnedRank !== b.pinnedRank) return a.pinnedRank - b.pinnedRank
      }
      return b.topDate - a.topDate || b.topMessage - a.topMessage
    })
  }

  /** Pins at the top of its folder's pinned list, or unpins; the other pinned dialogs keep their order. */
  setPinned(accountId: bigint, peer: PeerRef, pinned: boolean): void {
    const dialog = this.ensure(accountId, peer)
    const others = this.list(accountId, dialog.folderId).filter((d) => d !== dialog && d.pinnedRank !== undefined)
    dialog.pinnedRank = pinned ? 0 : undefined
    others.forEach((d, index) => (d.pinnedRank = index + (pinned ? 1 : 0)))
  }

  /** Replaces the pinned order of a folder (messages.reorderPinnedDialogs). */
  reorderPinned(accountId: bigint, folderId: 0 | 1, order: readonly PeerRef[]): void {
    for (const dialog of this.list(accountId, folderId)) dialog.pinnedRank = undefined
    order.forEach((peer, index) => (this.ensure(accountId, peer).pinnedRank = index))
  }
}
