/**
 * SecretStorage as a KeyValueStore: where sessions (DC and auth keys), api_hash values, bot tokens
 * and cache keys live. Only the three methods used here are required, so plain-Node tests can pass a
 * small fake and the extension passes `context.secrets`.
 */
import type { KeyValueStore } from '../mtproto'

/** The part of vscode.SecretStorage this module uses. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>
  store(key: string, value: string): PromiseLike<void>
  delete(key: string): PromiseLike<void>
}

/** Every key is namespaced so the extension's entries are recognisable in the OS keychain. */
export const SECRET_NAMESPACE = 'telegramWorkbench/'

export class SecretKeyValueStore implements KeyValueStore {
  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly prefix = SECRET_NAMESPACE,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(this.prefix + key)
  }
  async set(key: string, value: string): Promise<void> {
    await this.secrets.store(this.prefix + key, value)
  }
  async delete(key: string): Promise<void> {
    await this.secrets.delete(this.prefix + key)
  }
}
