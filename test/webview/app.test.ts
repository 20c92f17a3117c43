/**
 * The whole app in chromium against the fake host, under the webview CSP: the dialog list, a chat with a
 * photo and code, the virtualized 10,000-message chat, the composer, live updates, the hostile chat, sign-in,
 * and state restored after a reload. Screenshots go to test/webview/.artifacts/.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { artifacts, assertClean, chromiumForApp, dialogRow, openChat, scrollHistoryUntil } from './app-page'
import { openHarness } from './serve'

const DEVS = 'Telegram Workbench Devs'

interface HarnessHooks {
  commands: { kind: string; method: string; params: Record<string, unknown> }[]
  incoming(peerId: string, text: string): number
}
const hooks = (page: Page) => page.evaluate(() => (window as unknown as { __harness: HarnessHooks }).__harness.commands)

describe('chat webview app in chromium', () => {
  const app = chromiumForApp()

  for (const theme of ['dark-plus', 'light-plus'] as const) {
    it(`shows the dialog list, a chat and the lightbox in ${theme} (screenshots)`, async () => {
      const harness = await openHarness(app.browser, app.bundles, { theme })
      const { page } = harness
      const devs = dialogRow(page, DEVS)
      await devs.waitFor()
      assert.equal((await devs.locator('.unread-badge').textContent())?.trim(), '3')
      assert.equal(await devs.locator('.mention-badge').count(), 1)
      assert.ok((await page.locator('.archive-row').textContent())?.includes('Archived chats'))
      await page.waitForTimeout(200)
      await page.screenshot({ path: join(artifacts, `dialogs-${theme}.png`) })

      await openChat(page, DEVS)
      assert.ok(await page.locator('.unread-separator').isVisible(), 'opens at the first unread message')
      await page.waitForTimeout(200)
      await page.screenshot({ path: join(artifacts, `chat-${theme}.png`) })
      await scrollHistoryUntil(page, '.media-photo img')
      await page.locator('.media-photo').scrollIntoViewIfNeeded()
      assert.equal(await page.locator('.media-photo img').count(), 1, 'the photo thumbnail')
      // The screenshot waits for the photo's own rendition, not its preview still decoding.
      await page.locator('.media-photo img.media-image:not(.media-preview)').waitFor()
      assert.ok(await page.locator('.code-block .tok-keyword').count() > 0, 'a highlighted code block')
      await page.screenshot({ path: join(artifacts, `chat-media-${theme}.png`) })

      await page.locator('.media-photo').click()
      await page.locator('.lightbox-image.full').waitFor()
      await page.screenshot({ path: join(artifacts, `lightbox-${theme}.png`) })
      await page.keyboard.press('Escape')
      assert.equal(await page.locator('.lightbox').count(), 0)
      assertClean(harness)
      await page.context().close()
    })
  }

  it('moves through the dialog list with arrows, opens with Enter and goes back with Escape', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, DEVS).waitFor()
    await page.locator('.dialog-list').focus()
    await page.keyboard.press('ArrowDown')
    const selected = page.locator('.dialog[aria-selected="true"]')
    assert.ok((await selected.textContent())?.includes(DEVS))
    await page.keyboard.press('Enter')
    await page.locator('.chat-title', { hasText: DEVS }).waitFor()
    await page.locator('.history').focus()
    await page.keyboard.press('Escape')
    await page.locator('.dialog-list').waitFor()
    assertClean(harness)
    await page.context().close()
  })

  it('keeps the DOM to a window of rows while scrolling through 10,000 loaded messages', async () => {
    const harness = await openHarness(app.browser, app.bundles, { query: 'historyPage=10000' })
    const { page } = harness
    await dialogRow(page, 'MTProto Implementers').waitFor()
    await openChat(page, 'MTProto Implementers')
    const sizes: { rows: number; nodes: number }[] = []
    for (const fraction of [1, 0.75, 0.5, 0.25, 0]) {
      await page.evaluate((f) => {
        const history = document.querySelector('.history')!
        history.scrollTop = (history.scrollHeight - history.clientHeight) * f
      }, fraction)
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
      sizes.push(await page.evaluate(() => ({ rows: document.querySelectorAll('.history .row').length, nodes: document.querySelectorAll('.history *').length })))
    }
    for (const size of sizes) {
      assert.ok(size.rows > 5 && size.rows < 200, `rows in the DOM: ${size.rows}`)
      assert.ok(size.nodes < 4000, `nodes in the history: ${size.nodes}`)
    }
    // At the very top, the first message is there.
    assert.equal(await page.locator('.row.date-separator').first().isVisible(), true)
    assertClean(harness)
    await page.context().close()
  })

  it('shows a sent message at once, then its read receipt, and moves live dialogs to the top', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, 'Alice Johnson').waitFor()
    await openChat(page, 'Alice Johnson')
    await page.locator('.composer-input').fill('Hello from the composer\nsecond line')
    await page.locator('.composer-input').press('Enter')
    const sent = page.locator('.row.message.out', { hasText: 'Hello from the composer' })
    await sent.waitFor()
    await sent.locator('.codicon-check-all').waitFor()
    const commands = await hooks(page)
    assert.ok(commands.some((c) => c.method === 'chat/send' && c.params.text === 'Hello from the composer\nsecond line'))

    await page.keyboard.press('Escape')
    await dialogRow(page, DEVS).waitFor()
    await page.evaluate(() => (window as unknown as { __harness: HarnessHooks }).__harness.incoming('-100700', 'A live message'))
    // Pinned dialogs keep their places; the live one goes straight under them.
    await page.waitForFunction(() => document.querySelectorAll('.dialog:not(.archive-row) .dialog-title')[2]?.textContent?.includes('MTProto Implementers'))
    const titles = await page.locator('.dialog:not(.archive-row) .dialog-title').allTextContents()
    assert.deepEqual(titles.slice(0, 3).map((t) => t.trim()), [DEVS, 'Alice Johnson', 'MTProto Implementers'])
    assertClean(harness)
    await page.context().close()
  })

  it('edits the last outgoing message with Up, and offers "send as file" past 4,096 characters', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, DEVS).waitFor()
    await openChat(page, DEVS)
    const input = page.locator('.composer-input')
    await input.focus()
    await page.keyboard.press('ArrowUp')
    assert.equal(await input.inputValue(), 'Pushed the fix for the salt rotation, please review.')
    await input.fill('Pushed the fix, reviewed.')
    await input.press('Enter')
    await page.locator('.row.message.out', { hasText: 'Pushed the fix, reviewed.' }).waitFor()

    await input.fill('x'.repeat(5000))
    await input.press('Enter')
    await page.locator('.composer-banner', { hasText: 'Send as file' }).waitFor()
    await page.locator('.composer-banner vscode-button').click()
    assert.ok((await hooks(page)).some((c) => c.method === 'chat/sendAsFile' && (c.params.text as string).length === 5000))
    assertClean(harness)
    await page.context().close()
  })

  it('reaches messages with the arrow keys and opens their actions with Enter, down to Delete for Me', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, 'Alice Johnson').waitFor()
    await openChat(page, 'Alice Johnson')
    await page.locator('.history').focus()
    await page.keyboard.press('ArrowUp')
    const newest = await page.evaluate(() => document.activeElement?.textContent ?? '')
    await page.keyboard.press('ArrowUp')
    const older = await page.evaluate(() => document.activeElement?.textContent ?? '')
    assert.notEqual(older, newest, 'focus moved to an older message')
    await page.keyboard.press('Enter')
    await page.locator('.context-menu [role="menuitem"]', { hasText: 'Reply' }).waitFor()
    await page.keyboard.press('ArrowDown')
    await page.locator('.context-menu [role="menuitem"]', { hasText: 'Delete for Me' }).click()
    await page.waitForFunction((text) => ![...document.querySelectorAll('.row.message')].some((row) => row.textContent === text), older)
    assert.ok((await hooks(page)).some((c) => c.method === 'chat/delete' && c.params.forEveryone === false))
    assertClean(harness)
    await page.context().close()
  })

  it("sends files dropped from VS Code's Explorer as URIs for the host to read", async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, 'Alice Johnson').waitFor()
    await openChat(page, 'Alice Johnson')
    await page.evaluate(() => {
      const data = new DataTransfer()
      data.setData('application/vnd.code.uri-list', 'file:///work/notes.md\r\nfile:///work/main.ts')
      const history = document.querySelector('.history')!
      history.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }))
      history.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await page.waitForFunction(() => (window as unknown as { __harness: HarnessHooks }).__harness.commands.some((c) => c.method === 'chat/dropFiles'))
    const drop = (await hooks(page)).find((c) => c.method === 'chat/dropFiles')!
    assert.deepEqual(drop.params.files, { kind: 'uris', uris: ['file:///work/notes.md', 'file:///work/main.ts'] })
    assert.equal(await page.locator('.drop-overlay.visible').count(), 0, 'the drop overlay is gone')
    assertClean(harness)
    await page.context().close()
  })

  it('downloads a document with progress, then offers Open and Reveal', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, DEVS).waitFor()
    await openChat(page, DEVS)
    await scrollHistoryUntil(page, '.media-file:has-text("mtproto-spec.pdf")')
    const card = page.locator('.media-file', { hasText: 'mtproto-spec.pdf' })
    await card.scrollIntoViewIfNeeded()
    await card.locator('.text-action', { hasText: 'Download' }).click()
    await card.locator('.progress-bar').waitFor()
    await card.locator('.text-action', { hasText: 'Reveal' }).waitFor()
    await card.locator('.text-action', { hasText: 'Open' }).click()
    assert.ok((await hooks(page)).some((c) => c.method === 'media/open'))
    assertClean(harness)
    await page.context().close()
  })

  it('renders the hostile chat without running anything or breaking the CSP', async () => {
    const harness = await openHarness(app.browser, app.bundles, { query: 'historyPage=1000' })
    const { page } = harness
    await dialogRow(page, 'Hostile').waitFor()
    await dialogRow(page, 'Hostile').click()
    await page.locator('.row.message').first().waitFor()
    for (let step = 0; step < 40; step++) {
      const top = await page.evaluate(() => {
        const history = document.querySelector('.history')!
        history.scrollTop -= history.clientHeight
        return history.scrollTop
      })
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
      if (top === 0) break
    }
    await page.waitForTimeout(300)
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined)
    assert.equal(await page.locator('.history img:not(.avatar):not(.media-image):not(.media-sticker)').count(), 0)
    assert.equal(await page.locator('.history script, .history iframe, .history [onerror], .history [href]').count(), 0)
    // The file name's right-to-left override is gone, so ".exe" cannot pose as ".pdf".
    await page.evaluate(() => {
      const history = document.querySelector('.history')!
      history.scrollTop = history.scrollHeight
    })
    await page.locator('.media-file-name').last().waitFor()
    assert.equal(await page.locator('.media-file-name').last().textContent(), 'reportfdp.exe')
    assertClean(harness)
    await page.context().close()
  })

  it('signs in through phone, code and password forms that post commands', async () => {
    const harness = await openHarness(app.browser, app.bundles, { query: 'signedOut=1' })
    const { page } = harness
    await page.locator('vscode-button', { hasText: 'Sign in with phone number' }).click()
    const fill = async (value: string) => {
      const field = page.locator('.sign-in-field')
      await field.waitFor()
      await field.locator('input').fill(value)
      await field.locator('input').press('Enter')
    }
    await fill('+99966 1 2345')
    await page.locator('h2', { hasText: 'Enter the code' }).waitFor()
    await fill('11111')
    await page.locator('.error', { hasText: 'The code is wrong' }).waitFor()
    await fill('12345')
    await page.locator('h2', { hasText: 'Two-step verification' }).waitFor()
    await fill('hunter2')
    await dialogRow(page, DEVS).waitFor()
    const methods = (await hooks(page)).map((c) => c.method)
    for (const method of ['auth/choose', 'auth/submitPhone', 'auth/submitCode', 'auth/submitPassword']) assert.ok(methods.includes(method), method)
    assertClean(harness)
    await page.context().close()
  })

  it('restores the open chat and its draft instantly after the view is hidden and shown', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await dialogRow(page, DEVS).waitFor()
    await openChat(page, DEVS)
    await page.locator('.composer-input').fill('half-written thought')
    await page.waitForTimeout(400)
    // A reload drops the page, as VS Code does with a hidden webview; getState is all that survives.
    await page.reload()
    await page.locator('.chat-title', { hasText: DEVS }).waitFor()
    assert.equal(await page.locator('.composer-input').inputValue(), 'half-written thought')
    assert.ok((await page.locator('.row.message').count()) > 0)
    assertClean(harness)
    await page.context().close()
  })
})
