// Every command of package.json's contributes.commands, run from the palette in one signed-in window against the
// sandbox, each checked by what it visibly does: a toast, a picker, an editor, the clipboard, the sidebar, a
// progress notification, or the sandbox's own state. The steps build on each other and run in order.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sessionFromString, sessionToString, type TelegramClient } from '../../extension/mtproto'
import { sandboxClient, signedInClient } from '../client/support'
import type { Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'
import { repoRoot } from './vsix'
import { eventually, openSandboxWindow, type SandboxWindow, type Workbench } from './harness'

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; category?: string }[] } }

describe('journey: every Telegram command from the palette, on the sandbox', () => {
  let opened: SandboxWindow | undefined
  let sandbox: Sandbox
  let workbench: Workbench
  const ran = new Set<string>()
  const others: TelegramClient[] = []
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const status = () => workbench.statusBarItem('telegramWorkbench.status')

  /** Runs a contributed command by its palette title ("Telegram: <title>") and notes that it ran. */
  async function run(title: string): Promise<void> {
    const entry = manifest.contributes.commands.find((command) => command.title === title)
    assert.ok(entry, `package.json contributes "${title}"`)
    await workbench.runCommand(`${entry.category ?? 'Telegram'}: ${title}`)
    ran.add(entry.command)
  }

  async function statusTooltip(pattern: RegExp): Promise<void> {
    await status().hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: pattern }).filter({ visible: true }).first().waitFor()
    await workbench.page.mouse.move(700, 400)
  }

  before(async () => {
    opened = await openSandboxWindow({
      name: 'commands',
      workspaceFiles: { 'src/hello.ts': 'export const greeting = "hello from the palette"\n', 'assets/data.bin': 'x'.repeat(3 * 1024 * 1024) },
    })
    sandbox = opened.sandbox
    workbench = opened.workbench
    await workbench.allowClipboard()
  })

  after(async () => {
    for (const client of others) await client.disconnect().catch(() => {})
    await opened?.close()
  })

  it('Show Version names the installed version', async () => {
    await run('Show Version')
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version
    assert.equal(await workbench.waitForNotification(/Telegram Workbench/), `Telegram Workbench ${version}`)
    await workbench.clearNotifications()
  })

  it('Sign In signs Ada in with her code, and again while signed in offers the ways to add an account', async () => {
    const ada = account('ada')
    await run('Sign In')
    await workbench.pickItem('Phone number')
    await workbench.answerInput(/phone number/i, `+${ada.phone}`)
    await workbench.answerInput(/code/i, ada.loginCode)
    assert.equal(await workbench.waitForNotification(/Signed in/), 'Signed in to Telegram as Ada Lovelace.')
    await workbench.clearNotifications()
    await eventually('a connected status', async () => ((await status().getAttribute('aria-label')) ?? '').match(/connected/i) ?? undefined)

    await run('Sign In')
    const rows = workbench.page.locator('.quick-input-widget .quick-input-list .label-name')
    await rows.filter({ hasText: 'QR code' }).first().waitFor({ state: 'visible' })
    assert.deepEqual((await rows.allInnerTexts()).map((text) => text.trim()), ['Phone number', 'QR code', 'Bot token'])
    await workbench.page.keyboard.press('Escape')
    await statusTooltip(/connected — Ada Lovelace/)
  })

  it('Open Chat searches the dialogs and opens the chosen chat in the sidebar', async () => {
    await run('Open Chat')
    await workbench.pickItem(/Grace Hopper/, 'Grace')
    const view = workbench.webviewView()
    await view.locator('[role="list"][aria-label="Messages"]').waitFor({ state: 'visible' })
    await view.getByText('Grace Hopper').first().waitFor({ state: 'visible' })
    await workbench.screenshot('open-chat')
  })

  it('Search TL Reference finds a method as you type and opens its entry in the layer', async () => {
    await run('Search TL Reference')
    await workbench.page.locator('.quick-input-widget .quick-input-box input').fill('messages.sendMessage')
    const row = workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'messages.sendMessage' }).first()
    await row.waitFor({ state: 'visible' })
    await row.click()
    const tab = workbench.page.locator('.tabs-container .tab.active')
    await tab.filter({ hasText: /\.tl/ }).waitFor({ state: 'visible' })
    await workbench.page.locator('.view-lines', { hasText: 'messages.sendMessage' }).first().waitFor({ state: 'visible' })
    await workbench.screenshot('tl-reference')
  })

  it('Send Selection to Chat sends the selected code to the chosen chat', async () => {
    const ada = account('ada')
    const grace = account('grace')
    const before = sandbox.world.messages.history(grace.id, userPeer(ada.id)).length
    await workbench.editors.open('src/hello.ts')
    await workbench.editors.goToLine(1)
    await workbench.page.keyboard.press('Shift+End')
    await run('Send Selection to Chat')
    await workbench.pickItem(/Grace Hopper/, 'Grace')
    await workbench.answerDialog('Send')
    const received = await eventually('the selection in Grace\'s chat', () => {
      const history = sandbox.world.messages.history(grace.id, userPeer(ada.id))
      return history.length > before ? history.at(-1) : undefined
    })
    assert.match(received.text, /export const greeting = "hello from the palette"/)
    assert.ok(received.entities.some((entity) => entity._ === 'messageEntityPre'))
  })

  it('Send File to Chat uploads with a progress notification', async () => {
    const ada = account('ada')
    const grace = account('grace')
    const before = sandbox.world.messages.history(grace.id, userPeer(ada.id)).length
    // Slow parts keep the progress on screen long enough to be seen.
    const slow = sandbox.control.delayResponses(300, { method: 'upload.saveFilePart' })
    try {
      await run('Send File to Chat')
      // code-server's own file dialog: a quick input that takes a path.
      const input = workbench.page.locator('.quick-input-widget .quick-input-box input')
      await input.waitFor({ state: 'visible' })
      const path = join(workbench.profile.workspaceDir, 'assets', 'data.bin')
      // The dialog fills its box with the starting folder once it has listed it, which can overwrite a path typed
      // before then, and it lists the typed path's folder before it accepts: type the path again whenever the box
      // lost it, and press OK until the command's chat picker takes the widget over.
      const chatPicker = workbench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Send data.bin to Chat' })
      for (let tries = 0; !(await chatPicker.isVisible()); tries++) {
        assert.ok(tries < 30, 'the file dialog accepts the path')
        if ((await input.inputValue().catch(() => path)) !== path) await input.fill(path).catch(() => {})
        await workbench.page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click().catch(() => {})
        await chatPicker.waitFor({ state: 'visible', timeout: 1_000 }).catch(() => {})
      }
      await workbench.pickItem(/Grace Hopper/, 'Grace')
      await workbench.waitForNotification('Sending data.bin to Grace Hopper')
      await workbench.page.locator('.notifications-toasts .monaco-progress-container.active, .notifications-toasts .monaco-progress-container.done').first().waitFor({ state: 'attached' })
      await workbench.screenshot('send-file-progress')
    } finally {
      slow()
    }
    const received = await eventually('the file in Grace\'s chat', () => {
      const history = sandbox.world.messages.history(grace.id, userPeer(ada.id))
      return history.length > before ? history.at(-1) : undefined
    }, 60_000)
    assert.ok(received.media, 'the message carries the file')
    await workbench.clearNotifications().catch(() => {})
  })

  it('Copy Peer ID puts the chosen chat\'s id on the clipboard and says so', async () => {
    const grace = account('grace')
    await run('Copy Peer ID')
    await workbench.pickItem(/Grace Hopper/, 'Grace')
    await workbench.waitForStatusBarText(`Copied the peer id of Grace Hopper: ${grace.id}`)
    assert.equal(await workbench.clipboardText(), grace.id.toString())
  })

  it('Export Session String warns first, then copies a string that signs a new client in as Ada', async () => {
    await run('Export Session String')
    await workbench.page.locator('.monaco-dialog-box', { hasText: /FULL access/ }).waitFor({ state: 'visible' })
    await workbench.answerDialog('Copy Session String')
    await workbench.waitForNotification(/session string is on the clipboard/)
    await workbench.clearNotifications()
    const exported = await workbench.clipboardText()
    const client = sandboxClient(sandbox, { session: sessionFromString(exported) })
    others.push(client)
    await client.connect()
    assert.equal((await client.getMe()).id, account('ada').id)
  })

  it('Import Session String adds the account of a Telethon string session', async () => {
    const alan = await signedInClient(sandbox, 'alan')
    others.push(alan)
    await run('Import Session String')
    await workbench.answerInput(/string session/i, sessionToString(alan.session))
    await workbench.answerInput(/api_hash/i, 'sandbox')
    assert.equal(await workbench.waitForNotification(/Imported the session/), 'Imported the session of Alan Turing.')
    await workbench.clearNotifications()
  })

  it('Switch Account lists both accounts and makes the chosen one active', async () => {
    await run('Switch Account')
    const rows = workbench.page.locator('.quick-input-widget .quick-input-list .label-name')
    await rows.filter({ hasText: 'Alan Turing' }).first().waitFor({ state: 'visible' })
    await workbench.pickItem('Alan Turing')
    await statusTooltip(/connected — Alan Turing/)
    await run('Switch Account')
    await workbench.pickItem('Ada Lovelace')
    await statusTooltip(/connected — Ada Lovelace/)
  })

  it('Show Logs opens the Telegram output channel, with no secret in it', async () => {
    await run('Show Logs')
    const output = workbench.page.locator('.part.panel .view-lines')
    // The editor draws spaces as no-break spaces, which \s matches.
    await output.filter({ hasText: /connecting\sto\ssandbox/ }).first().waitFor({ state: 'visible' })
    const text = await output.first().innerText()
    assert.ok(!text.includes(account('ada').loginCode), 'no login code in the log')
    await workbench.screenshot('logs')
  })

  it('New Scratchpad opens a scratchpad notebook, and Copy as… copies its cell as client code', async () => {
    await run('New Scratchpad')
    await workbench.notebookCell(0).locator('.view-lines').click()
    await run('Copy as…')
    await workbench.pickItem('Telethon (Python)')
    await workbench.waitForStatusBarText('Copied the cell as Telethon (Python) code')
    assert.match(await workbench.clipboardText(), /functions\.|client\(/)
    await workbench.screenshot('scratchpad')
  })

  it('Sign Out ends Ada\'s session on the sandbox', async () => {
    const ada = account('ada')
    const before = sandbox.world.authorizations.ofAccount(ada.id).length
    await run('Sign Out')
    await workbench.answerDialog('Sign Out')
    await workbench.waitForNotification('Signed out Ada Lovelace.')
    assert.equal(sandbox.world.authorizations.ofAccount(ada.id).length, before - 1)
  })

  it('ran every contributed command', () => {
    const missing = manifest.contributes.commands.map((command) => command.command).filter((command) => !ran.has(command))
    assert.deepEqual(missing, [])
  })
})
