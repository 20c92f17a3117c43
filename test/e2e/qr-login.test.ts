// QR login in a real VS Code against the sandbox: the sidebar's sign-in draws the code on a canvas, the test reads
// the canvas pixels back and decodes them as a phone would, a client already signed in as the same account accepts
// the token, and the dialog list appears. Escape leaves a shown code for the choice of ways in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import decodeQR from 'qr/decode.js'
import type { TelegramClient } from '../../extension/mtproto'
import { signedInClient } from '../client/support'
import type { Sandbox } from '../sandbox/server'
import { openSandboxWindow, type SandboxWindow, type Workbench } from './harness'

describe('journey: sign in by QR code from the sidebar, on the sandbox', () => {
  let opened: SandboxWindow | undefined
  let sandbox: Sandbox
  let workbench: Workbench
  let phone: TelegramClient | undefined
  const view = () => workbench.webviewView()
  const qrButton = () => view().getByRole('button', { name: /Sign in with QR code/ })

  /** Reads the QR canvas's pixels in the page and decodes them here; returns the login token. */
  async function scanCanvas(): Promise<Uint8Array> {
    const canvas = view().locator('canvas.qr')
    await canvas.waitFor({ state: 'visible' })
    const image = await canvas.evaluate((element: HTMLCanvasElement) => {
      const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height)
      return { width: pixels.width, height: pixels.height, data: Array.from(pixels.data) }
    })
    const url = decodeQR({ width: image.width, height: image.height, data: Uint8Array.from(image.data) })
    assert.match(url, /^tg:\/\/login\?token=[\w-]+$/)
    return Buffer.from(url.slice('tg://login?token='.length), 'base64url')
  }

  before(async () => {
    opened = await openSandboxWindow({ name: 'qr-login' })
    sandbox = opened.sandbox
    workbench = opened.workbench
  })

  after(async () => {
    await phone?.disconnect()
    await opened?.close()
  })

  it('shows a QR code in the sidebar, and Escape goes back to the ways in', async () => {
    await workbench.page.locator('.activitybar [aria-label^="Telegram"]').first().click()
    await qrButton().click()
    await scanCanvas()
    await workbench.screenshot('qr-code')
    await view().locator('section.sign-in').press('Escape')
    await qrButton().waitFor({ state: 'visible' })
    await view().locator('canvas.qr').waitFor({ state: 'detached' })
  })

  it('signs in when a phone signed in as the same account accepts the code, and lists the chats', async () => {
    const ada = sandbox.seed!.accounts.find((seeded) => seeded.key === 'ada')!
    phone = await signedInClient(sandbox, 'ada')
    const sessionsBefore = sandbox.world.authorizations.ofAccount(ada.id).length
    await qrButton().click()
    const token = await scanCanvas()
    await phone.invoke({ _: 'auth.acceptLoginToken', token })

    const rows = view().locator('[role="listbox"] .dialog[role="option"]')
    await rows.first().waitFor({ state: 'visible', timeout: 30_000 })
    await workbench.screenshot('signed-in-by-qr')
    const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''))
    assert.ok(labels.some((label) => /Grace/.test(label)), `Ada's chat with Grace is listed: ${labels.join(' | ')}`)
    // A new session of Ada's exists on the sandbox: the workbench's own.
    assert.equal(sandbox.world.authorizations.ofAccount(ada.id).length, sessionsBefore + 1)
    const status = workbench.statusBarItem('telegramWorkbench.status')
    await status.hover()
    await workbench.page.locator('.monaco-hover-content', { hasText: /connected — Ada Lovelace/ }).filter({ visible: true }).first().waitFor()
  })
})
