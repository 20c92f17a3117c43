// Secret hygiene after a real session: a window with every log at trace level signs Grace in (code and two-step
// password, her own api_hash), runs scratchpad cells and saves the notebook, sends a selection to a chat, reloads,
// and closes. Then everything the run wrote outside SecretStorage is scanned for the secrets it handled: the auth
// keys the sandbox agreed (hex, base64, base64url and raw bytes), the api_hash, the login codes, the password, the
// bot token and the cache key. None may appear. The encrypted caches it left must not open with a wrong key.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { CacheDecryptError, EncryptedFileStore } from '../../extension/accounts/encrypted-file-store'
import { serialize } from '../../extension/notebook/format'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'
import { artifactsDir, eventually, extensionId, Workbench } from './harness'
import { readExtensionSecrets } from './secret-storage'

const RUN_NAME = 'secret-hygiene'
const BOT_TOKEN = '100000007:AAHsandboxWorkbenchBotToken0123456789'
const selection = 'const answer = 42\nconsole.log(answer)'
/** A trace-level window is slower than the others: its waits get longer than the harness's default. */
const WAIT_MS = 30_000

/** One secret as it could be written down: its encodings, each searched as UTF-8 and as UTF-16 text. */
interface Needle {
  what: string
  forms: Buffer[]
  /** For short secrets (login codes): a match counts only with no digit right before or after it. */
  standalone?: boolean
}

function textNeedle(what: string, text: string, standalone = false): Needle {
  return { what, forms: [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')], standalone }
}

/**
 * A byte secret: three 30-byte windows of it (30 is a multiple of 3, so each window's base64 is also a substring
 * of the whole key's base64), raw and as lower- and upper-case hex, base64 and base64url.
 */
function bytesNeedles(what: string, bytes: Uint8Array): Needle[] {
  const key = Buffer.from(bytes)
  const windows = [0, Math.floor(key.length / 6) * 3, key.length - 30 - ((key.length - 30) % 3)]
  return windows.flatMap((offset) => {
    const part = key.subarray(offset, offset + 30)
    const encodings = [part.toString('hex'), part.toString('hex').toUpperCase(), part.toString('base64'), part.toString('base64url')]
    return [{ what: `${what} (raw bytes ${offset}..${offset + 30})`, forms: [part] }, ...encodings.map((text) => textNeedle(`${what} (${offset}..${offset + 30} as text)`, text))]
  })
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39
}

/** Where `needle` occurs in `data`, if it does. */
function find(data: Buffer, needle: Needle): number | undefined {
  for (const form of needle.forms) {
    for (let at = data.indexOf(form); at >= 0; at = data.indexOf(form, at + 1)) {
      const step = form.length > 1 && form[1] === 0 ? 2 : 1 // UTF-16: look one code unit out
      if (!needle.standalone || (!isDigit(data[at - step]) && !isDigit(data[at + form.length]))) return at
    }
  }
  return undefined
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return filesUnder(path)
    return entry.isFile() ? [path] : []
  })
}

describe('secret hygiene: what a session leaves on disk', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  const apiHash = randomBytes(16).toString('hex')
  /** Secrets read from SecretStorage before the window closed: the cache key, by account id. */
  const cacheKeys = new Map<string, Buffer>()

  const grace = () => sandbox.seed!.accounts.find((account) => account.key === 'grace')!
  const ada = () => sandbox.seed!.accounts.find((account) => account.key === 'ada')!
  const status = () => workbench.statusBarItem('telegramWorkbench.status')
  const connected = async () => ((await status().getAttribute('aria-label')) ?? '').match(/connected/i) ?? undefined

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    const home = sandbox.dcs.find((dc) => dc.id === 2)!
    workbench = await Workbench.open({
      name: RUN_NAME,
      // code-server hands its log level to VS Code: the extension host and the "Telegram" channel log at trace.
      env: { LOG_LEVEL: 'trace' },
      settings: {
        // A custom server, so the sign-in asks for an api_hash as it does for Telegram's own servers.
        'telegramWorkbench.server.profile': 'custom',
        'telegramWorkbench.server.dcId': home.id,
        'telegramWorkbench.server.host': home.host,
        'telegramWorkbench.server.port': home.port,
        'telegramWorkbench.server.rsaKey': sandbox.rsaPublicKeyPem,
        'telegramWorkbench.apiId': 4242,
      },
      workspaceFiles: {
        'hygiene.tlnb': serialize({
          version: 1,
          metadata: {},
          cells: ['users.getUsers({ id: ["me"] })', 'messages.sendMessage({ peer: "me", message: "written from the scratchpad" })'].map((source) => ({
            kind: 'code',
            language: 'tl-request',
            source,
          })),
        }),
        'src/answer.ts': `${selection}\n`,
      },
    })
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
  })

  it('signs in with the api_hash, the code and the two-step password', async () => {
    await workbench.runCommand('Telegram: Sign In')
    await workbench.pickItem('Phone number')
    await workbench.answerInput(/api_hash/i, apiHash)
    await workbench.answerInput(/phone number/i, `+${grace().phone}`)
    await workbench.answerInput(/code/i, grace().loginCode)
    await workbench.answerInput(/password/i, grace().password!)
    await workbench.waitForNotification(/Signed in/)
    await workbench.clearNotifications()
    await eventually('a connected status', connected, WAIT_MS)
    assert.equal(sandbox.world.authorizations.ofAccount(grace().id).length, 1)
  })

  it('runs scratchpad cells and saves the notebook with their outputs', async () => {
    await workbench.openNotebook('hygiene.tlnb')
    await workbench.runCommand('Notebook: Run All')
    await workbench.notebookOutputs().getByText('$1 = users.getUsers').first().waitFor({ state: 'visible' })
    await workbench.screenshot('notebook')
    // The second output may be out of view, where VS Code does not draw it: the saved file tells when it came.
    const saved = join(workbench.profile.workspaceDir, 'hygiene.tlnb')
    await eventually('the notebook saved with both outputs', async () => {
      await workbench.page.keyboard.press('Control+S')
      await sleep(500)
      return readFileSync(saved, 'utf8').includes('"binding": "$2"') ? true : undefined
    }, WAIT_MS)
  })

  it('sends a selection to a chat', async () => {
    const before = sandbox.world.messages.history(ada().id, userPeer(grace().id)).length
    await workbench.editors.open('src/answer.ts')
    await workbench.editors.goToLine(1)
    for (let line = 0; line < 2; line++) await workbench.page.keyboard.press('Shift+ArrowDown')
    await workbench.runCommand('Telegram: Send Selection to Chat')
    await workbench.pickItem(/Ada Lovelace/, 'Ada')
    await workbench.answerDialog('Send')
    await eventually('the message in Ada\'s chat', () => (sandbox.world.messages.history(ada().id, userPeer(grace().id)).length > before ? true : undefined), WAIT_MS)
  })

  it('reloads with the session kept, then closes', async () => {
    await workbench.reload()
    // Activation is lazy: a command brings the account back. Its chat picker is only closed again.
    await workbench.runCommand('Telegram: Open Chat')
    const picker = workbench.page.locator('.quick-input-widget', { hasText: 'Open Chat' })
    await picker.waitFor({ state: 'visible' })
    await workbench.page.keyboard.press('Escape')
    await picker.waitFor({ state: 'hidden' })
    await eventually('a connected status after the reload', connected, WAIT_MS)
    await workbench.screenshot('reloaded')
    const secrets = await readExtensionSecrets(workbench.page, workbench.profile.userDataDir, extensionId)
    for (const [name, value] of secrets) {
      const cache = /(?:^|\/)account\/([^/]+)\/cacheKey$/.exec(name)
      if (cache) cacheKeys.set(cache[1]!, Buffer.from(value, 'base64'))
    }
    assert.equal(cacheKeys.size, 1, `the account has a cache key in SecretStorage (${[...secrets.keys()].join(', ')})`)
    await workbench.stopKeepingProfile()
  })

  it('left none of the secrets it handled in any file it wrote', () => {
    const { profile } = workbench
    const needles: Needle[] = [
      ...[...sandbox.world.authKeys.all()].flatMap((record) => bytesNeedles(`the auth key ${record.id} of DC ${record.dcId}`, record.key)),
      ...[...cacheKeys.values()].flatMap((key) => bytesNeedles('the cache key', key)),
      textNeedle('the api_hash', apiHash),
      textNeedle('the api_hash', apiHash.toUpperCase()),
      textNeedle('the 2FA password', grace().password!),
      textNeedle('the bot token', BOT_TOKEN),
      textNeedle('the login code', grace().loginCode, true),
    ]
    assert.ok([...sandbox.world.authKeys.all()].length > 0, 'the sign-in agreed a key')

    const runArtifacts = readdirSync(artifactsDir).filter((name) => name.startsWith(`${RUN_NAME}.`) && !name.endsWith('.png')).map((name) => join(artifactsDir, name))
    const files = [...filesUnder(profile.root).filter((path) => !path.startsWith(profile.extensionsDir)), ...runArtifacts]
    const found: string[] = []
    for (const file of files) {
      const data = readFileSync(file)
      // V8's cache of the workbench's own compiled scripts holds their number constants, where a five-digit
      // code can turn up by chance; it holds no data of the run, and the long secrets are still looked for there.
      const compiledScripts = file.includes(`${join('browser', 'Default', 'Code Cache')}/`)
      for (const needle of needles) {
        if (needle.standalone && compiledScripts) continue
        const at = find(data, needle)
        if (at !== undefined) found.push(`${needle.what} in ${relative(profile.root, file)} at byte ${at}`)
      }
    }
    assert.deepEqual(found, [])

    // The scan saw what the run wrote: the trace log of the "Telegram" channel, the encrypted caches, the saved
    // notebook, the workspace's storage and the artifacts' logs.
    const scanned = files.map((file) => relative(profile.root, file))
    const telegramLog = files.find((file) => file.startsWith(profile.userDataDir) && /Telegram\.log$/.test(file))
    assert.ok(telegramLog, `a Telegram channel log among ${scanned.filter((file) => file.includes('logs')).join(', ')}`)
    assert.match(readFileSync(telegramLog, 'utf8'), /\[debug\].*connected to DC 2/, 'the channel logged below info level')
    assert.ok(scanned.some((file) => /globalStorage\/telegram-workbench\.telegram-workbench\/accounts\/.+\/key-check$/.test(file)), 'the caches')
    assert.ok(scanned.some((file) => /workspaceStorage\//.test(file)), 'the workspace storage')
    assert.match(readFileSync(join(profile.workspaceDir, 'hygiene.tlnb'), 'utf8'), /written from the scratchpad/, 'the notebook with its outputs')
    assert.ok(runArtifacts.some((file) => file.endsWith('.code-server.log') && statSync(file).size > 0), 'code-server\'s own log')
  })

  it('left encrypted caches that open with their key and with no other', async () => {
    const [[accountId, key]] = [...cacheKeys]
    const directory = join(workbench.profile.userDataDir, 'User', 'globalStorage', extensionId, 'accounts', accountId)
    // The session keeps its units under the account's prefix (extension/accounts/account-store.ts).
    const unit = `account/${accountId}/updates`
    const updates = await new EncryptedFileStore(directory, key).get(unit)
    assert.match(updates ?? '', /pts/, 'the update state is cached, and opens with the key from SecretStorage')

    const oneBitOff = Buffer.from(key)
    oneBitOff[0] = oneBitOff[0]! ^ 1
    for (const wrong of [EncryptedFileStore.generateKey(), oneBitOff]) {
      const store = new EncryptedFileStore(directory, wrong)
      await assert.rejects(store.get(unit), CacheDecryptError)
      await assert.rejects(store.set(unit, '{}'), CacheDecryptError, 'nor can it be overwritten')
    }
    assert.equal(await new EncryptedFileStore(directory, key).get(unit), updates, 'the wrong keys changed nothing')
  })
})
