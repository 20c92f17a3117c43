/**
 * One TelegramClient per account, created on first need and connected in the background, with the
 * connection state the status bar shows (the library's own connection-state events). Every client logs
 * through the redactor into the "Telegram" output channel.
 */
import * as vscode from 'vscode'
import type { Account, AccountStore } from '../accounts/account-store'
import { resolveServer, type ServerProfile } from '../accounts/server-profile'
import type { Redactor } from '../logging/redactor'
import { TelegramClient, type ConnectionState as LibraryConnectionState, type LogLevel, type Session } from '../mtproto'
import { readSettings } from './settings'

export type ConnectionState =
  | { kind: 'signedOut' }
  | { kind: 'connecting' }
  | { kind: 'connected' }
  /** `retryAt` is when the next attempt starts (ms since the epoch). */
  | { kind: 'reconnecting'; retryAt: number }
  /** The client could not be opened (`retryAt` undefined), or attempts keep failing and go on at `retryAt`. */
  | { kind: 'offline'; reason: string; retryAt?: number }

interface Entry {
  /** Undefined until the session is read and the client made. */
  client: TelegramClient | undefined
  ready: Promise<TelegramClient>
  /** Stops following the client's connection state. */
  unfollow?: () => void
}

export class AccountClients implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>()
  private readonly states = new Map<string, ConnectionState>()
  private readonly changed = new vscode.EventEmitter<{ accountId: string; state: ConnectionState }>()
  readonly onDidChangeState = this.changed.event
  private readonly created = new vscode.EventEmitter<{ account: Account; client: TelegramClient }>()
  /** A client was connected for an account (notifications and unread counts subscribe here). */
  readonly onDidConnect = this.created.event

  constructor(
    private readonly store: AccountStore,
    private readonly output: vscode.LogOutputChannel,
    private readonly redactor: Redactor,
  ) {}

  state(accountId: string | undefined): ConnectionState {
    return (accountId && this.states.get(accountId)) || { kind: 'signedOut' }
  }

  /** The account's connected client; the first call opens the session and connects. */
  client(account: Account): Promise<TelegramClient> {
    const existing = this.entries.get(account.id)
    if (existing) return existing.ready
    const entry: Entry = { client: undefined, ready: undefined as unknown as Promise<TelegramClient> }
    const ready = this.open(account, entry)
    entry.ready = ready
    this.entries.set(account.id, entry)
    ready.then(
      (client) => this.created.fire({ account, client }),
      (error: unknown) => {
        entry.unfollow?.()
        this.entries.delete(account.id)
        this.setState(account.id, { kind: 'offline', reason: (error as Error).message })
      },
    )
    return ready
  }

  /**
   * The account's client as soon as it exists, before its first connection is made: requests wait in its
   * queue until then, so the chats can be shown (from caches) while the network is down.
   */
  current(accountId: string): TelegramClient | undefined {
    return this.entries.get(accountId)?.client
  }

  /** Ends the wait before the account's next connection attempt ("Retry now"). */
  reconnectNow(accountId: string): void {
    this.current(accountId)?.reconnectNow()
  }

  /** A client for signing in: not registered until `adopt`, so a cancelled sign-in leaves nothing behind. */
  async unregisteredClient(profile: ServerProfile, apiId: number, apiHash: string, session: Session | undefined, label: string): Promise<TelegramClient> {
    return this.createClient(profile, apiId, apiHash, session, label)
  }

  /** Makes a signed-in client the account's client. */
  adopt(account: Account, client: TelegramClient): void {
    const entry: Entry = { client, ready: Promise.resolve(client), unfollow: this.follow(account.id, client) }
    this.entries.set(account.id, entry)
    this.setState(account.id, { kind: 'connected' })
    this.created.fire({ account, client })
  }

  async disconnect(accountId: string): Promise<void> {
    const entry = this.entries.get(accountId)
    entry?.unfollow?.()
    this.entries.delete(accountId)
    this.states.delete(accountId)
    this.changed.fire({ accountId, state: { kind: 'signedOut' } })
    const client = await entry?.ready.catch(() => undefined)
    await client?.disconnect()
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) void this.disconnect(id)
    this.changed.dispose()
    this.created.dispose()
  }

  private async open(account: Account, entry: Entry): Promise<TelegramClient> {
    this.setState(account.id, { kind: 'connecting' })
    const apiHash = await this.store.apiHash(account.id)
    if (apiHash === undefined) throw new Error(`The api_hash of ${account.label} is missing; sign in again`)
    this.redactor.addSecret(apiHash)
    this.redactor.addSecret(await this.store.botToken(account.id))
    const session = await this.store.openSession(account.id)
    if (!session.mainDc) throw new Error(`${account.label} has no session; sign in again`)
    const client = await this.createClient(account.profile, account.apiId, apiHash, session, account.label)
    entry.client = client
    entry.unfollow = this.follow(account.id, client)
    await client.connect()
    return client
  }

  private async createClient(profile: ServerProfile, apiId: number, apiHash: string, session: Session | undefined, label: string): Promise<TelegramClient> {
    const server = await resolveServer(profile)
    const settings = readSettings()
    this.output.info(`${label}: connecting to ${server.description}${settings.proxy ? ` through a ${settings.proxy.type} proxy` : ''}`)
    return new TelegramClient({
      apiId,
      apiHash,
      ...(session ? { session } : {}),
      dcs: server.dcs,
      rsaKeys: server.rsaKeys,
      floodSleepThreshold: settings.floodSleepThreshold,
      ...(settings.proxy ? { proxy: settings.proxy } : {}),
      device: { appVersion: 'Telegram Workbench', deviceModel: 'VS Code', systemVersion: `VS Code ${vscode.version}`, langCode: vscode.env.language.slice(0, 2) },
      logger: (level, message) => this.log(level, `${label}: ${message}`),
    })
  }

  private log(level: LogLevel, message: string): void {
    const line = this.redactor.redact(message)
    if (level === 'debug') this.output.debug(line)
    else if (level === 'info') this.output.info(line)
    else if (level === 'warn') this.output.warn(line)
    else this.output.error(line)
  }

  /** Shows the client's connection state as the account's, until the returned function is called. */
  private follow(accountId: string, client: TelegramClient): () => void {
    return client.onConnectionState((state) => {
      const shown = workbenchState(state)
      if (shown && this.entries.has(accountId)) this.setState(accountId, shown)
    })
  }

  private setState(accountId: string, state: ConnectionState): void {
    this.states.set(accountId, state)
    this.changed.fire({ accountId, state })
  }
}

/** The library's state as the workbench shows it; a closed client is the account's business, not shown. */
function workbenchState(state: LibraryConnectionState): ConnectionState | undefined {
  switch (state.kind) {
    case 'connecting':
    case 'connected':
      return { kind: state.kind }
    case 'reconnecting':
      return { kind: 'reconnecting', retryAt: state.retryAt }
    case 'offline':
      return { kind: 'offline', reason: state.reason, retryAt: state.retryAt }
    case 'disconnected':
      return undefined
  }
}
