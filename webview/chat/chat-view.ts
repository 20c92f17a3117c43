/**
 * One open chat: header, virtualized history, typing line and composer. History loads around the first
 * unread message (or the newest), older pages as the reader scrolls up, newer ones as they scroll down, and
 * live updates (new, edited, deleted messages, read receipts, typing) are merged in place.
 */
import { button, h, icon, replaceChildren } from '../dom'
import type { HostConnection } from '../host'
import type { ChatView as ChatInfo, ConnectionState, FileDrop, MessageView, PeerId, TypingView, UserView } from '../protocol'
import type { EntityActions } from '../render/entities'
import { plainText } from '../render/entities'
import type { LazyImages } from '../render/lazy-images'
import { cleanName, nameElement } from '../render/names'
import type { Avatars } from '../views/avatar'
import { Composer, EXPLORER_URI_LIST, type ComposerActions } from './composer'
import { showMenu, type MenuItem } from './context-menu'
import type { Downloads } from './downloads'
import type { Lightbox } from './lightbox'
import { estimateRowHeight, renderRow, type RowContext } from './message'
import { SearchResults } from './search-results'
import { buildTimeline, mergeMessages, type TimelineItem } from './timeline'
import { VirtualList } from './virtual-list'

const PAGE = 100
/** Start loading the next page this close (px) to either end. */
const LOAD_THRESHOLD = 1500
/** Messages kept in the saved state, so reopening a hidden view draws at once. */
const SAVED_MESSAGES = 150
/** Search results shown at most. */
const SEARCH_LIMIT = 50

export interface SavedChat {
  info: ChatInfo
  messages: MessageView[]
  hasOlder: boolean
}

export interface ChatViewDeps {
  host: HostConnection
  peerId: PeerId
  users: Map<string, UserView>
  avatars: Avatars
  images: LazyImages
  downloads: Downloads
  lightbox: Lightbox
  entityActions: EntityActions
  saved?: SavedChat
  draft: string
  /** The sidebar goes back to the list and can move the chat to an editor tab; an editor tab is one chat, no more. */
  inSidebar: boolean
  onBack(): void
  onDraft(text: string): void
  onChanged(): void
  onError(message: string): void
}

export class ChatView {
  readonly element: HTMLElement
  readonly peerId: PeerId
  private info: ChatInfo | undefined
  private messages: MessageView[] = []
  private hasOlder = true
  private hasNewer = false
  private loadingOlder = false
  private loadingNewer = false
  private unreadAfterId: number | undefined
  private readonly list: VirtualList<TimelineItem>
  private readonly header: HTMLElement
  private readonly subtitle: HTMLElement
  private readonly composer: Composer
  private readonly jumpButton: HTMLElement
  private readonly searchResults: SearchResults
  private readonly rowContext: RowContext
  private typing: TypingView[] = []
  /** Not connected: a failed load says nothing (the banner says why) and is tried again once connected. */
  private connection: ConnectionState = 'connected'
  private loadFailed = false
  private typingTimer = 0
  private markReadTimer = 0

  constructor(private readonly deps: ChatViewDeps) {
    this.peerId = deps.peerId
    this.rowContext = this.makeRowContext()
    this.header = h('div', { class: 'chat-header' })
    this.subtitle = h('div', { class: 'chat-subtitle', attrs: { 'aria-live': 'polite' } })
    const history = h('div', { class: 'history', attrs: { role: 'list', 'aria-label': 'Messages', tabindex: '0' } })
    this.list = new VirtualList<TimelineItem>(history, {
      keyOf: (item) => item.key,
      versionOf: (item) => (item.kind === 'message' ? `${item.message.editDate ?? 0}:${item.read}:${item.showSender}:${item.message.views ?? ''}` : ''),
      render: (item) => renderRow(item, this.rowContext),
      estimateHeight: estimateRowHeight,
      onVisible: (_first, last) => this.onVisible(last),
    })
    history.addEventListener('scroll', () => this.maybeLoadMore(), { passive: true })
    history.addEventListener('keydown', (event) => this.onHistoryKey(event))
    this.jumpButton = button('Jump to the newest message', () => this.jumpToNewest(), { appearance: 'icon', icon: 'arrow-down' })
    this.jumpButton.classList.add('jump-newest')
    this.jumpButton.hidden = true
    this.composer = new Composer(this.composerActions(), deps.draft)
    const dropOverlay = h('div', { class: 'drop-overlay', attrs: { 'aria-hidden': 'true' } }, icon('cloud-upload'), 'Drop to send')
    this.searchResults = new SearchResults((id) => this.jumpTo(id))
    this.element = h(
      'section',
      { class: 'chat', attrs: { 'aria-label': 'Chat' } },
      this.header,
      h('div', { class: 'history-frame' }, history, this.jumpButton, dropOverlay, this.searchResults.element),
      this.composer.element,
    )
    this.setUpDrop(dropOverlay)
    this.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !this.deps.lightbox.isOpen) {
        event.preventDefault()
        if (this.searchResults.isOpen) this.searchResults.close()
        else this.deps.onBack()
      }
    })
    if (deps.saved) {
      this.info = deps.saved.info
      this.messages = deps.saved.messages
      this.hasOlder = deps.saved.hasOlder
    }
    this.renderHeader()
  }

  /** Draws what the saved state has at once, then asks the host for fresh data. */
  async load(): Promise<void> {
    if (this.messages.length) this.list.setItems(this.timeline(), 'bottom')
    try {
      const info = await this.deps.host.request('chat/info', { peerId: this.peerId })
      this.info = info
      this.renderHeader()
      const firstUnread = info.unreadCount > 0 ? info.readInboxMaxId + 1 : undefined
      this.unreadAfterId = firstUnread !== undefined ? info.readInboxMaxId : undefined
      const page = await this.deps.host.request('chat/history', { peerId: this.peerId, limit: PAGE, ...(firstUnread ? { around: firstUnread } : {}) })
      this.remember(page.users)
      this.messages = page.messages.slice().sort((a, b) => a.id - b.id)
      this.hasOlder = page.hasOlder
      this.hasNewer = page.hasNewer
      this.list.setItems(this.timeline(), 'bottom')
      if (this.unreadAfterId !== undefined && this.messages.some((m) => !m.out && m.id > this.unreadAfterId!)) this.list.scrollToKey('unread')
      this.deps.onChanged()
      this.loadFailed = false
    } catch (error) {
      this.loadFailed = true
      if (this.connection === 'connected') this.deps.onError(`Could not open the chat: ${(error as Error).message}`)
    }
  }

  /** Searches this chat's history (a click on a hashtag) and lists the matches over the history. */
  search(query: string): void {
    const answer = this.deps.host.request('chat/search', { peerId: this.peerId, query, limit: SEARCH_LIMIT })
    void answer.then((result) => this.remember(result.users), () => {})
    this.searchResults.show(query, answer, this.deps.users)
  }

  /** The account's connection: sending pauses while offline, with the typed text kept. */
  setConnection(connection: ConnectionState): void {
    this.connection = connection
    this.composer.setOffline(connection === 'offline')
  }

  /** Loads again a chat whose history could not be read (opened while offline). */
  reloadIfFailed(): void {
    if (this.loadFailed) void this.load()
  }

  focusComposer(): void {
    this.composer.focus()
  }

  snapshot(): SavedChat | undefined {
    if (!this.info) return undefined
    return { info: this.info, messages: this.messages.slice(-SAVED_MESSAGES), hasOlder: this.hasOlder || this.messages.length > SAVED_MESSAGES }
  }

  get renderedRows(): number {
    return this.list.renderedCount
  }

  // --- live updates -------------------------------------------------------------------------------------

  addMessages(messages: MessageView[]): void {
    // While newer pages are not loaded, a new message would leave a gap; it arrives with the next page instead.
    if (this.hasNewer) return
    this.messages = mergeMessages(this.messages, messages)
    this.typing = this.typing.filter((t) => !messages.some((m) => m.senderId === t.userId))
    this.renderSubtitle()
    this.refresh()
  }

  editMessage(message: MessageView): void {
    const index = this.messages.findIndex((m) => m.id === message.id)
    if (index < 0) return
    this.messages[index] = message
    this.refresh()
  }

  deleteMessages(ids: number[]): void {
    const gone = new Set(ids)
    this.messages = this.messages.filter((m) => !gone.has(m.id))
    this.refresh()
  }

  readOutbox(maxId: number): void {
    if (!this.info || maxId <= this.info.readOutboxMaxId) return
    this.info = { ...this.info, readOutboxMaxId: maxId }
    this.refresh()
  }

  readInbox(maxId: number, unreadCount: number): void {
    if (!this.info) return
    this.info = { ...this.info, readInboxMaxId: Math.max(maxId, this.info.readInboxMaxId), unreadCount }
  }

  setTyping(typing: TypingView[]): void {
    this.typing = typing
    this.renderSubtitle()
    clearTimeout(this.typingTimer)
    // Telegram repeats typing updates every few seconds; without one for six, the person stopped.
    if (typing.length) this.typingTimer = window.setTimeout(() => this.setTyping([]), 6000)
  }

  usersChanged(): void {
    this.refresh()
  }

  jumpTo(messageId: number): void {
    const key = `m:${messageId}`
    if (this.list.scrollToKey(key)) {
      this.flash(key)
      return
    }
    void this.deps.host.request('chat/history', { peerId: this.peerId, around: messageId, limit: PAGE }).then((page) => {
      this.remember(page.users)
      this.messages = page.messages.slice().sort((a, b) => a.id - b.id)
      this.hasOlder = page.hasOlder
      this.hasNewer = page.hasNewer
      this.list.setItems(this.timeline())
      if (this.list.scrollToKey(key)) this.flash(key)
    })
  }

  // --- internals ----------------------------------------------------------------------------------------

  /** Built once: rows are drawn on every scroll frame, and need no fresh closures for it. */
  private makeRowContext(): RowContext {
    const host = this.deps.host
    const view = this
    return {
      get chatKind() {
        return view.info?.kind ?? 'user'
      },
      users: this.deps.users,
      avatars: this.deps.avatars,
      downloads: this.deps.downloads,
      entityActions: this.deps.entityActions,
      mediaActions: {
        download: (m) => host.command('media/download', { peerId: m.peerId, messageId: m.id }),
        cancel: (m) => host.command('media/cancel', { peerId: m.peerId, messageId: m.id }),
        open: (m) => host.command('media/open', { peerId: m.peerId, messageId: m.id }),
        reveal: (m) => host.command('media/reveal', { peerId: m.peerId, messageId: m.id }),
        openPhoto: (m) => this.openPhoto(m),
        watchThumbnail: (m, element, apply) =>
          this.deps.images.watch(element, thumbnailKey(m), () => host.request('media/thumb', { peerId: m.peerId, messageId: m.id }).then((r) => r.uri), apply),
      },
      jumpTo: (id) => this.jumpTo(id),
      openMenu: (message, at) => this.openMenu(message, at),
      pressButton: (message, row, column) => host.command('chat/pressButton', { peerId: this.peerId, messageId: message.id, row, column }),
    }
  }

  private timeline(): TimelineItem[] {
    return buildTimeline(this.messages, {
      showSenders: this.info?.kind === 'group',
      readOutboxMaxId: this.info?.readOutboxMaxId ?? 0,
      unreadAfterId: this.unreadAfterId,
    })
  }

  private refresh(): void {
    this.list.setItems(this.timeline())
    this.deps.onChanged()
  }

  private remember(users: UserView[]): void {
    for (const user of users) this.deps.users.set(user.id, user)
  }

  private renderHeader(): void {
    const info = this.info
    const title = info?.title ?? '…'
    replaceChildren(
      this.header,
      this.deps.inSidebar ? button('Back to chats', () => this.deps.onBack(), { appearance: 'icon', icon: 'arrow-left', title: 'Back (Escape)' }) : null,
      this.deps.avatars.render(this.peerId, title, info?.photo, 'small'),
      h('div', { class: 'chat-title-block' }, h('div', { class: 'chat-title' }, nameElement(title), info?.verified ? icon('verified-filled', 'Verified') : null), this.subtitle),
      this.deps.inSidebar ? button('Open in Editor', () => this.deps.host.command('chat/openInEditor', { peerId: this.peerId }), { appearance: 'icon', icon: 'link-external', title: 'Open in Editor' }) : null,
    )
    this.renderSubtitle()
  }

  private renderSubtitle(): void {
    if (this.typing.length) {
      const names = this.typing.slice(0, 2).map((t) => cleanName(t.name, 32))
      const verb = this.typing.length === 1 ? describeTyping(this.typing[0].action) : 'are typing'
      const who = this.typing.length > 2 ? `${names.join(', ')} and ${this.typing.length - 2} more` : names.join(' and ')
      this.subtitle.replaceChildren(h('span', { class: 'typing' }, icon('ellipsis'), ` ${who} ${verb}…`))
      return
    }
    const info = this.info
    if (!info) return this.subtitle.replaceChildren()
    const label =
      info.kind === 'group' ? `${(info.membersCount ?? 0).toLocaleString()} members`
      : info.kind === 'channel' ? `${(info.membersCount ?? 0).toLocaleString()} subscribers`
      : info.kind === 'bot' ? 'bot'
      : ''
    this.subtitle.replaceChildren(label)
  }

  private maybeLoadMore(): void {
    const scroller = this.list.scroller
    this.jumpButton.hidden = this.list.isAtBottom(200) && !this.hasNewer
    if (scroller.scrollTop < LOAD_THRESHOLD) void this.loadOlder()
    if (scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < LOAD_THRESHOLD) void this.loadNewer()
  }

  private async loadOlder(): Promise<void> {
    if (this.loadingOlder || !this.hasOlder || this.messages.length === 0) return
    this.loadingOlder = true
    try {
      const page = await this.deps.host.request('chat/history', { peerId: this.peerId, before: this.messages[0].id, limit: PAGE })
      this.remember(page.users)
      this.messages = mergeMessages(this.messages, page.messages)
      this.hasOlder = page.hasOlder && page.messages.length > 0
      this.list.setItems(this.timeline(), 'keep')
    } finally {
      this.loadingOlder = false
    }
  }

  private async loadNewer(): Promise<void> {
    if (this.loadingNewer || !this.hasNewer || this.messages.length === 0) return
    this.loadingNewer = true
    try {
      const last = this.messages[this.messages.length - 1].id
      const page = await this.deps.host.request('chat/history', { peerId: this.peerId, around: last + PAGE / 2, limit: PAGE })
      this.remember(page.users)
      this.messages = mergeMessages(this.messages, page.messages.filter((m) => m.id > last))
      this.hasNewer = page.hasNewer
      this.list.setItems(this.timeline(), 'keep')
    } finally {
      this.loadingNewer = false
    }
  }

  private jumpToNewest(): void {
    if (!this.hasNewer) return this.list.scrollToBottom()
    void this.deps.host.request('chat/history', { peerId: this.peerId, limit: PAGE }).then((page) => {
      this.messages = page.messages.slice().sort((a, b) => a.id - b.id)
      this.hasOlder = page.hasOlder
      this.hasNewer = false
      this.list.setItems(this.timeline(), 'bottom')
    })
  }

  private onVisible(last: TimelineItem | undefined): void {
    if (!this.info || !last || last.kind !== 'message') return
    const maxId = last.message.id
    if (maxId <= this.info.readInboxMaxId || last.message.out) return
    clearTimeout(this.markReadTimer)
    this.markReadTimer = window.setTimeout(() => {
      if (!this.info || maxId <= this.info.readInboxMaxId) return
      this.info = { ...this.info, readInboxMaxId: maxId }
      this.deps.host.command('chat/markRead', { peerId: this.peerId, maxId })
    }, 400)
  }

  /**
   * Arrows move between messages (from the newest when none has focus yet), Enter opens the focused message's
   * actions: the keyboard's way to reply, edit and delete. Rows outside the DOM window come in as focus scrolls.
   */
  private onHistoryKey(event: KeyboardEvent): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown' && event.key !== 'Enter') return
    const rows = [...this.list.scroller.querySelectorAll<HTMLElement>('.row.message')]
    const current = rows.indexOf(document.activeElement as HTMLElement)
    if (event.key === 'Enter') {
      if (current < 0) return
      event.preventDefault()
      rows[current].dispatchEvent(new KeyboardEvent('keydown', { key: 'ContextMenu', bubbles: false }))
      return
    }
    event.preventDefault()
    const next = current < 0 ? rows.length - 1 : current + (event.key === 'ArrowUp' ? -1 : 1)
    const target = rows[Math.max(0, Math.min(rows.length - 1, next))]
    if (!target) return
    target.focus({ preventScroll: true })
    target.scrollIntoView({ block: 'nearest' })
  }

  private flash(key: string): void {
    const element = this.list.elementFor(key)
    if (!element) return
    element.classList.add('highlighted')
    element.focus({ preventScroll: true })
    window.setTimeout(() => element.classList.remove('highlighted'), 1500)
  }

  private openPhoto(message: MessageView): void {
    // The sharpest image at hand shows while the full size downloads.
    const thumb = this.deps.images.cached(thumbnailKey(message)) ?? (message.media?.kind === 'photo' ? message.media.thumbUri : undefined)
    const full = this.deps.host.request('media/photo', { peerId: message.peerId, messageId: message.id }).then((r) => r.uri)
    this.deps.lightbox.open(thumb, full, plainText(message.text, 300))
  }

  private openMenu(message: MessageView, at: { x: number; y: number }): void {
    const name = message.out ? 'You' : this.deps.users.get(message.senderId ?? '')?.name ?? this.info?.title ?? ''
    const items: MenuItem[] = []
    if (this.info?.canSend !== false) items.push({ label: 'Reply', icon: 'reply', run: () => this.composer.reply(message, name) })
    if (message.out && !message.service && !message.media) items.push({ label: 'Edit', icon: 'edit', run: () => this.composer.edit(message) })
    if (message.text) items.push({ label: 'Copy Text', icon: 'copy', run: () => this.deps.host.command('clipboard/write', { text: message.text }) })
    items.push({ label: 'Delete for Me', icon: 'trash', danger: true, run: () => this.deleteMessage(message, false) })
    if (message.out || this.info?.canDeleteForEveryone) {
      items.push({ label: 'Delete for Everyone', icon: 'trash', danger: true, run: () => this.deleteMessage(message, true) })
    }
    showMenu(items, at, 'Message actions')
  }

  private deleteMessage(message: MessageView, forEveryone: boolean): void {
    this.deps.host.command('chat/delete', { peerId: this.peerId, ids: [message.id], forEveryone })
    this.deleteMessages([message.id])
  }

  private composerActions(): ComposerActions {
    const host = this.deps.host
    return {
      send: (text: string, replyToId: number | undefined) => {
        host.request('chat/send', { peerId: this.peerId, text, ...(replyToId ? { replyToId } : {}) }).then(
          ({ message }) => {
            this.hasNewer = false
            this.addMessages([message])
            this.list.scrollToBottom()
          },
          (error: Error) => {
            this.composer.restore(text)
            this.deps.onError(`The message was not sent: ${error.message}`)
          },
        )
      },
      edit: (message: MessageView, text: string) => {
        host.request('chat/edit', { peerId: this.peerId, messageId: message.id, text }).then(
          (result) => this.editMessage(result.message),
          (error: Error) => this.deps.onError(`The message was not edited: ${error.message}`),
        )
      },
      sendAsFile: (text: string, replyToId: number | undefined) => host.command('chat/sendAsFile', { peerId: this.peerId, text, ...(replyToId ? { replyToId } : {}) }),
      attach: (replyToId: number | undefined) => host.command('chat/attach', { peerId: this.peerId, ...(replyToId ? { replyToId } : {}) }),
      drop: (files: FileDrop, replyToId: number | undefined) => host.command('chat/dropFiles', { peerId: this.peerId, files, ...(replyToId ? { replyToId } : {}) }),
      typing: () => host.command('chat/typing', { peerId: this.peerId }),
      lastOutgoing: () => [...this.messages].reverse().find((m) => m.out && !m.service && !m.media),
      draftChanged: (text: string) => this.deps.onDraft(text),
      error: (message: string) => this.deps.onError(message),
    }
  }

  private setUpDrop(overlay: HTMLElement): void {
    let depth = 0
    const show = (visible: boolean) => overlay.classList.toggle('visible', visible)
    this.element.addEventListener('dragenter', (event) => {
      if (!event.dataTransfer?.types.some((t) => t === 'Files' || t === 'text/uri-list' || t === EXPLORER_URI_LIST)) return
      depth++
      show(true)
    })
    this.element.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) show(false)
    })
    this.element.addEventListener('dragover', (event) => event.preventDefault())
    this.element.addEventListener('drop', (event) => {
      event.preventDefault()
      depth = 0
      show(false)
      if (event.dataTransfer) void this.composer.acceptDrop(event.dataTransfer)
    })
  }
}

function thumbnailKey(message: MessageView): string {
  return `media:${message.peerId}:${message.id}`
}

function describeTyping(action: TypingView['action']): string {
  switch (action) {
    case 'typing':
      return 'is typing'
    case 'recordingVoice':
      return 'is recording a voice message'
    case 'uploadingPhoto':
      return 'is sending a photo'
    case 'uploadingDocument':
      return 'is sending a file'
    case 'choosingSticker':
      return 'is choosing a sticker'
  }
}
