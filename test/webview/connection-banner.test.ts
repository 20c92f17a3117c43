/**
 * The app in chromium against the fake host while the account's connection is down: the dialog list and the open
 * chat stay on screen under a slim banner that counts down to the next attempt and offers Retry now, sending
 * pauses without losing the typed text, a send that fails puts its text back, and everything reloads once the
 * connection is back. Screenshots go to test/webview/.artifacts/.
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { bundle, launchChromium, openHarness, type Bundles, type HarnessPage } from './serve'

const artifacts = join(__dirname, '.artifacts')
const DEVS = 'Telegram Workbench Devs'

interface Hooks {
  commands: { kind: string; method: string; params: Record<string, unknown> }[]
  connection(connection: 'connecting' | 'connected' | 'offline', retryAt?: number): void
}

const commands = (page: Page, method: string) =>
  page.evaluate((wanted) => (window as unknown as { __harness: Hooks }).__harness.commands.filter((c) => c.method === wanted).length, method)
/** The connection changes; a retry is due `retryInMs` from now by the page's clock. */
const setConnection = (page: Page, connection: 'connecting' | 'connected' | 'offline', retryInMs?: number) =>
  page.evaluate(([c, ms]) => (window as unknown as { __harness: Hooks }).__harness.connection(c as 'offline', ms === undefined ? undefined : Date.now() + (ms as number)), [connection, retryInMs] as const)
const dialogRow = (page: Page, title: string) => page.locator('.dialog').filter({ has: page.locator('.dialog-title', { hasText: title }) }).first()

function assertClean(harness: HarnessPage): void {
  assert.deepEqual(harness.cspViolations, [], 'no CSP violations')
  assert.deepEqual(harness.pageErrors, [], 'no page errors')
}

describe('chat webview while the connection is down, in chromium', () => {
  let browser: Browser
  let bundles: Bundles

  before(async () => {
    mkdirSync(artifacts, { recursive: true })
    bundles = await bundle()
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
  })

  for (const theme of ['dark-plus', 'light-plus'] as const) {
    it(`keeps the chats and the typed text offline, counts down with Retry now, and reloads once connected (${theme})`, async () => {
      const harness = await openHarness(browser, bundles, { theme })
      const { page } = harness
      await dialogRow(page, DEVS).click()
      await page.locator('.chat-title', { hasText: DEVS }).waitFor()
      await page.locator('.row.message').first().waitFor()
      const banner = page.locator('.connection-banner')
      assert.equal(await banner.isVisible(), false, 'no banner while connected')

      await setConnection(page, 'offline', 30_000)
      await banner.waitFor()
      assert.match((await banner.locator('.connection-label').textContent()) ?? '', /^Waiting for network… retrying in \d+ s$/)
      assert.ok(await page.locator('.row.message').first().isVisible(), 'the open chat stays on screen')

      // Enter does not send: the text stays in the box, and the composer says why.
      const input = page.locator('.composer-input')
      await input.fill('Written on the train')
      await input.press('Enter')
      await page.locator('.offline-note').waitFor()
      assert.equal(await input.inputValue(), 'Written on the train')
      assert.equal(await commands(page, 'chat/send'), 0, 'nothing was sent')
      await page.screenshot({ path: join(artifacts, `offline-chat-${theme}.png`) })

      // Back to the list: the cached dialogs are drawn although the host cannot answer.
      await page.locator('.chat-header vscode-button[aria-label="Back to chats"]').click()
      await dialogRow(page, DEVS).waitFor()
      assert.ok((await page.locator('.dialog:not(.archive-row)').count()) > 5, 'the cached dialogs are listed')
      assert.equal(await page.locator('.toast.visible').count(), 0, 'no error toast while offline')
      await page.screenshot({ path: join(artifacts, `offline-dialogs-${theme}.png`) })

      await banner.locator('.banner-action', { hasText: 'Retry now' }).click()
      assert.equal(await commands(page, 'app/reconnect'), 1)

      // Connected again: the banner goes, the list is read again, and the kept text is sent from the chat.
      const listsBefore = await commands(page, 'dialogs/list')
      await setConnection(page, 'connected')
      await banner.waitFor({ state: 'hidden' })
      await page.waitForFunction((count) => (window as unknown as { __harness: Hooks }).__harness.commands.filter((c) => c.method === 'dialogs/list').length > count, listsBefore)
      await dialogRow(page, DEVS).click()
      await page.locator('.chat-title', { hasText: DEVS }).waitFor()
      assert.equal(await input.inputValue(), 'Written on the train', 'the draft survived leaving the chat')
      await input.press('Enter')
      await page.locator('.row.message', { hasText: 'Written on the train' }).waitFor()
      assert.equal(await input.inputValue(), '')
      assertClean(harness)
      await page.context().close()
    })
  }

  it('keeps the newest message in view when the banner and the offline note take room from the history', async () => {
    const harness = await openHarness(browser, bundles)
    const { page } = harness
    await dialogRow(page, 'Alice Johnson').click()
    await page.locator('.row.message').first().waitFor()
    // The list settles within a frame or two of each resize: wait for it rather than for a time.
    const newestInView = () =>
      page.waitForFunction(() => {
        const history = document.querySelector('.history')!.getBoundingClientRect()
        const rows = [...document.querySelectorAll('.row.message')]
        const newest = rows[rows.length - 1]!.getBoundingClientRect()
        return newest.bottom <= history.bottom + 1 && newest.bottom > history.top
      })
    await newestInView()
    await setConnection(page, 'offline', 30_000)
    const input = page.locator('.composer-input')
    await input.fill('A long message that wraps onto more than one line in a narrow sidebar, and then a little more text')
    await input.press('Enter')
    await page.locator('.offline-note').waitFor()
    await newestInView()
    assertClean(harness)
    await page.context().close()
  })

  it('puts the text of a send that fails back into the box', async () => {
    const harness = await openHarness(browser, bundles)
    const { page } = harness
    await dialogRow(page, DEVS).click()
    await page.locator('.row.message').first().waitFor()
    // Reconnecting (not offline): sending is allowed, and this request fails.
    await setConnection(page, 'connecting', 0)
    const input = page.locator('.composer-input')
    await input.fill('Lost in the tunnel')
    await input.press('Enter')
    await page.locator('.toast.visible', { hasText: 'The message was not sent' }).waitFor()
    assert.equal(await input.inputValue(), 'Lost in the tunnel')
    assert.equal(await page.locator('.connection-label').textContent(), 'Reconnecting…')
    assertClean(harness)
    await page.context().close()
  })
})
