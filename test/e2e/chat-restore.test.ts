// A chat opened in an editor tab survives a window reload, in a real VS Code against the sandbox: Ada signs in,
// the sidebar shows the seeded chats with their profile photos, Grace's chat moves to an editor tab, and after a
// reload the tab comes back with the chat drawn. Screenshots go to .artifacts/ (chat-restore.*).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { extensionId, sandboxSettings, showChatsView, signInWithCode, Workbench } from './harness'

describe('journey: a chat tab restored after a reload, on the sandbox', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  let infoDir: string
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const sidebar = () => workbench.webviewView()
  // Editor-tab webviews are the extension's webview frames that are not the sidebar view.
  const panel = () =>
    workbench.page.frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]:not([src*="purpose=webviewView"])`).frameLocator('#active-frame')

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    infoDir = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-restore-'))
    workbench = await Workbench.open({ name: 'chat-restore', settings: sandboxSettings(sandbox, infoDir) })
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (infoDir) rmSync(infoDir, { recursive: true, force: true })
  })

  it("shows the seeded chats with their profile photos, downloaded by the host", async () => {
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await showChatsView(workbench)
    const grace = sidebar().locator('.dialog[role="option"]', { hasText: 'Grace' }).first()
    // The sharp photo replaces the stripped preview once the host has downloaded it (from DC 2; Ada is on DC 1).
    const photo = grace.locator('img.avatar:not(.avatar-preview)')
    await photo.waitFor({ state: 'visible', timeout: 30_000 })
    assert.match((await photo.getAttribute('src')) ?? '', /^data:image\/jpeg;base64,/)
    await workbench.screenshot('avatars')
  })

  it("moves Grace's chat to an editor tab", async () => {
    await sidebar().locator('.dialog[role="option"]', { hasText: 'Grace' }).first().click()
    await sidebar().locator('.chat-title', { hasText: 'Grace' }).waitFor({ state: 'visible' })
    await sidebar().locator('vscode-button[title="Open in Editor"]').click()
    await panel().locator('.chat-title', { hasText: 'Grace' }).waitFor({ state: 'visible', timeout: 30_000 })
    await panel().locator('.row.message').first().waitFor({ state: 'visible', timeout: 30_000 })
    await workbench.page.locator('.tabs-container .tab', { hasText: 'Grace' }).first().waitFor({ state: 'visible' })
  })

  it('brings the tab back with the chat drawn after a window reload', async () => {
    // The tab's saved state is written a moment after the chat is drawn.
    await workbench.page.waitForTimeout(1000)
    // Reload as a user does, through the command: VS Code saves the editors' state (the tab and its webview's
    // state) before it goes; a bare page reload in the browser gives it no chance to.
    const page = workbench.page
    const reloaded = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame())
    await workbench.runCommand('Developer: Reload Window')
    await reloaded
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 })
    await workbench.page.locator('.tabs-container .tab', { hasText: 'Grace' }).first().waitFor({ state: 'visible', timeout: 30_000 })
    await panel().locator('.chat-title', { hasText: 'Grace' }).waitFor({ state: 'visible', timeout: 30_000 })
    await panel().locator('.row.message').first().waitFor({ state: 'visible', timeout: 30_000 })
    // The restored tab is live: the host answers it once the account has connected again.
    await panel().locator('.chat-header img.avatar:not(.avatar-preview)').waitFor({ state: 'visible', timeout: 30_000 })
    await workbench.screenshot('restored-tab')
  })
})
