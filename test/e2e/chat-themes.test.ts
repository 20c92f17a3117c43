// The chat webview in VS Code's light, dark and high-contrast themes, in one window against the sandbox: for each
// theme the dialog list, Grace's chat (a photo and a code block) and the photo in the lightbox are captured to
// .artifacts/ for a person to look at, after the webview has taken the theme's colours. The window starts in the
// light theme (user settings); the others are picked as a person would, with Preferences: Color Theme.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { sandboxSettings, showChatsView, signInWithCode, Workbench } from './harness'

/**
 * Each theme by its settings id, with how the theme picker labels it (older versions say "Default ...") and the
 * class VS Code then puts on the webview's body.
 */
const THEMES = [
  { label: 'light', id: 'Default Light Modern', picker: /^(Default )?Light Modern$/, filter: 'Light Modern', bodyClass: 'vscode-light' },
  { label: 'dark', id: 'Default Dark Modern', picker: /^(Default )?Dark Modern$/, filter: 'Dark Modern', bodyClass: 'vscode-dark' },
  { label: 'high-contrast', id: 'Default High Contrast', picker: /^(Default|Dark) High Contrast$/, filter: 'High Contrast', bodyClass: 'vscode-high-contrast' },
] as const

describe('journey: the chat webview in light, dark and high-contrast themes', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  let scratch: string
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const view = () => workbench.webviewView()

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    scratch = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-themes-'))
    workbench = await Workbench.open({ name: 'themes', settings: { ...sandboxSettings(sandbox, scratch), 'workbench.colorTheme': THEMES[0].id } })
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await showChatsView(workbench)
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  for (const theme of THEMES) {
    it(`shows the dialog list, a chat and the lightbox in the ${theme.label} theme`, async () => {
      if (theme !== THEMES[0]) {
        await workbench.runCommand('Preferences: Color Theme')
        await workbench.pickItem(theme.picker, theme.filter)
      }
      await view().locator(`body.${theme.bodyClass}`).waitFor({ state: 'attached' })

      const rows = view().locator('[role="listbox"] .dialog[role="option"]')
      await rows.first().waitFor({ state: 'visible' })
      await workbench.screenshot(`${theme.label}.dialog-list`)

      await rows.filter({ hasText: 'Grace' }).first().click()
      await view().locator('.code-block, pre').first().waitFor({ state: 'visible', timeout: 20_000 })
      const photo = view().locator('.media-photo').last()
      await photo.scrollIntoViewIfNeeded()
      await photo.locator('img').waitFor({ state: 'visible', timeout: 20_000 })
      await workbench.screenshot(`${theme.label}.chat`)

      await photo.click()
      const lightbox = view().locator('.lightbox[role="dialog"]')
      await lightbox.locator('img.lightbox-image.full').waitFor({ state: 'visible', timeout: 20_000 })
      await workbench.screenshot(`${theme.label}.lightbox`)
      await lightbox.press('Escape')
      await lightbox.waitFor({ state: 'detached' })

      await view().getByRole('button', { name: 'Back to chats' }).click()
      await rows.first().waitFor({ state: 'visible' })
      assert.equal(await view().locator(`body.${theme.bodyClass}`).count(), 1, `the webview still wears the ${theme.label} theme`)
    })
  }
})
