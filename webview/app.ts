/**
 * The app shell: routes between sign-in, the dialog list and a chat, applies the host's notifications (one
 * exhaustive switch), and keeps what it needs to redraw instantly after the view is hidden and shown again.
 */
import { h, icon } from './dom'
import { HostConnection, type VsCodeApi } from './host'
import { assertNever, type ConnectionState, type DialogFolder, type DialogView, type NotificationMessage, type PeerId, type RestorableState, type SessionView, type UserView } from './protocol'
import { ChatView, type SavedChat } from './chat/chat-view'
import { Downloads } from './chat/downloads'
import { Lightbox } from './chat/lightbox'
import { closeMenu } from './chat/context-menu'
import type { EntityActions } from './render/entities'
import { LazyImages } from './render/lazy-images'
import { Avatars } from './views/avatar'
import { DialogList } from './views/dialog-list'
import { renderSignIn } from './views/sign-in'

type Route = { view: 'dialogs'; folder: DialogFolder } | { view: 'chat'; peerId: PeerId; from: DialogFolder }

/**
 * What survives hide/show (and a window reload, for an editor tab) through `setState`. Never holds anything
 * secret: only what is on screen. `openChat` is the part the host reads to restore an editor tab.
 */
interface SavedState extends RestorableState {
  version: 1
  route: Route
  filter: string
  drafts: Record<PeerId, string>
  session?: SessionView
  dialogs: DialogView[]
  users: UserView[]
  chat?: SavedChat
}

export interface AppOptions {
  /** An editor tab shows one chat and no dialog list; the sidebar shows both. */
  mode: 'sidebar' | 'panel'
}

export class App {
  private readonly host: HostConnection
  private readonly root: HTMLElement
  private readonly banner: HTMLElement
  private readonly view: HTMLElement
  private readonly status: HTMLElement
  private readonly users = new Map<string, UserView>()
  private readonly downloads = new Downloads()
  private readonly lightbox = new Lightbox()
  private readonly images = new LazyImages()
  private readonly avatars: Avatars
  private session: SessionView | undefined
  private route: Route = { view: 'dialogs', folder: 'main' }
  private dialogList: DialogList | undefined
  private chat: ChatView | undefined
  private drafts: Record<PeerId, string> = {}
  /** Each folder's list as last drawn, kept while a chat is open: going back draws it at once, even offline. */
  private readonly listCache = new Map<DialogFolder, DialogView[]>()
  private saveTimer = 0
  private bannerTimer = 0
  private readonly entityActions: EntityActions

  constructor(api: VsCodeApi, container: HTMLElement, private readonly options: AppOptions) {
    this.host = new HostConnection(api, (message) => this.onNotification(message))
    this.avatars = new Avatars(this.host, this.images)
    this.status = h('div', { class: 'toast', attrs: { role: 'alert' } })
    this.banner = h('div', { class: 'connection-banner', attrs: { role: 'status' } })
    this.view = h('div', { class: 'view' })
    this.root = h('main', { class: `app app-${options.mode}` }, this.banner, this.view)
    container.replaceChildren(this.root, this.status)
    this.entityActions = {
      openUrl: (url, text) => this.host.command('link/open', { url, text }),
      openUsername: (username) => this.host.command('peer/openUsername', { username }),
      openUser: (peerId) => this.host.command('peer/openId', { peerId }),
      hashtag: (hashtag) => this.chat?.search(hashtag),
      botCommand: (text) => this.chat && this.host.request('chat/send', { peerId: this.chat.peerId, text }).then(({ message }) => this.chat?.addMessages([message])),
      copy: (text) => this.host.command('clipboard/write', { text }),
      openInEditor: (code, language) => this.host.command('code/openInEditor', { code, ...(language ? { language } : {}) }),
    }
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') closeMenu()
    })
    this.restore()
  }

  /** Draws the saved state at once, then tells the host we are ready for fresh data. */
  private restore(): void {
    const saved = this.host.getState<SavedState>()
    if (saved?.version === 1) {
      this.drafts = saved.drafts ?? {}
      for (const user of saved.users ?? []) this.users.set(user.id, user)
      this.session = saved.session
      this.route = saved.route
      this.listCache.set(this.listFolder(), saved.dialogs ?? [])
      this.show(saved.dialogs ?? [], saved.filter ?? '', saved.chat)
    } else {
      this.view.replaceChildren(h('div', { class: 'loading' }, h('vscode-progress-ring'), h('span', null, 'Connecting…')))
    }
    this.host.command('app/ready', this.route.view === 'chat' ? { restoredPeerId: this.route.peerId } : {})
  }

  private show(cachedDialogs: DialogView[] = [], filter = '', savedChat?: SavedChat): void {
    closeMenu()
    this.lightbox.close()
    if (this.dialogList) this.listCache.set(this.dialogList.folder, this.dialogList.snapshot())
    const session = this.session
    if (!session) return
    this.renderBanner()
    if (session.state === 'signedOut') {
      this.chat = this.dialogList = undefined
      this.view.replaceChildren(renderSignIn(session.signIn, this.host))
      this.save()
      return
    }
    if (this.route.view === 'chat') {
      this.dialogList = undefined
      const peerId = this.route.peerId
      this.chat = new ChatView({
        host: this.host,
        peerId,
        users: this.users,
        avatars: this.avatars,
        images: this.images,
        downloads: this.downloads,
        lightbox: this.lightbox,
        entityActions: this.entityActions,
        ...(savedChat?.info.peerId === peerId ? { saved: savedChat } : {}),
        draft: this.drafts[peerId] ?? '',
        inSidebar: this.options.mode === 'sidebar',
        onBack: () => this.back(),
        onDraft: (text) => {
          if (text) this.drafts[peerId] = text
          else delete this.drafts[peerId]
          this.save()
        },
        onChanged: () => this.save(),
        onError: (message) => this.toast(message),
      })
      this.chat.setConnection(this.connection())
      this.view.replaceChildren(this.chat.element)
      this.host.command('chat/open', { peerId })
      void this.chat.load().then(() => this.chat?.focusComposer())
    } else {
      this.chat = undefined
      this.dialogList = new DialogList({
        host: this.host,
        avatars: this.avatars,
        folder: this.route.folder,
        filter,
        cached: cachedDialogs.length ? cachedDialogs : (this.listCache.get(this.route.folder) ?? []),
        open: (peerId) => this.openChat(peerId),
        openFolder: (folder) => {
          this.route = { view: 'dialogs', folder }
          this.show()
        },
        onChanged: () => this.save(),
        // While disconnected the banner says why nothing loads; the list reloads once connected.
        onError: (message) => {
          if (this.connection() === 'connected') this.toast(message)
        },
      })
      this.view.replaceChildren(this.dialogList.element)
      void this.dialogList.reload()
      this.dialogList.focus()
    }
    this.save()
  }

  openChat(peerId: PeerId): void {
    // Already on screen (a restored view told again which chat it holds): keep it, drawn as it is.
    if (this.chat?.peerId === peerId) return
    // An editor tab holds one chat; another one (a mention, a link) opens in a tab of its own.
    if (this.chat && this.options.mode === 'panel') return this.host.command('chat/openInEditor', { peerId })
    if (this.chat) this.host.command('chat/close', { peerId: this.chat.peerId })
    const from = this.route.view === 'dialogs' ? this.route.folder : 'main'
    this.route = { view: 'chat', peerId, from }
    this.show()
  }

  private back(): void {
    if (this.route.view !== 'chat' || this.options.mode === 'panel') return
    this.host.command('chat/close', { peerId: this.route.peerId })
    this.route = { view: 'dialogs', folder: this.route.from }
    this.show()
  }

  private onNotification(message: NotificationMessage): void {
    switch (message.method) {
      case 'session/changed': {
        const before = this.session
        const after = message.params
        this.session = after
        // Only the connection changed: the banner says so, and the open view stays as it is (cached while offline).
        if (this.view.firstChild && before?.state === 'ready' && after.state === 'ready' && before.account.id === after.account.id) {
          this.renderBanner()
          this.chat?.setConnection(after.connection)
          if (before.connection !== 'connected' && after.connection === 'connected') this.catchUp()
          this.save()
        } else this.show(this.dialogList?.snapshot() ?? [], this.dialogList?.filter ?? '', this.chat?.snapshot())
        return
      }
      case 'view/showChat':
        if (this.session?.state === 'ready') this.openChat(message.params.peerId)
        return
      case 'dialogs/upsert':
        this.dialogList?.upsert(message.params.dialogs)
        return
      case 'dialogs/remove':
        this.dialogList?.remove(message.params.peerIds)
        return
      case 'users/upsert':
        for (const user of message.params.users) this.users.set(user.id, user)
        this.chat?.usersChanged()
        return
      case 'chat/newMessages':
        if (this.chat?.peerId === message.params.peerId) this.chat.addMessages(message.params.messages)
        return
      case 'chat/edited':
        if (this.chat?.peerId === message.params.peerId) this.chat.editMessage(message.params.message)
        return
      case 'chat/deleted':
        if (this.chat?.peerId === message.params.peerId) this.chat.deleteMessages(message.params.ids)
        return
      case 'chat/readInbox':
        if (this.chat?.peerId === message.params.peerId) this.chat.readInbox(message.params.maxId, message.params.unreadCount)
        return
      case 'chat/readOutbox':
        if (this.chat?.peerId === message.params.peerId) this.chat.readOutbox(message.params.maxId)
        return
      case 'chat/typing':
        if (this.chat?.peerId === message.params.peerId) this.chat.setTyping(message.params.typing)
        return
      case 'media/progress':
        this.downloads.update(message.params)
        return
      case 'app/error':
        this.toast(message.params.message)
        return
      default:
        assertNever(message)
    }
  }

  /** Back online: the list is read again, and a chat that could not load while offline loads now. */
  private catchUp(): void {
    void this.dialogList?.reload()
    this.chat?.reloadIfFailed()
  }

  /** The folder whose list is shown, or that Back returns to. */
  private listFolder(): DialogFolder {
    return this.route.view === 'chat' ? this.route.from : this.route.folder
  }

  private connection(): ConnectionState {
    return this.session?.state === 'ready' ? this.session.connection : 'connected'
  }

  /** A slim line above the view while not connected, counting down to the next attempt, with "Retry now". */
  private renderBanner(): void {
    window.clearInterval(this.bannerTimer)
    const connection = this.connection()
    const retryAt = this.session?.state === 'ready' ? this.session.retryAt : undefined
    this.banner.hidden = connection === 'connected'
    this.banner.classList.toggle('offline', connection === 'offline')
    if (connection === 'connected') return this.banner.replaceChildren()
    const label = h('span', { class: 'connection-label' })
    const retry = h('button', { class: 'banner-action', attrs: { type: 'button' } }, 'Retry now')
    retry.addEventListener('click', () => this.host.command('app/reconnect', {}))
    const draw = () => {
      const seconds = retryAt === undefined ? undefined : Math.max(0, Math.ceil((retryAt - Date.now()) / 1000))
      label.textContent = connectionLabel(connection, seconds)
      // A countdown that reached zero is an attempt under way: nothing to hurry.
      retry.hidden = !seconds
      if (!seconds) window.clearInterval(this.bannerTimer)
    }
    this.banner.replaceChildren(icon(connection === 'offline' ? 'debug-disconnect' : 'sync'), label, retry)
    draw()
    if (retryAt !== undefined && retryAt > Date.now()) this.bannerTimer = window.setInterval(draw, 1000)
  }

  private toast(text: string): void {
    this.status.replaceChildren(icon('warning'), h('span', null, ` ${text}`))
    this.status.classList.add('visible')
    window.setTimeout(() => this.status.classList.remove('visible'), 5000)
  }

  /** Debounced: state is saved after the burst of changes a scroll or a page load makes. */
  private save(): void {
    clearTimeout(this.saveTimer)
    this.saveTimer = window.setTimeout(() => {
      const chat = this.chat?.snapshot()
      const dialogs = this.dialogList?.snapshot() ?? this.listCache.get(this.listFolder()) ?? []
      const wanted = new Set<string>()
      for (const message of chat?.messages ?? []) if (message.senderId) wanted.add(message.senderId)
      const state: SavedState = {
        version: 1,
        route: this.route,
        ...(this.route.view === 'chat' ? { openChat: this.route.peerId } : {}),
        filter: this.dialogList?.filter ?? '',
        drafts: this.drafts,
        ...(this.session ? { session: this.session } : {}),
        dialogs,
        users: [...wanted].map((id) => this.users.get(id)).filter((u): u is UserView => u !== undefined),
        ...(chat ? { chat } : {}),
      }
      this.host.setState(state)
    }, 250)
  }

  /** For tests and the bench: how many history rows are in the DOM. */
  get renderedHistoryRows(): number {
    return this.chat?.renderedRows ?? 0
  }
}

/** The banner's words; `seconds` counts down to the next attempt when one is scheduled. */
function connectionLabel(state: ConnectionState, seconds: number | undefined): string {
  switch (state) {
    case 'connecting':
      if (seconds === undefined) return 'Connecting…'
      return seconds > 0 ? `Reconnecting in ${seconds} s…` : 'Reconnecting…'
    case 'updating':
      return 'Updating…'
    case 'offline':
      if (seconds === undefined) return 'Waiting for network…'
      return seconds > 0 ? `Waiting for network… retrying in ${seconds} s` : 'Waiting for network… retrying now'
    case 'connected':
      return 'Connected'
  }
}
