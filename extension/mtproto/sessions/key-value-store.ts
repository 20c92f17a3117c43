/**
 * The storage a `StoredSession` writes to: string values under string keys. The extension backs the
 * keys with VS Code's SecretStorage and the larger caches with an encrypted file store.
 *
 * Contract: `set` replaces a value atomically — a reader sees the old value or the new one, never a
 * mix. SecretStorage does this; a file-backed store must write a temporary file and rename it.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** A store in a Map: for tests, and for callers that want the stored layout without persistence. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly values = new Map<string, string>()
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key)
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value)
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key)
  }
}
