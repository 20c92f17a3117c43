/**
 * The dialog list for the webview, page by page. Telegram pages dialogs by the offsets of the last one
 * seen, so the host keeps one running iterator per folder and hands the webview opaque cursors
 * (positions in what was already fetched). A first page (no cursor) starts over, so a reopened view
 * sees the current order.
 */
import type { Dialog, TelegramClient } from '../mtproto'
import type { DialogCursor, DialogFolder } from '../../webview/protocol'
import { usernameOf } from './view-models'

/** Searching loads at most this many dialogs to filter: enough for any real list, bounded for huge ones. */
const SEARCH_LIMIT = 1000

interface Listing {
  dialogs: Dialog[]
  iterator: AsyncIterator<Dialog>
  done: boolean
}

export interface DialogPage {
  dialogs: Dialog[]
  /** Pinned position of each dialog in `dialogs` (undefined when not pinned). */
  pinnedOrder: (number | undefined)[]
  next?: DialogCursor
}

export class DialogPager {
  private readonly listings = new Map<DialogFolder, Listing>()

  constructor(private readonly client: TelegramClient) {}

  async page(folder: DialogFolder, cursor: DialogCursor | undefined, limit: number, query?: string): Promise<DialogPage> {
    if (query?.trim()) return this.search(folder, query.trim(), limit, cursor)
    const from = cursor === undefined ? 0 : Math.max(0, Number.parseInt(cursor, 10) || 0)
    const listing = from === 0 ? this.restart(folder) : (this.listings.get(folder) ?? this.restart(folder))
    await this.fill(listing, from + limit)
    const dialogs = listing.dialogs.slice(from, from + limit)
    const more = !listing.done || listing.dialogs.length > from + limit
    return { dialogs, pinnedOrder: dialogs.map((d) => this.pinnedIndex(listing, d)), ...(more && dialogs.length > 0 ? { next: String(from + dialogs.length) } : {}) }
  }

  /** A dialog already fetched, in either folder. */
  known(peerId: bigint): Dialog | undefined {
    for (const listing of this.listings.values()) {
      const dialog = listing.dialogs.find((d) => d.id === peerId)
      if (dialog) return dialog
    }
    return undefined
  }

  /** Replaces a fetched dialog with a fresher copy (after a new message or a read). */
  replace(dialog: Dialog): number | undefined {
    for (const listing of this.listings.values()) {
      const index = listing.dialogs.findIndex((d) => d.id === dialog.id)
      if (index >= 0) {
        listing.dialogs[index] = dialog
        return this.pinnedIndex(listing, dialog)
      }
    }
    return dialog.pinned ? 0 : undefined
  }

  /** Titles first, then usernames, as the issue asks; `@name` searches usernames only. */
  private async search(folder: DialogFolder, query: string, limit: number, cursor: DialogCursor | undefined): Promise<DialogPage> {
    const listing = this.listings.get(folder) ?? this.restart(folder)
    await this.fill(listing, SEARCH_LIMIT)
    const q = query.toLowerCase()
    const byUsername = q.startsWith('@')
    const needle = byUsername ? q.slice(1) : q
    const titles = byUsername ? [] : listing.dialogs.filter((d) => d.name.toLowerCase().includes(needle))
    const usernames = listing.dialogs.filter((d) => !titles.includes(d) && usernameOf(d.entity)?.toLowerCase().includes(needle))
    const all = [...titles, ...usernames]
    const from = cursor === undefined ? 0 : Number.parseInt(cursor, 10) || 0
    const dialogs = all.slice(from, from + limit)
    return { dialogs, pinnedOrder: dialogs.map((d) => this.pinnedIndex(listing, d)), ...(all.length > from + limit ? { next: String(from + limit) } : {}) }
  }

  private restart(folder: DialogFolder): Listing {
    const iterator = this.client.iterDialogs(folder === 'archive' ? { archived: true } : {})[Symbol.asyncIterator]()
    const listing: Listing = { dialogs: [], iterator, done: false }
    this.listings.set(folder, listing)
    return listing
  }

  private async fill(listing: Listing, count: number): Promise<void> {
    while (!listing.done && listing.dialogs.length < count) {
      const step = await listing.iterator.next()
      if (step.done) listing.done = true
      else if (!listing.dialogs.some((d) => d.id === step.value.id)) listing.dialogs.push(step.value)
    }
  }

  private pinnedIndex(listing: Listing, dialog: Dialog): number | undefined {
    if (!dialog.pinned) return undefined
    return listing.dialogs.filter((d) => d.pinned).findIndex((d) => d.id === dialog.id)
  }
}
