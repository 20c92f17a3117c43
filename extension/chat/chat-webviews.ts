/**
 * The chat webview in VS Code: the sidebar view `telegramWorkbench.chats` and an editor-tab panel per
 * chat opened with "Open in Editor". Every webview talks to the one ChatHost; this module gives it the
 * editor around it (links, files, untitled editors, the clipboard, pickers) and the sign-in backend.
 */
import { dirname } from 'node:path'
import * as vscode from 'vscode'
import type { AccountStore } from '../accounts/account-store'
import type { Redactor } from '../logging/redactor'
import { getDisplayName, type TelegramClient } from '../mtproto'
import type { AccountClients } from '../workbench/account-clients'
import { readSettings } from '../workbench/settings'
import { command, restorableChat, type PeerId, type SessionView } from '../../webview/protocol'
import { chatPageHtml } from './chat-page'
import { ChatHost, type ChatEnvironment, type WebviewEndpoint } from './chat-host'
import { WebviewSignIn, type PendingAccount, type SignInBackend } from './webview-sign-in'

export const CHATS_VIEW_ID = 'telegramWorkbench.chats'
const PANEL_TYPE = 'telegramWorkbench.chat'

export interface ChatWebviewsDeps {
  context: vscode.ExtensionContext
  store: AccountStore
  clients: AccountClients
  redactor: Redactor
  /** Called after the webview signed an account in. */
  onSignedIn: () => void
}

export class ChatWebviews implements vscode.WebviewViewProvider, vscode.WebviewPanelSerializer, vscode.Disposable {
  readonly host: ChatHost
  private readonly signIn: WebviewSignIn
  private readonly disposables: vscode.Disposable[] = []
  private readonly panels = new Map<PeerId, vscode.WebviewPanel>()
  /** The sidebar's app has said app/ready since it was last loaded. */
  private sidebarReady = false
  /** A chat to show in the sidebar once its app is ready. */
  private chatForSidebar: PeerId | undefined
  private readonly visible = new vscode.EventEmitter<void>()
  /** The sidebar view became visible, or an editor tab came back after a reload: the cue to connect the active account. */
  readonly onDidBecomeVisible = this.visible.event

  constructor(private readonly deps: ChatWebviewsDeps) {
    this.host = new ChatHost(this.environment())
    this.signIn = new WebviewSignIn(this.signInBackend(), (signIn) => {
      // Leaving the sign-in of an extra account goes back to the signed-in account's chats.
      if (signIn.step === 'choose' && deps.store.active()) return deps.onSignedIn()
      this.host.showSession({ state: 'signedOut', signIn })
    })
  }

  /** Shows the QR login in the sidebar (the quick-input sign-in offers it there). */
  async startQrSignIn(): Promise<void> {
    await vscode.commands.executeCommand(`${CHATS_VIEW_ID}.focus`)
    await this.signIn.handle({ kind: 'command', method: 'auth/choose', params: { method: 'qr' } })
  }

  static register(deps: ChatWebviewsDeps): ChatWebviews {
    const webviews = new ChatWebviews(deps)
    deps.context.subscriptions.push(
      webviews,
      vscode.window.registerWebviewViewProvider(CHATS_VIEW_ID, webviews, { webviewOptions: { retainContextWhenHidden: false } }),
      // Editor tabs come back after a window reload (activation event `onWebviewPanel:telegramWorkbench.chat`).
      vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, webviews),
    )
    return webviews
  }

  /** The active account's client and connection, as the webviews should show them. */
  update(client: TelegramClient | undefined, session: SessionView): void {
    this.host.attach(client, session)
    // Tabs restored before the account connected keep the title VS Code saved until the chat's name is known.
    if (client) for (const [peerId, panel] of this.panels) void this.host.titleOf(peerId).then((title) => title && (panel.title = title))
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    const endpoint = endpointOf(view.webview)
    this.sidebarReady = false
    this.prepare(view.webview, 'sidebar', (data) => {
      if (!isReady(data)) return
      this.sidebarReady = true
      if (this.chatForSidebar) endpoint.post({ kind: 'notification', method: 'view/showChat', params: { peerId: this.chatForSidebar } })
      this.chatForSidebar = undefined
    })
    const disconnect = this.host.connect(endpoint)
    this.disposables.push(
      view.onDidDispose(() => {
        this.sidebarReady = false
        disconnect()
      }),
      view.onDidChangeVisibility(() => {
        // A hidden sidebar's app is unloaded (no retained context); it says app/ready again when shown.
        if (!view.visible) this.sidebarReady = false
        else this.visible.fire()
      }),
    )
    if (view.visible) this.visible.fire()
  }

  /** Shows a chat: in its editor tab when it has one, else in the sidebar. */
  async showChat(peerId: PeerId): Promise<void> {
    const panel = this.panels.get(peerId)
    if (panel) return panel.reveal()
    await vscode.commands.executeCommand(`${CHATS_VIEW_ID}.focus`)
    // A sidebar that is only now loading would miss the notification: it gets the chat once it is ready.
    if (this.sidebarReady) this.host.broadcast('view/showChat', { peerId })
    else this.chatForSidebar = peerId
  }

  openPanel(peerId: PeerId): void {
    const existing = this.panels.get(peerId)
    if (existing) return existing.reveal()
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Telegram', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.distUri()],
    })
    this.adoptPanel(peerId, panel)
  }

  /**
   * An editor tab VS Code restores after a reload. Its page reads the saved state and draws the chat at once;
   * the host learns which chat from the same state, and tabs whose state names none are closed.
   */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const peerId = restorableChat(state)
    if (!peerId || this.panels.has(peerId)) return panel.dispose()
    this.adoptPanel(peerId, panel)
    this.visible.fire()
  }

  private adoptPanel(peerId: PeerId, panel: vscode.WebviewPanel): void {
    this.panels.set(peerId, panel)
    const endpoint = endpointOf(panel.webview)
    const disconnect = this.host.connect(endpoint)
    this.prepare(panel.webview, 'panel', (data) => {
      // Once the panel's app is up it is told which chat it holds.
      if (isReady(data)) endpoint.post({ kind: 'notification', method: 'view/showChat', params: { peerId } })
    })
    void this.host.titleOf(peerId).then((title) => title && (panel.title = title))
    panel.onDidDispose(() => {
      disconnect()
      this.panels.delete(peerId)
    })
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose()
    this.host.dispose()
    this.visible.dispose()
    for (const disposable of this.disposables.splice(0)) disposable.dispose()
  }

  private prepare(webview: vscode.Webview, mode: 'sidebar' | 'panel', afterMessage?: (data: unknown) => void): void {
    const dist = this.distUri()
    webview.options = { enableScripts: true, localResourceRoots: [dist] }
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString()
    webview.html = chatPageHtml({ cspSource: webview.cspSource, scriptUri: asset('webview.js'), styleUri: asset('webview.css'), codiconsUri: asset('codicon.css'), mode })
    const endpoint = endpointOf(webview)
    this.disposables.push(
      webview.onDidReceiveMessage(async (data: unknown) => {
        await this.host.receive(endpoint, data)
        afterMessage?.(data)
      }),
    )
  }

  private distUri(): vscode.Uri {
    return vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist')
  }

  private environment(): ChatEnvironment {
    return {
      openExternal: async (url) => void (await vscode.env.openExternal(vscode.Uri.parse(url, true))),
      confirmLink: async (url) => {
        const open = 'Open Link'
        const choice = await vscode.window.showWarningMessage('This link leads to a different address than its text shows.', { modal: true, detail: url }, open)
        return choice === open
      },
      openUntitled: async (code, language) => {
        const document = await vscode.workspace.openTextDocument({ content: code, language: await languageIdFor(language) })
        await vscode.window.showTextDocument(document, { preview: false })
      },
      writeClipboard: (text) => Promise.resolve(vscode.env.clipboard.writeText(text)),
      openChatInEditor: (peerId) => this.openPanel(peerId),
      pickFiles: async () => (await vscode.window.showOpenDialog({ canSelectMany: true, title: 'Attach Files' }))?.map((uri) => uri.fsPath),
      pathOfUri: (text) => {
        const uri = vscode.Uri.parse(text, true)
        return uri.scheme === 'file' ? uri.fsPath : undefined
      },
      openPath: async (path) => void (await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path))),
      revealPath: async (path) => void (await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path))),
      showInformation: (message) => void vscode.window.showInformationMessage(message),
      reconnectNow: () => {
        const account = this.deps.store.active()
        if (account) this.deps.clients.reconnectNow(account.id)
      },
      signIn: (authCommand) => void this.signIn.handle(authCommand),
      pathFor: async (fileName) => {
        const folder = readSettings().downloadFolder
        if (folder) {
          await vscode.workspace.fs.createDirectory(vscode.Uri.file(folder))
          return vscode.Uri.joinPath(vscode.Uri.file(folder), fileName).fsPath
        }
        const home = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(dirname(this.deps.context.globalStorageUri.fsPath))
        return (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(home, fileName), title: 'Save Download' }))?.fsPath
      },
    }
  }

  private signInBackend(): SignInBackend {
    const { store, clients, redactor } = this.deps
    return {
      addSecret: (secret) => redactor.addSecret(secret),
      begin: async (kind, botToken) => {
        const settings = readSettings()
        const credentials = await apiCredentials(settings.serverProfile.kind === 'sandbox', settings.apiId)
        if (!credentials) return undefined
        redactor.addSecret(credentials.apiHash)
        const account = await store.add({ label: kind === 'bot' ? 'Bot' : 'Telegram account', kind, profile: settings.serverProfile, ...credentials, ...(botToken ? { botToken } : {}) })
        try {
          const client = await clients.unregisteredClient(account.profile, account.apiId, credentials.apiHash, await store.openSession(account.id), account.label)
          await client.connect()
          const pending: PendingAccount = {
            client,
            keep: async (user) => {
              const signedIn = await store.update(account.id, { label: getDisplayName(user) || account.label, userId: user.id.toString() })
              await client.session.flush()
              clients.adopt(signedIn, client)
              this.deps.onSignedIn()
            },
            discard: async () => {
              await client.disconnect().catch(() => {})
              await store.remove(account.id)
            },
          }
          return pending
        } catch (error) {
          await store.remove(account.id)
          throw error
        }
      },
    }
  }
}

function endpointOf(webview: vscode.Webview): WebviewEndpoint {
  return { post: (message) => void webview.postMessage(message) }
}

function isReady(data: unknown): boolean {
  const ready = command('app/ready', {})
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === ready.kind && (data as { method?: unknown }).method === 'app/ready'
}

/** The sandbox needs no api_hash; Telegram does, and it is asked in an input box, never in the webview. */
async function apiCredentials(sandbox: boolean, apiId: number | undefined): Promise<{ apiId: number; apiHash: string } | undefined> {
  if (sandbox) return { apiId: apiId ?? 1, apiHash: 'sandbox' }
  if (apiId === undefined) {
    void vscode.window.showInformationMessage('Set your api_id first (from my.telegram.org → API development tools).', 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'telegramWorkbench.apiId')
    })
    return undefined
  }
  const apiHash = await vscode.window.showInputBox({
    title: 'Telegram: Sign In',
    prompt: `The api_hash that goes with api_id ${apiId} (kept in your OS keychain)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^[0-9a-f]{32}$/i.test(v.trim()) ? undefined : 'The api_hash is 32 hexadecimal characters'),
  })
  return apiHash ? { apiId, apiHash: apiHash.trim() } : undefined
}

/** A `pre` block's language tag as a VS Code language id: the tag itself when VS Code knows it, else an alias. */
async function languageIdFor(tag: string | undefined): Promise<string> {
  if (!tag) return 'plaintext'
  const wanted = tag.trim().toLowerCase()
  const aliases: Record<string, string> = { ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', rs: 'rust', kt: 'kotlin', cs: 'csharp', 'c++': 'cpp', yml: 'yaml', md: 'markdown', golang: 'go', rb: 'ruby' }
  const id = aliases[wanted] ?? wanted
  const known = await vscode.languages.getLanguages()
  return known.includes(id) ? id : 'plaintext'
}
