// Minimal stand-ins for the two VS Code storage APIs the account store uses, each with the
// semantics VS Code documents: SecretStorage maps string keys to string values, a Memento returns
// what was last stored (update(key, undefined) deletes).
import type { MementoLike } from '../../extension/accounts/account-store'
import type { SecretStorageLike } from '../../extension/accounts/secret-store'

export class FakeSecretStorage implements SecretStorageLike {
  readonly values = new Map<string, string>()
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key)
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value)
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key)
  }
}

export class FakeMemento implements MementoLike {
  readonly values = new Map<string, unknown>()
  get<T>(key: string): T | undefined {
    // A real Memento returns a copy of what was stored, as JSON.
    const value = this.values.get(key)
    return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T)
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key)
    else this.values.set(key, JSON.parse(JSON.stringify(value)))
  }
}
