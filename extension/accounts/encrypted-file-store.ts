/**
 * A KeyValueStore of encrypted files, for the caches too large for SecretStorage (entity records,
 * update state). Each value is sealed with AES-256-GCM under a 32-byte key that lives in
 * SecretStorage, so a copied globalStorage folder reveals nothing:
 *
 *   file name  HMAC-SHA256(key, "name:" + store key), hex — the names do not reveal the layout
 *   contents   version (1 byte) | IV (12 bytes) | ciphertext | tag (16 bytes)
 *   AAD        the store key, so a file moved to another name fails to open
 *
 * A fixed-name check file, sealed on first use, makes a wrong key fail loudly (CacheDecryptError)
 * instead of finding an empty-looking folder under names it cannot derive.
 *
 * Writes go to a temporary file that is renamed over the old one: readers see the old value or the
 * new one, never a torn write (the KeyValueStore contract).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KeyValueStore } from '../mtproto'

const FORMAT_VERSION = 1
const IV_LENGTH = 12
const TAG_LENGTH = 16
export const CACHE_KEY_LENGTH = 32
const CHECK_FILE = 'key-check'
const CHECK_VALUE = 'telegram-workbench cache'

/** A file that does not open with this key: a wrong key, a tampered file, or one moved from another name. */
export class CacheDecryptError extends Error {
  override readonly name = 'CacheDecryptError'
  constructor(readonly key: string) {
    super(`The cached value "${key}" cannot be decrypted with this cache key`)
  }
}

export class EncryptedFileStore implements KeyValueStore {
  private readonly key: Buffer
  private keyChecked: Promise<void> | undefined

  constructor(
    readonly directory: string,
    key: Uint8Array,
  ) {
    if (key.length !== CACHE_KEY_LENGTH) throw new RangeError(`The cache key must be ${CACHE_KEY_LENGTH} bytes, not ${key.length}`)
    this.key = Buffer.from(key)
  }

  /** A fresh random key, to be kept in SecretStorage (base64). */
  static generateKey(): Uint8Array {
    return randomBytes(CACHE_KEY_LENGTH)
  }

  async get(key: string): Promise<string | undefined> {
    await this.checkKey()
    let sealed: Buffer
    try {
      sealed = await readFile(this.pathOf(key))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    return this.open(key, sealed)
  }

  async set(key: string, value: string): Promise<void> {
    await this.checkKey()
    await this.writeAtomically(this.pathOf(key), this.seal(key, value))
  }

  private async writeAtomically(path: string, bytes: Buffer): Promise<void> {
    await mkdir(this.directory, { recursive: true })
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temporary, bytes, { mode: 0o600, flush: true })
      await rename(temporary, path)
    } catch (error) {
      await rm(temporary, { force: true })
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }

  /** Removes the whole directory: every value and any temporary file left by a crash. */
  async clear(): Promise<void> {
    this.keyChecked = undefined
    await rm(this.directory, { recursive: true, force: true })
  }

  /** Opens the check file once, or writes it into a folder that has none. */
  private checkKey(): Promise<void> {
    this.keyChecked ??= (async () => {
      const path = join(this.directory, CHECK_FILE)
      const sealed = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined
        throw error
      })
      if (sealed === undefined) await this.writeAtomically(path, this.seal(CHECK_FILE, CHECK_VALUE))
      else if (this.open(CHECK_FILE, sealed) !== CHECK_VALUE) throw new CacheDecryptError(CHECK_FILE)
    })().catch((error: unknown) => {
      this.keyChecked = undefined
      throw error
    })
    return this.keyChecked
  }

  private pathOf(key: string): string {
    return join(this.directory, createHmac('sha256', this.key).update('name:' + key).digest('hex'))
  }

  private seal(key: string, value: string): Buffer {
    const iv = randomBytes(IV_LENGTH)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(key, 'utf8'))
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, body, cipher.getAuthTag()])
  }

  private open(key: string, sealed: Buffer): string {
    if (sealed.length < 1 + IV_LENGTH + TAG_LENGTH || sealed[0] !== FORMAT_VERSION) throw new CacheDecryptError(key)
    const iv = sealed.subarray(1, 1 + IV_LENGTH)
    const tag = sealed.subarray(sealed.length - TAG_LENGTH)
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv)
    decipher.setAAD(Buffer.from(key, 'utf8'))
    decipher.setAuthTag(tag)
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_LENGTH, sealed.length - TAG_LENGTH)), decipher.final()]).toString('utf8')
    } catch {
      throw new CacheDecryptError(key)
    }
  }
}
