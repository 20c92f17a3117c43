// An outage in a real VS Code against the sandbox. Ada sends a #hashtag the sandbox detects, and clicking it searches
// the chat. Then the sandbox stops: the status bar counts down to the next attempt, the sidebar keeps the open
// chat under a "Waiting for network" banner, and a message typed meanwhile stays in the composer. The sandbox
// starts again from its data folder on the same ports; Retry now reconnects, the status bar says connected, the
// kept message is sent and lands on the sandbox, and the chats are all still listed. Screenshots of both states.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'
import { sandboxSettings, showChatsView, signInWithCode, webviewViewFrame, Workbench } from './harness'

describe('journey: the connection goes down and comes back, on the sandbox', () => {
  let sandbox: Sandbox | undefined
  let workbench: Workbench
  let dir: string
  let ports: number[]
  const account = (key: string) => sandbox!.seed!.accounts.find((seeded) => seeded.key === key)!
  const view = () => workbench.webviewView()
  const status = () => workbench.statusBarItem('telegramWorkbench.status')
  const banner = () => view().locator('.connection-banner')

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-outage-'))
    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), log: () => {} })
    ports = sandbox.dcs.map((dc) => dc.port)
    workbench = await Workbench.open({ name: 'connection-state', settings: sandboxSettings(sandbox, dir) })
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('sends a message whose #hashtag the server detected, and the hashtag searches the chat', async () => {
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await showChatsView(workbench)
    await view().locator('.dialog[role="option"]', { hasText: 'Grace' }).first().click()
    const input = view().locator('textarea.composer-input')
    await input.fill('Release notes for #workbench are out')
    await input.press('Enter')
    const hashtag = view().locator('.row.message', { hasText: 'Release notes for' }).last().locator('a.ent-hashtag', { hasText: '#workbench' })
    await hashtag.waitFor({ state: 'visible' })
    await hashtag.click()
    const results = view().locator('.search-results[aria-label="Messages with #workbench"]')
    await results.locator('.search-result', { hasText: 'Release notes for #workbench are out' }).waitFor({ state: 'visible' })
    await workbench.screenshot('hashtag-search')
    await results.getByRole('button', { name: 'Close search' }).click()
    await results.waitFor({ state: 'hidden' })
  })

  it('keeps the open chat and a typed message while offline, with the countdown in the status bar and the sidebar', async () => {
    await sandbox!.stop()
    sandbox = undefined
    // Each failed attempt schedules the next one; offline comes after a few, with a countdown of whole seconds.
    await banner().locator('.connection-label', { hasText: /^Waiting for network… retrying in \d+ s$/ }).waitFor({ state: 'visible', timeout: 60_000 })
    await status().filter({ hasText: /Telegram \d+s/ }).waitFor({ state: 'visible', timeout: 60_000 })
    await status().hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: /Telegram: (offline|reconnecting) — Ada Lovelace/ }).filter({ visible: true }).first().waitFor()
    await workbench.page.mouse.move(640, 400)

    assert.ok(await view().locator('.chat-title', { hasText: 'Grace' }).isVisible(), 'the open chat stays on screen')
    assert.ok(await view().locator('.row.message', { hasText: 'Release notes for' }).last().isVisible(), 'its messages too')
    const input = view().locator('textarea.composer-input')
    await input.fill('Written while the server was down')
    await input.press('Enter')
    await view().locator('.offline-note').waitFor({ state: 'visible' })
    assert.equal(await input.inputValue(), 'Written while the server was down')
    // The note under the composer takes room from the history, which still ends at the newest message.
    const frame = await webviewViewFrame(workbench)
    await frame.waitForFunction(() => {
      const history = document.querySelector('.history')!.getBoundingClientRect()
      const rows = [...document.querySelectorAll('.row.message')]
      const newest = rows[rows.length - 1]!
      return newest.textContent!.includes('Release notes for') && newest.getBoundingClientRect().bottom <= history.bottom + 1
    })
    await workbench.screenshot('offline')
  })

  it('reconnects to the sandbox started again on the same ports, sends the kept message and lists the chats', async () => {
    sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), ports, log: () => {} })
    const retry = banner().locator('.banner-action', { hasText: 'Retry now' })
    // Retry now, unless the countdown ran out and an attempt is already under way.
    await retry.click({ timeout: 5_000 }).catch(() => {})
    await banner().waitFor({ state: 'hidden', timeout: 60_000 })
    await status().locator('.codicon-comment-discussion').waitFor({ state: 'visible' })

    const input = view().locator('textarea.composer-input')
    await input.press('Enter')
    await view().locator('.row.message', { hasText: 'Written while the server was down' }).waitFor({ state: 'visible' })
    assert.equal(await input.inputValue(), '')
    const stored = sandbox.world.messages.history(account('ada').id, userPeer(account('grace').id)).at(-1)!
    assert.equal(stored.text, 'Written while the server was down')

    await view().locator('.chat vscode-button[aria-label="Back to chats"]').click()
    const rows = view().locator('[role="listbox"] .dialog[role="option"]:not(.archive-row)')
    await rows.filter({ hasText: 'Written while the server was down' }).first().waitFor({ state: 'visible' })
    assert.ok((await rows.count()) > 3, 'the chats are all listed')
    await status().hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: /Telegram: connected — Ada Lovelace/ }).filter({ visible: true }).first().waitFor()
    await workbench.screenshot('back-online')
  })
})
