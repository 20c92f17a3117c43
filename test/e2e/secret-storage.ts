/**
 * Reads what an extension keeps in SecretStorage under code-server, from outside the workbench, so a journey
 * can check what sign-in stored and sign-out removed without trusting the extension's own account.
 *
 * code-server's browser workbench keeps every secret in one localStorage entry, `secrets.provider`: base64 of
 * a 32-byte client key half, a 12-byte IV and an AES-256-GCM ciphertext (tag last) of a JSON object. The AES
 * key is the client half XOR the server half, which the server keeps in `<user-data-dir>/serve-web-key-half`.
 * The object's keys are `JSON.stringify({ extensionId, key })`.
 */
import { createDecipheriv } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

const STORAGE_ENTRY = 'secrets.provider'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

/** The secrets one extension holds, by the key it stored them under. */
export async function readExtensionSecrets(page: Page, userDataDir: string, extensionId: string): Promise<Map<string, string>> {
  const sealed = await page.evaluate((entry) => localStorage.getItem(entry), STORAGE_ENTRY)
  const secrets = new Map<string, string>()
  if (sealed === null) return secrets
  const all = JSON.parse(unseal(sealed, readFileSync(join(userDataDir, 'serve-web-key-half')))) as Record<string, string>
  for (const [name, value] of Object.entries(all)) {
    const owner = JSON.parse(name) as { extensionId?: string; key?: string }
    // VS Code lower-cases extension ids in some paths; compare as ids are compared, without case.
    if (owner.extensionId?.toLowerCase() === extensionId.toLowerCase() && owner.key !== undefined) secrets.set(owner.key, value)
  }
  return secrets
}

function unseal(sealed: string, serverHalf: Buffer): string {
  const bytes = Buffer.from(sealed, 'base64')
  if (serverHalf.length !== KEY_BYTES) throw new Error(`serve-web-key-half holds ${serverHalf.length} bytes, not ${KEY_BYTES}`)
  const clientHalf = bytes.subarray(0, KEY_BYTES)
  const iv = bytes.subarray(KEY_BYTES, KEY_BYTES + IV_BYTES)
  const ciphertext = bytes.subarray(KEY_BYTES + IV_BYTES, bytes.length - TAG_BYTES)
  const key = Buffer.alloc(KEY_BYTES)
  for (let i = 0; i < KEY_BYTES; i++) key[i] = clientHalf[i]! ^ serverHalf[i]!
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
}
