/**
 * The host side of the chat webview protocol: one dispatcher, shared by the sidebar view and every
 * editor-tab panel, that answers the webview's requests from the active account's TelegramClient,
 * carries out its commands, and pushes live updates to every open webview.
 *
 * It imports no vscode: what needs the editor (opening links and files, untitled editors, the
 * clipboard, file pickers, sign-in) goes through `ChatEnvironment`, so the dispatch and the mapping run
 * in plain Node against the sandbox in tests.
 */
import { getPeerId, Message, type Dialog, type Entity, type TelegramClient } from '../mtproto'
import {
  assertNever,
  errorResponse,
  isWebviewToHost,
  notification,
  response,
  type ChatView,
  type CommandMessage,
  type HostToWebview,
  type MessageView,
  type NotificationMethod,
  type NotificationParams,
  type PeerId,
  type RequestMessage,
  type RequestResult,
  type SessionView,
  type UserView,
} from '../../webview/protocol'
import { InlineImageCache } from './inline-images'
import { decideLink } from './link-policy'
import { MediaDownloads, type DownloadDestination } from './media-downloads'
import { DialogPager } from './dialog-pager'
import { LiveUpdates } from './live-updates'
import { fetchDialog } from './peer-dialogs'
import { dialogView, mediaLabel, mediaView, messageView, peerKind, profilePhotoView, userView } from './view-models'

/** One webview (the sidebar view or a panel) as the host sees it. */
export interface WebviewEndpoint {
  post(message: HostToWebview): void
}

/** What the dispatcher asks of the editor around it. */
export interface ChatEnvironment extends DownloadDestination {
  openExternal(url: string): Promise<void>
  /** Shows the real address and asks; true to open. */
  confirmLink(url: string): Promise<boolean>
  openUntitled(code: string, language: string | undefined): Promise<void>
  writeClipboard(text: string): Promise<void>
  openChatInEditor(peerId: PeerId): void
  /** Files the user picks to attach, as paths. */
  pickFiles(): Promise<string[] | undefined>
  /** A `file:`/`vscode-remote:` URI from an Explorer drag, as a local path (undefined if not local). */
  pathOfUri(uri: string): string | undefined
  openPath(path: string): Promise<void>
  revealPath(path: string): Promise<void>
  showInformation(message: string): void
  /** Tries to connect the active account at once instead of waiting for its next attempt. */
  reconnectNow(): void
  /** The sign-in commands (`auth/*`) are carried out by the sign-in flow, not by the chat dispatcher. */
  signIn(command: Extract<CommandMessage, { method: `auth/${string}` }>): void
}

/** Typing shows for this long after the last typing update, as Telegram's clients do. */
const TYPING_TTL_MS = 6000
/** The typing action is re-sent at most this often while the user types. */
const TYPING_RESEND_MS = 5000
/** Messages remembered per account for downloads, edits and the lookups of live updates. */
const MESSAGE_CACHE_LIMIT = 5000
/** Search results per request. */
const SEARCH_LIMIT = 50

export class ChatHost {
  private readonly endpoints = new Set<WebviewEndpoint>()
  private client: TelegramClient | undefined
  private session: SessionView = { state: 'signedOut', signIn: { step: 'choose' } }
  private pager: DialogPager | undefined
  private live: LiveUpdates | undefined
  private readonly messages = new Map<string, Message>()
  private readonly entities = new Map<bigint, Entity>()
  private readonly typingSent = new Map<PeerId, number>()
  /** Avatars and thumbnails, kept across chats and webviews so a restored view shows them at once. */
  private readonly images = new InlineImageCache()
  readonly downloads: MediaDownloads

  constructor(private readonly environment: ChatEnvironment) {
    this.downloads = new MediaDownloads(environment, (progress) => this.broadcast('media/progress', progress))
  }

  /** Adds a webview; returns the function that removes it. */
  connect(endpoint: WebviewEndpoint): () => void {
    this.endpoints.add(endpoint)
    return () => this.endpoints.delete(endpoint)
  }

  /** The active account's client (undefined when signed out) and what the webview should show. */
  attach(client: TelegramClient | undefined, session: SessionView): void {
    if (client !== this.client) {
      this.live?.dispose()
      this.live = undefined
      this.messages.clear()
      this.entities.clear()
      this.images.clear()
      this.client = client
      this.pager = client ? new DialogPager(client) : undefined
      if (client) this.live = new LiveUpdates(client, this.liveSink())
    }
    this.showSession(session)
  }

  /** What the webviews show, without changing the client (sign-in steps). */
  showSession(session: SessionView): void {
    this.session = session
    this.broadcast('session/changed', session)
  }

  /** A chat's title for an editor tab; undefined when it cannot be known now. */
  async titleOf(peerId: PeerId): Promise<string | undefined> {
    if (!this.client) return undefined
    try {
      const peer = peerOf(peerId)
      const dialog = this.pager?.known(peer)
      return dialog?.name || userView(await this.client.getEntity(peer)).name
    } catch {
      return undefined
    }
  }

  /** Posts a notification to every open webview. */
  broadcast<M extends NotificationMethod>(method: M, params: NotificationParams[M]): void {
    const message = notification(method, params)
    for (const endpoint of this.endpoints) endpoint.post(message)
  }

  /** Handles one message posted by a webview. Anything that is not a protocol message is dropped. */
  async receive(endpoint: WebviewEndpoint, data: unknown): Promise<void> {
    if (!isWebviewToHost(data)) return
    if (data.kind === 'request') return this.answer(endpoint, data)
    try {
      await this.run(endpoint, data)
    } catch (error) {
      endpoint.post(notification('app/error', { message: describe(error) }))
    }
  }

  dispose(): void {
    this.live?.dispose()
    this.downloads.dispose()
    this.endpoints.clear()
  }

  // -------------------------------------------------------------------------------------------------------
  // Requests
  // -------------------------------------------------------------------------------------------------------

  private async answer(endpoint: WebviewEndpoint, request: RequestMessage): Promise<void> {
    try {
      endpoint.post(await this.result(request))
    } catch (error) {
      endpoint.post(errorResponse(request.id, request.method, describe(error)))
    }
  }

  private async result(request: RequestMessage): Promise<HostToWebview> {
    const client = this.requireClient()
    switch (request.method) {
      case 'dialogs/list': {
        const { folder, cursor, limit, query } = request.params
        const page = await this.pager!.page(folder, cursor, clamp(limit, 1, 100), query)
        const users = page.dialogs.map((d) => d.entity).filter((e): e is Entity => e !== undefined)
        users.forEach((e) => this.remember(e))
        const result: RequestResult<'dialogs/list'> = {
          dialogs: page.dialogs.map((d, i) => dialogView(d, page.pinnedOrder[i])),
          users: this.userViews(page.dialogs.flatMap((d) => (d.message?.sender ? [d.message.sender] : []))),
        }
        if (page.next) result.next = page.next
        if (folder === 'main' && cursor === undefined && !query) {
          const archived = await client.getDialogs({ archived: true, limit: 1 }).catch(() => undefined)
          if (archived) result.archivedCount = archived.total
        }
        return response(request.id, 'dialogs/list', result)
      }
      case 'chat/info':
        return response(request.id, 'chat/info', await this.chatInfo(client, request.params.peerId))
      case 'chat/history': {
        const { peerId, before, around } = request.params
        const limit = clamp(request.params.limit, 1, 100)
        const peer = peerOf(peerId)
        const newestFirst: Message[] = []
        const options = around !== undefined ? { limit, offsetId: around + 1, addOffset: -Math.floor(limit / 2) } : { limit, ...(before !== undefined ? { offsetId: before } : {}) }
        for await (const message of client.iterMessages(peer, options)) newestFirst.push(message)
        const messages = newestFirst.reverse()
        messages.forEach((m) => this.rememberMessage(m))
        const newer = around !== undefined ? messages.filter((m) => m.id > around).length : 0
        return response(request.id, 'chat/history', {
          messages: messages.map((m) => this.view(m)),
          users: this.userViews(messages.flatMap((m) => (m.sender ? [m.sender] : []))),
          hasOlder: messages.length === limit || (around !== undefined && messages.length - newer >= Math.floor(limit / 2)),
          hasNewer: around !== undefined && newer >= limit - Math.floor(limit / 2),
        })
      }
      case 'chat/send': {
        const { peerId, text, replyToId } = request.params
        const sent = await client.sendMessage(peerOf(peerId), text, { parseMode: 'markdown', ...(replyToId ? { replyTo: replyToId } : {}) })
        this.rememberMessage(sent)
        this.live?.expectOwn(sent)
        void this.refreshDialog(peerId)
        return response(request.id, 'chat/send', { message: this.view(sent) })
      }
      case 'chat/edit': {
        const { peerId, messageId, text } = request.params
        const edited = await client.editMessage(peerOf(peerId), messageId, text, { parseMode: 'markdown' })
        this.rememberMessage(edited)
        return response(request.id, 'chat/edit', { message: this.view(edited) })
      }
      case 'media/photo': {
        const { peerId, messageId } = request.params
        const message = await this.message(client, peerId, messageId)
        return response(request.id, 'media/photo', { uri: await this.downloads.inlineUri(client, message, message.media && mediaView(message.media)) })
      }
      case 'media/thumb': {
        const { peerId, messageId } = request.params
        const uri = await this.images.get(`media:${peerId}:${messageId}`, async () => this.downloads.thumbnail(client, await this.message(client, peerId, messageId)))
        return response(request.id, 'media/thumb', { uri })
      }
      case 'peer/photo': {
        const { peerId, photoId } = request.params
        const uri = await this.images.get(`peer:${peerId}:${photoId}`, () => this.profilePhoto(client, peerId))
        return response(request.id, 'peer/photo', { uri })
      }
      case 'chat/search': {
        const { peerId, query } = request.params
        const found: Message[] = []
        for await (const message of client.iterMessages(peerOf(peerId), { search: query.slice(0, 256), limit: clamp(request.params.limit, 1, SEARCH_LIMIT) })) found.push(message)
        found.forEach((m) => this.rememberMessage(m))
        return response(request.id, 'chat/search', {
          messages: found.map((m) => this.view(m)),
          users: this.userViews(found.flatMap((m) => (m.sender ? [m.sender] : []))),
        })
      }
      default:
        return assertNever(request)
    }
  }

  /** The small rendition of a peer's current photo, from the entity we hold (or the client's cache). */
  private async profilePhoto(client: TelegramClient, peerId: PeerId): Promise<{ bytes: Uint8Array; mimeType: string }> {
    const peer = peerOf(peerId)
    const bytes = await client.downloadProfilePhoto(this.entities.get(peer) ?? peer, { workers: 1, connections: 1 })
    if (!bytes) throw new Error('This chat has no photo.')
    return { bytes, mimeType: 'image/jpeg' }
  }

  private async chatInfo(client: TelegramClient, peerId: PeerId): Promise<ChatView> {
    const peer = peerOf(peerId)
    const dialog = this.pager?.known(peer) ?? (await fetchDialog(client, peer))
    const entity = dialog?.entity ?? (await client.getEntity(peer))
    this.remember(entity)
    const kind = peerKind(entity, dialog?.peer ?? { _: 'peerUser', user_id: 0n })
    const view: ChatView = {
      peerId,
      kind,
      title: dialog?.name || userView(entity).name,
      readInboxMaxId: dialog?.raw.read_inbox_max_id ?? 0,
      readOutboxMaxId: dialog?.raw.read_outbox_max_id ?? 0,
      unreadCount: dialog?.unreadCount ?? 0,
      canSend: canSend(entity),
      canDeleteForEveryone: kind !== 'channel' || (entity._ === 'channel' && (entity.creator || entity.admin_rights?.delete_messages) === true),
    }
    const photo = profilePhotoView(entity)
    if (photo) view.photo = photo
    if ((entity._ === 'channel' || entity._ === 'chat') && entity.participants_count !== undefined) view.membersCount = entity.participants_count
    if ((entity._ === 'user' || entity._ === 'channel') && entity.verified) view.verified = true
    return view
  }

  // -------------------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------------------

  private async run(endpoint: WebviewEndpoint, command: CommandMessage): Promise<void> {
    const env = this.environment
    switch (command.method) {
      case 'app/ready':
        return endpoint.post(notification('session/changed', this.session))
      case 'app/reconnect':
        return env.reconnectNow()
      case 'auth/choose':
      case 'auth/submitPhone':
      case 'auth/submitCode':
      case 'auth/submitPassword':
      case 'auth/submitBotToken':
      case 'auth/submitSignUp':
      case 'auth/cancel':
        return env.signIn(command)
      case 'chat/open':
      case 'chat/close':
        // History and info are requested by the webview; the host keeps no per-view chat state.
        return
      case 'chat/openInEditor':
        return env.openChatInEditor(command.params.peerId)
      case 'chat/markRead': {
        const { peerId, maxId } = command.params
        await this.requireClient().sendReadAcknowledge(peerOf(peerId), { maxId })
        return this.refreshDialog(peerId)
      }
      case 'chat/typing': {
        const { peerId } = command.params
        const last = this.typingSent.get(peerId) ?? 0
        if (Date.now() - last < TYPING_RESEND_MS) return
        this.typingSent.set(peerId, Date.now())
        return this.requireClient().setTyping(peerOf(peerId), 'typing')
      }
      case 'chat/delete': {
        const { peerId, ids, forEveryone } = command.params
        await this.requireClient().deleteMessages(peerOf(peerId), ids, { revoke: forEveryone })
        this.broadcast('chat/deleted', { peerId, ids })
        return this.refreshDialog(peerId)
      }
      case 'chat/attach': {
        const paths = await env.pickFiles()
        for (const path of paths ?? []) await this.sendFile(command.params.peerId, path, command.params.replyToId)
        return
      }
      case 'chat/dropFiles': {
        const { peerId, files, replyToId } = command.params
        if (files.kind === 'bytes') return this.sendFile(peerId, Buffer.from(files.base64, 'base64'), replyToId, files.name)
        for (const uri of files.uris) {
          const path = env.pathOfUri(uri)
          if (path) await this.sendFile(peerId, path, replyToId)
        }
        return
      }
      case 'chat/sendAsFile': {
        const { peerId, text, replyToId } = command.params
        return this.sendFile(peerId, Buffer.from(text, 'utf8'), replyToId, 'message.txt')
      }
      case 'chat/pressButton':
        return this.pressButton(command.params.peerId, command.params.messageId, command.params.row, command.params.column)
      case 'media/download': {
        const client = this.requireClient()
        const message = await this.message(client, command.params.peerId, command.params.messageId)
        return this.downloads.download(client, message, message.media && mediaView(message.media))
      }
      case 'media/cancel':
        return this.downloads.cancel(command.params.peerId, command.params.messageId)
      case 'media/open':
      case 'media/reveal': {
        const path = this.downloads.pathOf(command.params.peerId, command.params.messageId)
        if (!path) throw new Error('Download the file first.')
        return command.method === 'media/open' ? env.openPath(path) : env.revealPath(path)
      }
      case 'link/open':
        return this.openLink(command.params.url, command.params.text)
      case 'peer/openUsername': {
        const entity = await this.requireClient().getEntity(`@${command.params.username.replace(/^@/, '')}`)
        return endpoint.post(notification('view/showChat', { peerId: getPeerId(entity).toString() }))
      }
      case 'peer/openId':
        return endpoint.post(notification('view/showChat', { peerId: peerOf(command.params.peerId).toString() }))
      case 'code/openInEditor':
        return env.openUntitled(command.params.code, command.params.language)
      case 'clipboard/write':
        return env.writeClipboard(command.params.text)
      default:
        return assertNever(command)
    }
  }

  private async openLink(url: string, text: string): Promise<void> {
    const decision = decideLink(url, text)
    if (decision.action === 'refuse') return this.environment.showInformation(decision.reason)
    if (decision.action === 'confirm' && !(await this.environment.confirmLink(decision.url))) return
    return this.environment.openExternal(decision.url)
  }

  private async pressButton(peerId: PeerId, messageId: number, row: number, column: number): Promise<void> {
    const client = this.requireClient()
    const message = await this.message(client, peerId, messageId)
    const markup = message.raw._ === 'message' ? message.raw.reply_markup : undefined
    const button = markup?._ === 'replyInlineMarkup' ? markup.rows[row]?.buttons[column] : undefined
    if (!button) throw new Error('That button is no longer there.')
    if (button._ === 'keyboardButtonUrl') return this.openLink(button.url, button.text)
    if (button._ !== 'keyboardButtonCallback') throw new Error('This kind of button is not supported yet.')
    const answer = await client.call({ _: 'messages.getBotCallbackAnswer', peer: await client.resolvePeer(peerOf(peerId)), msg_id: messageId, data: button.data })
    if (answer.message) this.environment.showInformation(answer.message)
    if (answer.url) await this.openLink(answer.url, answer.url)
  }

  private async sendFile(peerId: PeerId, file: string | Uint8Array, replyToId: number | undefined, fileName?: string): Promise<void> {
    const sent = await this.requireClient().sendFile(peerOf(peerId), file, { ...(replyToId ? { replyTo: replyToId } : {}), ...(fileName ? { fileName } : {}) })
    this.rememberMessage(sent)
    this.live?.expectOwn(sent)
    this.broadcast('chat/newMessages', { peerId, messages: [this.view(sent)] })
    await this.refreshDialog(peerId)
  }

  // -------------------------------------------------------------------------------------------------------
  // Live updates and caches
  // -------------------------------------------------------------------------------------------------------

  private liveSink() {
    return {
      message: (message: Message) => {
        this.rememberMessage(message)
        const peerId = message.chatId.toString()
        this.broadcast('chat/newMessages', { peerId, messages: [this.view(message)] })
        if (message.sender) this.broadcast('users/upsert', { users: [userView(message.sender)] })
        void this.refreshDialog(peerId)
      },
      edited: (message: Message) => {
        this.rememberMessage(message)
        this.broadcast('chat/edited', { peerId: message.chatId.toString(), message: this.view(message) })
      },
      deleted: (ids: readonly number[], chatId: bigint | undefined) => {
        // Outside channels Telegram does not say which chat; the cache usually knows.
        const peers = chatId !== undefined ? [chatId.toString()] : this.peersOfCachedIds(ids)
        for (const peerId of peers) this.broadcast('chat/deleted', { peerId, ids: [...ids] })
      },
      readInbox: (peerId: PeerId, maxId: number) => void this.refreshDialog(peerId, maxId),
      readOutbox: (peerId: PeerId, maxId: number) => this.broadcast('chat/readOutbox', { peerId, maxId }),
      typing: (peerId: PeerId, typing: NotificationParams['chat/typing']['typing']) => this.broadcast('chat/typing', { peerId, typing }),
      nameOf: (userId: bigint) => (this.entities.get(userId) ? userView(this.entities.get(userId)!).name : ''),
      typingTtlMs: TYPING_TTL_MS,
    }
  }

  /** Re-reads one dialog (unread counts, last message) and pushes it, so the list reorders. */
  private async refreshDialog(peerId: PeerId, readInboxMaxId?: number): Promise<void> {
    const client = this.client
    if (!client) return
    try {
      const dialog = await fetchDialog(client, peerOf(peerId))
      if (!dialog) return
      const pinnedOrder = this.pager?.replace(dialog)
      if (dialog.entity) this.remember(dialog.entity)
      this.broadcast('dialogs/upsert', { dialogs: [dialogView(dialog, pinnedOrder)] })
      if (readInboxMaxId !== undefined) this.broadcast('chat/readInbox', { peerId, maxId: readInboxMaxId, unreadCount: dialog.unreadCount })
    } catch {
      // A dialog that cannot be read now is refreshed by the next update or the next list request.
    }
  }

  private async message(client: TelegramClient, peerId: PeerId, messageId: number): Promise<Message> {
    const cached = this.messages.get(`${peerId}:${messageId}`)
    if (cached) return cached
    const [message] = await client.getMessages(peerOf(peerId), { ids: [messageId] })
    if (!message) throw new Error('That message no longer exists.')
    this.rememberMessage(message)
    return message
  }

  private rememberMessage(message: Message): void {
    const key = `${message.chatId}:${message.id}`
    this.messages.delete(key)
    this.messages.set(key, message)
    if (this.messages.size > MESSAGE_CACHE_LIMIT) this.messages.delete(this.messages.keys().next().value!)
    if (message.sender) this.remember(message.sender)
    if (message.chat) this.remember(message.chat)
  }

  private remember(entity: Entity): void {
    this.entities.set(getPeerId(entity), entity)
  }

  private peersOfCachedIds(ids: readonly number[]): PeerId[] {
    const wanted = new Set(ids)
    const peers = new Set<PeerId>()
    for (const message of this.messages.values()) if (wanted.has(message.id) && message.raw.peer_id._ !== 'peerChannel') peers.add(message.chatId.toString())
    return [...peers]
  }

  private view(message: Message): MessageView {
    const view = messageView(message, (id) => this.entities.get(id))
    // The reply header names only the id; the quoted snippet and its author come from the cached original.
    const replied = view.replyTo && this.messages.get(`${view.peerId}:${view.replyTo.messageId}`)
    if (view.replyTo && replied) {
      if (!view.replyTo.snippet) view.replyTo.snippet = replied.text.slice(0, 200) || (replied.media ? mediaLabelOf(replied) : '')
      if (replied.sender) view.replyTo.senderName = userView(replied.sender).name
    }
    return view
  }

  private userViews(entities: Entity[]): UserView[] {
    const unique = new Map<bigint, Entity>()
    for (const entity of entities) unique.set(getPeerId(entity), entity)
    return [...unique.values()].map(userView)
  }

  private requireClient(): TelegramClient {
    // Signed in, but the account's client is still being opened: the webview retries once it is connected.
    if (!this.client) throw new Error(this.session.state === 'ready' ? 'Not connected to Telegram yet.' : 'Sign in to Telegram first.')
    return this.client
  }
}

/** The webview sends marked peer ids as strings; anything else is refused before it reaches the client. */
export function peerOf(peerId: PeerId): bigint {
  if (!/^-?\d{1,20}$/.test(peerId)) throw new Error('Not a peer id.')
  return BigInt(peerId)
}

function mediaLabelOf(message: Message): string {
  const media = message.media && mediaView(message.media)
  return media ? mediaLabel(media) : ''
}

function canSend(entity: Entity): boolean {
  if (entity._ === 'channel') return !entity.left && (!entity.broadcast || entity.creator === true || entity.admin_rights?.post_messages === true)
  if (entity._ === 'chat') return !entity.left && !entity.deactivated
  return entity._ === 'user' && !entity.deleted
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : min
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export type { Dialog }
