/**
 * The accounts: their public records (id, label, kind, server profile) in the extension's global
 * state, their secrets in SecretStorage, and their caches in encrypted files under globalStorage.
 *
 * Per account `<id>`:
 *   SecretStorage  account/<id>/keys      the session: home DC and every DC's auth key (StoredSession)
 *                  account/<id>/apiHash   the api_hash it signs in with
 *                  account/<id>/botToken  for bots
 *                  account/<id>/cacheKey  the AES-256-GCM key of its cache files
 *   globalStorage  accounts/<id>/…        entity cache and update state, encrypted (EncryptedFileStore)
 *
 * Removing an account deletes every one of these.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { StoredSession } from '../mtproto'
import { CacheDecryptError, EncryptedFileStore } from './encrypted-file-store'
import { SecretKeyValueStore, type SecretStorageLike } from './secret-store'
import type { ServerProfile } from './server-profile'

export type AccountKind = 'user' | 'bot'

/** What is known about an account without reading a secret. */
export interface Account {
  id: string
  /** The name shown in pickers and the status bar: the user's name once signed in. */
  label: string
  kind: AccountKind
  profile: ServerProfile
  apiId: number
  /** The signed-in user's id, as a decimal string; absent until sign-in completes. */
  userId?: string
}

export interface NewAccount {
  label: string
  kind: AccountKind
  profile: ServerProfile
  apiId: number
  apiHash: string
  botToken?: string
}

/** The part of vscode.Memento this module uses (the extension passes `context.globalState`). */
export interface MementoLike {
  get<T>(key: string): T | undefined
  update(key: string, value: unknown): PromiseLike<void>
}

const ACCOUNTS_KEY = 'telegramWorkbench.accounts'
const ACTIVE_KEY = 'telegramWorkbench.activeAccount'
const SECRET_NAMES = ['keys', 'apiHash', 'botToken', 'cacheKey'] as const

export interface AccountStoreOptions {
  secrets: SecretStorageLike
  state: MementoLike
  /** globalStorageUri's path: cache files go under `<storageDir>/accounts/<id>`. */
  storageDir: string
  /** Told when a cache could not be decrypted and was dropped (it only costs network lookups). */
  onCacheReset?: (account: Account) => void
}

export class AccountStore {
  private readonly secrets: SecretKeyValueStore

  constructor(private readonly options: AccountStoreOptions) {
    this.secrets = new SecretKeyValueStore(options.secrets)
  }

  list(): Account[] {
    return [...(this.options.state.get<Account[]>(ACCOUNTS_KEY) ?? [])]
  }

  get(id: string): Account | undefined {
    return this.list().find((account) => account.id === id)
  }

  /** The account commands act on: the one chosen last, or the first. */
  active(): Account | undefined {
    const id = this.options.state.get<string>(ACTIVE_KEY)
    return (id === undefined ? undefined : this.get(id)) ?? this.list()[0]
  }

  async setActive(id: string): Promise<void> {
    if (!this.get(id)) throw new RangeError(`No account ${id}`)
    await this.options.state.update(ACTIVE_KEY, id)
  }

  /** Records a new account and its secrets; it becomes the active one. */
  async add(input: NewAccount): Promise<Account> {
    const account: Account = { id: randomBytes(8).toString('hex'), label: input.label, kind: input.kind, profile: input.profile, apiId: input.apiId }
    await this.secrets.set(secretKey(account.id, 'apiHash'), input.apiHash)
    if (input.botToken !== undefined) await this.secrets.set(secretKey(account.id, 'botToken'), input.botToken)
    await this.options.state.update(ACCOUNTS_KEY, [...this.list(), account])
    await this.setActive(account.id)
    return account
  }

  /** Changes the public record (label, user id); secrets are not touched. */
  async update(id: string, changes: Partial<Pick<Account, 'label' | 'userId'>>): Promise<Account> {
    const accounts = this.list()
    const index = accounts.findIndex((account) => account.id === id)
    if (index < 0) throw new RangeError(`No account ${id}`)
    const updated = { ...accounts[index]!, ...changes }
    accounts[index] = updated
    await this.options.state.update(ACCOUNTS_KEY, accounts)
    return updated
  }

  apiHash(id: string): Promise<string | undefined> {
    return this.secrets.get(secretKey(id, 'apiHash'))
  }

  botToken(id: string): Promise<string | undefined> {
    return this.secrets.get(secretKey(id, 'botToken'))
  }

  /**
   * The account's session: auth keys in SecretStorage, caches in its encrypted folder. A cache that
   * does not decrypt (its key was lost or replaced) is dropped and started afresh.
   */
  async openSession(id: string): Promise<StoredSession> {
    const account = this.get(id)
    if (!account) throw new RangeError(`No account ${id}`)
    const cache = await this.cacheStore(id)
    const open = () => StoredSession.open({ secrets: this.secrets, data: cache, prefix: `account/${id}/` })
    try {
      return await open()
    } catch (error) {
      if (!(error instanceof CacheDecryptError)) throw error
      await cache.clear()
      this.options.onCacheReset?.(account)
      return open()
    }
  }

  /** Deletes every trace of the account: its secrets, its cache folder and its record. */
  async remove(id: string): Promise<void> {
    for (const name of SECRET_NAMES) await this.secrets.delete(secretKey(id, name))
    await new EncryptedFileStore(this.cacheDir(id), randomBytes(32)).clear()
    await this.options.state.update(
      ACCOUNTS_KEY,
      this.list().filter((account) => account.id !== id),
    )
    if (this.options.state.get<string>(ACTIVE_KEY) === id) await this.options.state.update(ACTIVE_KEY, this.list()[0]?.id)
  }

  /** Where the account's cache files are (for tests and diagnostics). */
  cacheDir(id: string): string {
    return join(this.options.storageDir, 'accounts', id)
  }

  private async cacheStore(id: string): Promise<EncryptedFileStore> {
    const name = secretKey(id, 'cacheKey')
    let encoded = await this.secrets.get(name)
    if (encoded === undefined) {
      encoded = Buffer.from(EncryptedFileStore.generateKey()).toString('base64')
      await this.secrets.set(name, encoded)
    }
    return new EncryptedFileStore(this.cacheDir(id), Buffer.from(encoded, 'base64'))
  }
}

function secretKey(id: string, name: (typeof SECRET_NAMES)[number]): string {
  return `account/${id}/${name}`
}
