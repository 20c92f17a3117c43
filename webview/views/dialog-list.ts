/**
 * The dialog list: a filter box, the Archived folder, and the dialogs in pin order then by date, loaded page by
 * page as the reader scrolls and reordered live as messages arrive. It is a listbox: arrows move, Enter opens.
 */
import { button, h, icon } from '../dom'
import type { HostConnection } from '../host'
import type { DialogCursor, DialogFolder, DialogView, PeerId } from '../protocol'
import { listTime } from '../render/format'
import { cleanName, nameElement } from '../render/names'
import type { Avatars } from './avatar'

const PAGE = 50

export interface DialogListDeps {
  host: HostConnection
  avatars: Avatars
  folder: DialogFolder
  filter: string
  /** Dialogs from the saved state, drawn before the host answers. */
  cached: DialogView[]
  open(peerId: PeerId): void
  openFolder(folder: DialogFolder): void
  onChanged(): void
  onError(message: string): void
}

/** Sort order: pinned first in their order, then the newest top message first. */
export function compareDialogs(a: DialogView, b: DialogView): number {
  const pa = a.pinnedOrder ?? Infinity
  const pb = b.pinnedOrder ?? Infinity
  if (pa !== pb) return pa - pb
  return b.date - a.date
}

/** Local ranking of the filter: title matches first, then username matches. */
export function filterDialogs(dialogs: readonly DialogView[], query: string): DialogView[] {
  const q = query.trim().toLowerCase().replace(/^@/, '')
  if (!q) return dialogs.slice()
  const byTitle = dialogs.filter((d) => cleanName(d.title).toLowerCase().includes(q))
  const titled = new Set(byTitle)
  const byUsername = dialogs.filter((d) => !titled.has(d) && d.username?.toLowerCase().includes(q))
  return [...byTitle, ...byUsername]
}

export class DialogList {
  readonly element: HTMLElement
  private readonly list: HTMLElement
  private readonly sentinel: HTMLElement
  private readonly filterInput: HTMLElement & { value: string }
  private dialogs = new Map<PeerId, DialogView>()
  private rows = new Map<PeerId, { element: HTMLElement; dialog: DialogView }>()
  private next: DialogCursor | undefined
  private exhausted = false
  private loading = false
  private archivedCount = 0
  private archiveElement: HTMLElement | undefined
  private archiveCount: HTMLElement | undefined
  private activeId: PeerId | undefined
  private searchTimer = 0
  private searchResults: DialogView[] | undefined
  /** The dialogs held are from before the last reload: the next first page replaces them. */
  private stale = false
  private reloadWanted = false

  constructor(private readonly deps: DialogListDeps) {
    this.filterInput = h('vscode-text-field', { class: 'filter', attrs: { placeholder: 'Search chats', 'aria-label': 'Search chats' } }, h('span', { attrs: { slot: 'start' } }, icon('search'))) as HTMLElement & { value: string }
    this.filterInput.value = deps.filter
    this.filterInput.addEventListener('input', () => this.onFilter())
    this.filterInput.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') {
        event.preventDefault()
        this.moveActive(0, true)
      }
    })
    this.list = h('div', { class: 'dialog-list', attrs: { role: 'listbox', 'aria-label': deps.folder === 'archive' ? 'Archived chats' : 'Chats', tabindex: '0' } })
    this.list.addEventListener('keydown', (event) => this.onKey(event))
    this.list.addEventListener('focus', () => {
      if (!this.activeId) this.moveActive(0, true)
    })
    this.sentinel = h('div', { class: 'list-sentinel', attrs: { 'aria-hidden': 'true' } })
    const header =
      deps.folder === 'archive'
        ? h('div', { class: 'list-header' }, button('Back to chats', () => deps.openFolder('main'), { appearance: 'icon', icon: 'arrow-left', title: 'Back (Escape)' }), h('h2', null, 'Archived chats'))
        : null
    this.element = h('section', { class: 'dialogs', attrs: { 'aria-label': 'Chats' } }, header, h('div', { class: 'filter-row' }, this.filterInput), h('div', { class: 'dialog-scroller' }, this.list, this.sentinel))
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && deps.folder === 'archive') deps.openFolder('main')
    })
    for (const dialog of deps.cached) this.dialogs.set(dialog.peerId, dialog)
    this.render()
    new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.loadMore()
    }).observe(this.sentinel)
  }

  get folder(): DialogFolder {
    return this.deps.folder
  }

  get filter(): string {
    return this.filterInput.value
  }

  /** The first dialogs, for the saved state. */
  snapshot(limit = 50): DialogView[] {
    return [...this.dialogs.values()].sort(compareDialogs).slice(0, limit)
  }

  /** Reads the list again from the top; what is on screen stays until the first page replaces it. */
  async reload(): Promise<void> {
    // A page on its way would land in the middle of the new listing: reload once it is in.
    if (this.loading) {
      this.reloadWanted = true
      return
    }
    this.next = undefined
    this.exhausted = false
    this.stale = true
    await this.loadMore(true)
  }

  upsert(dialogs: DialogView[]): void {
    for (const dialog of dialogs) {
      // Live updates only reorder what is loaded; a dialog from beyond the loaded pages joins at its place.
      this.dialogs.set(dialog.peerId, dialog)
    }
    this.render()
  }

  remove(peerIds: PeerId[]): void {
    for (const id of peerIds) this.dialogs.delete(id)
    this.render()
  }

  focus(): void {
    if (this.activeId) this.rows.get(this.activeId)?.element.focus()
    else this.filterInput.focus()
  }

  private async loadMore(force = false): Promise<void> {
    if (this.loading || (this.exhausted && !force) || this.searchResults) return
    this.loading = true
    let loaded = false
    try {
      const page = await this.deps.host.request('dialogs/list', { folder: this.deps.folder, limit: PAGE, ...(this.next ? { cursor: this.next } : {}) })
      if (this.stale) this.dialogs.clear()
      this.stale = false
      for (const dialog of page.dialogs) this.dialogs.set(dialog.peerId, dialog)
      this.next = page.next
      this.exhausted = !page.next
      if (page.archivedCount !== undefined) this.archivedCount = page.archivedCount
      this.render()
      this.deps.onChanged()
      loaded = true
    } catch (error) {
      this.deps.onError(`Could not load chats: ${(error as Error).message}`)
    } finally {
      this.loading = false
    }
    if (this.reloadWanted) {
      this.reloadWanted = false
      return this.reload()
    }
    // Still room on screen: keep going (after a failure, not in a loop: the next scroll or reconnect tries again).
    if (loaded && !this.exhausted && this.sentinel.getBoundingClientRect().top < window.innerHeight) void this.loadMore()
  }

  private onFilter(): void {
    this.render()
    clearTimeout(this.searchTimer)
    const query = this.filterInput.value.trim()
    if (!query) {
      this.searchResults = undefined
      this.render()
      return
    }
    // Loaded dialogs filter at once; the host's search (titles, then usernames, beyond the loaded pages) follows.
    this.searchTimer = window.setTimeout(async () => {
      try {
        const result = await this.deps.host.request('dialogs/list', { folder: this.deps.folder, limit: PAGE, query })
        if (this.filterInput.value.trim() !== query) return
        this.searchResults = result.dialogs
        this.render()
      } catch {
        // Local results stay.
      }
    }, 200)
    this.deps.onChanged()
  }

  private visibleDialogs(): DialogView[] {
    const query = this.filterInput.value.trim()
    if (!query) return [...this.dialogs.values()].sort(compareDialogs)
    const local = filterDialogs([...this.dialogs.values()].sort(compareDialogs), query)
    if (!this.searchResults) return local
    const seen = new Set(local.map((d) => d.peerId))
    return [...local, ...this.searchResults.filter((d) => !seen.has(d.peerId))]
  }

  /** Keyed reconciliation: rows are reused and moved, so focus and scroll survive a live reorder. */
  private render(): void {
    const visible = this.visibleDialogs()
    const wanted = new Set(visible.map((d) => d.peerId))
    for (const [peerId, row] of this.rows) {
      if (!wanted.has(peerId)) {
        row.element.remove()
        this.rows.delete(peerId)
      }
    }
    let previous: Element | null = null
    const showArchive = this.deps.folder === 'main' && this.archivedCount > 0 && !this.filterInput.value.trim()
    const archive = showArchive ? this.archiveRow() : null
    if (archive) {
      if (this.list.firstChild !== archive) this.list.prepend(archive)
      previous = archive
    } else this.archiveElement?.remove()
    for (const dialog of visible) {
      let row = this.rows.get(dialog.peerId)
      if (!row || row.dialog !== dialog) {
        const element = this.renderRow(dialog)
        if (row) row.element.replaceWith(element)
        row = { element, dialog }
        this.rows.set(dialog.peerId, row)
      }
      const expected: ChildNode | null = previous ? previous.nextSibling : this.list.firstChild
      if (expected !== row.element) this.list.insertBefore(row.element, expected)
      previous = row.element
    }
    if (this.activeId && !this.rows.has(this.activeId)) this.activeId = undefined
    this.syncActive()
    if (visible.length === 0 && !archive) {
      const empty = this.list.querySelector('.empty') ?? this.list.appendChild(h('div', { class: 'empty', attrs: { role: 'note' } }))
      // Rendered as a page lands, so `exhausted` (not `loading`) tells whether more may come.
      empty.textContent = this.filterInput.value.trim() ? 'No chats found' : this.exhausted ? 'No chats yet' : 'Loading chats…'
    } else this.list.querySelector('.empty')?.remove()
  }

  /** The Archived folder's row: one element, kept across renders so keyboard focus on it survives. */
  private archiveRow(): HTMLElement {
    if (!this.archiveElement) {
      this.archiveCount = h('div', { class: 'dialog-preview' })
      this.archiveElement = h(
        'div',
        { class: 'dialog archive-row', attrs: { role: 'option', tabindex: '-1' } },
        h('span', { class: 'avatar avatar-medium archive-avatar' }, icon('archive')),
        h('div', { class: 'dialog-body' }, h('div', { class: 'dialog-top' }, h('span', { class: 'dialog-title' }, 'Archived chats')), this.archiveCount),
      )
      this.archiveElement.addEventListener('click', () => this.deps.openFolder('archive'))
    }
    this.archiveElement.setAttribute('aria-label', `Archived chats, ${this.archivedCount}`)
    this.archiveCount!.textContent = this.archivedCount === 1 ? '1 chat' : `${this.archivedCount} chats`
    return this.archiveElement
  }

  private renderRow(dialog: DialogView): HTMLElement {
    const title = cleanName(dialog.title)
    const preview = dialog.preview
    const previewLine = h('div', { class: 'dialog-preview', attrs: { dir: 'auto' } })
    if (dialog.draft) previewLine.append(h('span', { class: 'draft' }, 'Draft: '), cleanName(dialog.draft, 100))
    else if (preview) {
      if (preview.out) previewLine.append(h('span', { class: 'preview-sender' }, 'You: '))
      else if (preview.senderName && dialog.kind === 'group') previewLine.append(nameElement(preview.senderName, 'preview-sender'), h('span', { class: 'preview-sender' }, ': '))
      if (preview.mediaLabel) previewLine.append(h('span', { class: 'preview-media' }, cleanName(preview.mediaLabel, 40)), preview.text ? ', ' : '')
      previewLine.append(cleanName(preview.text, 100).replace(/^\u2205$/, ''))
    }
    const badges = h('div', { class: 'dialog-badges' })
    if (dialog.unreadMentions > 0) badges.append(h('span', { class: 'badge mention-badge', attrs: { title: `${dialog.unreadMentions} mentions` } }, '@'))
    if (dialog.unreadCount > 0) badges.append(h('span', { class: `badge unread-badge${dialog.muted ? ' muted' : ''}` }, dialog.unreadCount > 9999 ? '9999+' : String(dialog.unreadCount)))
    else if (dialog.pinnedOrder !== undefined) badges.append(icon('pinned', 'Pinned'))
    const labelParts = [title, dialog.unreadCount ? `${dialog.unreadCount} unread` : '', dialog.unreadMentions ? 'mentioned' : '', dialog.pinnedOrder !== undefined ? 'pinned' : '', dialog.muted ? 'muted' : '']
    const row = h(
      'div',
      { class: `dialog${dialog.muted ? ' is-muted' : ''}`, attrs: { role: 'option', tabindex: '-1', 'aria-selected': 'false', 'aria-label': labelParts.filter(Boolean).join(', ') } },
      this.deps.avatars.render(dialog.peerId, dialog.title, dialog.photo),
      h(
        'div',
        { class: 'dialog-body' },
        h(
          'div',
          { class: 'dialog-top' },
          h('span', { class: 'dialog-title' }, dialog.kind === 'channel' ? icon('broadcast') : dialog.kind === 'group' ? icon('organization') : dialog.kind === 'bot' ? icon('robot') : null, nameElement(dialog.title)),
          dialog.verified ? icon('verified-filled', 'Verified') : null,
          dialog.muted ? icon('bell-slash', 'Muted') : null,
          h('span', { class: 'dialog-meta' }, preview?.out ? icon(dialog.outRead ? 'check-all' : 'check', dialog.outRead ? 'Read' : 'Sent') : null, h('time', null, dialog.date ? listTime(dialog.date) : '')),
        ),
        h('div', { class: 'dialog-bottom' }, previewLine, badges),
      ),
    )
    row.addEventListener('click', () => {
      this.activeId = dialog.peerId
      this.syncActive()
      this.deps.open(dialog.peerId)
    })
    return row
  }

  private options(): HTMLElement[] {
    return Array.from(this.list.querySelectorAll<HTMLElement>('[role="option"]'))
  }

  private moveActive(index: number, focus: boolean): void {
    const options = this.options()
    if (options.length === 0) return
    const target = options[Math.max(0, Math.min(options.length - 1, index))]
    this.activeId = [...this.rows].find(([, row]) => row.element === target)?.[0] ?? (target.classList.contains('archive-row') ? 'archive' : undefined)
    for (const option of options) {
      option.setAttribute('tabindex', option === target ? '0' : '-1')
      option.setAttribute('aria-selected', String(option === target))
    }
    if (focus) target.focus()
    target.scrollIntoView({ block: 'nearest' })
  }

  private syncActive(): void {
    const options = this.options()
    const active = this.activeId === 'archive' ? this.archiveElement : this.activeId ? this.rows.get(this.activeId)?.element : undefined
    for (const option of options) {
      option.setAttribute('tabindex', option === active ? '0' : '-1')
      option.setAttribute('aria-selected', String(option === active))
    }
  }

  private onKey(event: KeyboardEvent): void {
    const options = this.options()
    // Focus may sit on the list itself; the selected row is where the reader is.
    const focused = options.indexOf(document.activeElement as HTMLElement)
    const current = focused >= 0 ? focused : options.findIndex((o) => o.getAttribute('aria-selected') === 'true')
    switch (event.key) {
      case 'ArrowDown':
        this.moveActive(current + 1, true)
        break
      case 'ArrowUp':
        if (current <= 0) this.filterInput.focus()
        else this.moveActive(current - 1, true)
        break
      case 'Home':
        this.moveActive(0, true)
        break
      case 'End':
        this.moveActive(options.length - 1, true)
        break
      case 'PageDown':
        this.moveActive(current + 10, true)
        break
      case 'PageUp':
        this.moveActive(current - 10, true)
        break
      case 'Enter':
      case ' ':
        if (current >= 0) options[current].click()
        break
      default:
        return
    }
    event.preventDefault()
  }
}
