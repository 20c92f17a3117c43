import assert from 'node:assert/strict'
import { createDecipheriv } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CacheDecryptError, EncryptedFileStore } from '../../extension/accounts/encrypted-file-store'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workbench-cache-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('EncryptedFileStore', () => {
  it('round-trips values and answers undefined for a missing key', async () => {
    const store = new EncryptedFileStore(join(dir, 'round'), EncryptedFileStore.generateKey())
    await store.set('entities/3', '{"records":["ü"]}')
    assert.equal(await store.get('entities/3'), '{"records":["ü"]}')
    assert.equal(await store.get('entities/4'), undefined)
    await store.delete('entities/3')
    await store.delete('entities/3')
    assert.equal(await store.get('entities/3'), undefined)
  })

  it('writes AES-256-GCM that Node decrypts independently, with the store key as AAD', async () => {
    const key = EncryptedFileStore.generateKey()
    const store = new EncryptedFileStore(join(dir, 'format'), key)
    await store.set('updates', 'plain text value')
    const [name] = (await readdir(join(dir, 'format'))).filter((file) => file !== 'key-check')
    const sealed = await readFile(join(dir, 'format', name!))
    assert.ok(!sealed.includes('plain text value'))
    assert.ok(!name!.includes('updates'), 'file names do not reveal the store keys')
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13))
    decipher.setAAD(Buffer.from('updates'))
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    assert.equal(Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString(), 'plain text value')
  })

  it('refuses to open a folder written with another key', async () => {
    await new EncryptedFileStore(join(dir, 'wrong'), Buffer.alloc(32, 1)).set('updates', 'secret')
    const wrong = new EncryptedFileStore(join(dir, 'wrong'), Buffer.alloc(32, 2))
    await assert.rejects(wrong.get('updates'), CacheDecryptError)
    await assert.rejects(wrong.set('updates', 'overwrite'), CacheDecryptError)
    assert.equal(await new EncryptedFileStore(join(dir, 'wrong'), Buffer.alloc(32, 1)).get('updates'), 'secret')
  })

  it('keeps every file closed to a key one bit off, even read directly past the key check', async () => {
    const key = EncryptedFileStore.generateKey()
    const store = new EncryptedFileStore(join(dir, 'bit'), key)
    const values = new Map([['updates', '{"pts":42,"qts":0}'], ['entities/0', '{"records":[]}']])
    for (const [name, value] of values) await store.set(name, value)
    const oneBitOff = Buffer.from(key)
    oneBitOff[31] = oneBitOff[31]! ^ 0x80
    await assert.rejects(new EncryptedFileStore(join(dir, 'bit'), oneBitOff).get('updates'), CacheDecryptError)

    // Whoever skips the check and tries each file with the store key as AAD still gets nothing from the wrong key.
    const open = (sealed: Buffer, withKey: Uint8Array, aad: string) => {
      const decipher = createDecipheriv('aes-256-gcm', withKey, sealed.subarray(1, 13))
      decipher.setAAD(Buffer.from(aad))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString()
    }
    const files = await readdir(join(dir, 'bit'))
    assert.equal(files.length, values.size + 1)
    let opened = 0
    for (const file of files) {
      const sealed = await readFile(join(dir, 'bit', file))
      for (const aad of ['key-check', ...values.keys()]) {
        assert.throws(() => open(sealed, oneBitOff, aad), /unable to authenticate/, `${file} under the wrong key`)
        try {
          if ([...values.values(), 'telegram-workbench cache'].includes(open(sealed, key, aad))) opened++
        } catch {
          // Another file's AAD: the right key fails too, as it should.
        }
      }
    }
    assert.equal(opened, files.length, 'each file opens with the right key and its own name')
  })

  it('refuses a value moved to another key or tampered with', async () => {
    const store = new EncryptedFileStore(join(dir, 'moved'), EncryptedFileStore.generateKey())
    await store.set('a', 'value of a')
    await store.set('b', 'value of b')
    const names = (await readdir(join(dir, 'moved'))).filter((name) => name !== 'key-check')
    assert.equal(names.length, 2)
    // Swap the contents: each file now holds the other key's ciphertext.
    const [x, y] = names
    const [bx, by] = await Promise.all([readFile(join(dir, 'moved', x!)), readFile(join(dir, 'moved', y!))])
    await writeFile(join(dir, 'moved', x!), by)
    await writeFile(join(dir, 'moved', y!), bx)
    await assert.rejects(store.get('a'), CacheDecryptError)
    await store.set('a', 'fresh')
    const sealed = await readFile(join(dir, 'moved', x!)).catch(() => readFile(join(dir, 'moved', y!)))
    sealed[20] = sealed[20]! ^ 1
    await writeFile(join(dir, 'moved', x!), sealed)
    await writeFile(join(dir, 'moved', y!), sealed)
    await assert.rejects(store.get('a'), CacheDecryptError)
  })

  it('leaves no temporary file after writes and clears the whole folder', async () => {
    const store = new EncryptedFileStore(join(dir, 'clear'), EncryptedFileStore.generateKey())
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i % 3}`, `v${i}`)))
    const names = await readdir(join(dir, 'clear'))
    assert.equal(names.length, 4, 'three values and the key check')
    assert.ok(names.every((name) => !name.endsWith('.tmp')))
    await store.clear()
    await assert.rejects(readdir(join(dir, 'clear')), { code: 'ENOENT' })
  })
})
