/**
 * The app in chromium against the fake host: avatars and photo renditions asked for only when their rows come
 * into view, hashtag search with results that jump to the message, and the saved state an editor tab is
 * restored from (the chat it holds, drawn at once without asking the host again).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { artifacts, assertClean, chromiumForApp, dialogRow, openChat, scrollHistoryUntil } from './app-page'
import { openHarness } from './serve'

const DEVS = 'Telegram Workbench Devs'
const DEVS_ID = '-100500'

interface Command {
  kind: string
  method: string
  params: Record<string, unknown>
}
interface Hooks {
  commands: Command[]
  notify(method: string, params: unknown): void
}

const commands = (page: Page, method: string) =>
  page.evaluate((wanted) => (window as unknown as { __harness: Hooks }).__harness.commands.filter((c) => c.method === wanted), method)
const notify = (page: Page, method: string, params: unknown) =>
  page.evaluate(([m, p]) => (window as unknown as { __harness: Hooks }).__harness.notify(m as string, p), [method, params] as const)

describe('chat webview images, search and restore in chromium', () => {
  const app = chromiumForApp()

  it('asks for the avatars of the dialog rows in view only, and shows each photo in place of its preview', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    const alice = dialogRow(page, 'Alice Johnson')
    await alice.locator('img.avatar:not(.avatar-preview)').waitFor()
    await page.waitForTimeout(300)
    const asked = (await commands(page, 'peer/photo')).map((c) => c.params.peerId as string)
    assert.ok(asked.includes('2000'), 'Alice, in view, was asked for')
    // Every dialog with a photo that was asked for is in view (or within the look-ahead margin); the rest wait.
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.dialog:not(.archive-row)')].map((row) => ({ preview: row.querySelector('.avatar-preview') !== null, top: row.getBoundingClientRect().top })),
    )
    const waiting = rows.filter((row) => row.preview)
    assert.ok(waiting.length > 0, 'some dialogs far down have a photo not asked for yet')
    for (const row of waiting) assert.ok(row.top > 760, `a row still on its preview is out of view (top ${row.top})`)
    assert.equal(new Set(asked).size, asked.length, 'each photo is asked for once')

    const before = asked.length
    await page.evaluate(() => {
      const scroller = document.querySelector('.dialog-scroller')!
      scroller.scrollTop = scroller.scrollHeight
    })
    await page.waitForFunction((count) => (window as unknown as { __harness: Hooks }).__harness.commands.filter((c) => c.method === 'peer/photo').length > count, before)
    assertClean(harness)
    await page.context().close()
  })

  it("shows a photo's stripped preview, then its small rendition, and a group sender's avatar", async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await openChat(page, DEVS)
    await scrollHistoryUntil(page, '.media-photo')
    await page.locator('.media-photo').scrollIntoViewIfNeeded()
    await page.locator('.media-photo img.media-image:not(.media-preview)').waitFor()
    assert.ok((await commands(page, 'media/thumb')).some((c) => c.params.peerId === DEVS_ID))
    // The photo's sender (Dmitri) has a profile photo; the row shows it.
    const row = page.locator('.row.message', { has: page.locator('.media-photo') })
    await row.locator('img.avatar:not(.avatar-preview)').waitFor()
    await page.screenshot({ path: join(artifacts, 'photo-rendition.png') })
    assertClean(harness)
    await page.context().close()
  })

  it('searches the chat when a hashtag is clicked, and a result jumps to its message', async () => {
    const harness = await openHarness(app.browser, app.bundles)
    const { page } = harness
    await openChat(page, DEVS)
    await scrollHistoryUntil(page, '.ent-hashtag')
    await page.locator('.ent-hashtag').last().click()
    const results = page.locator('.search-result')
    await results.first().waitFor()
    assert.equal(await results.count(), 2)
    assert.deepEqual((await commands(page, 'chat/search')).map((c) => c.params.query), ['#mtproto'])
    await page.screenshot({ path: join(artifacts, 'hashtag-search.png') })
    // Newest first: the second result is the older call-notes message.
    await results.nth(1).click()
    assert.equal(await page.locator('.search-results').isVisible(), false)
    await page.locator('.row.highlighted', { hasText: 'Call notes are filed under' }).waitFor()
    // Escape closes the panel without leaving the chat.
    await page.locator('.ent-hashtag').first().click()
    await results.first().waitFor()
    await page.keyboard.press('Escape')
    assert.equal(await page.locator('.search-results').isVisible(), false)
    assert.equal(await page.locator('.chat-title', { hasText: DEVS }).count(), 1)
    assertClean(harness)
    await page.context().close()
  })

  it('saves which chat an editor tab holds, and draws it at once after a reload without asking again', async () => {
    const harness = await openHarness(app.browser, app.bundles, { mode: 'panel' })
    const { page } = harness
    await page.evaluate(() => sessionStorage.removeItem('harness-state'))
    await notify(page, 'view/showChat', { peerId: DEVS_ID })
    await page.locator('.chat-title', { hasText: DEVS }).waitFor()
    await page.locator('.row.message').first().waitFor()
    assert.equal(await page.locator('.chat-header vscode-button[title^="Back"]').count(), 0, 'an editor tab has no way back to a list it does not show')
    await page.waitForFunction(() => JSON.parse(sessionStorage.getItem('harness-state') ?? '{}').openChat !== undefined)
    assert.equal(await page.evaluate(() => JSON.parse(sessionStorage.getItem('harness-state')!).openChat), DEVS_ID)

    await page.reload()
    // Drawn from the saved state before the host is asked for anything.
    await page.locator('.chat-title', { hasText: DEVS }).waitFor()
    assert.ok((await page.locator('.row.message').count()) > 0)
    await page.waitForTimeout(300)
    const infos = (await commands(page, 'chat/info')).length
    // The host's hand-off names the same chat: the view stays as it is.
    await notify(page, 'view/showChat', { peerId: DEVS_ID })
    await page.waitForTimeout(300)
    assert.equal((await commands(page, 'chat/info')).length, infos)

    // A mention of someone else opens their chat in a tab of its own, not in this one.
    await notify(page, 'view/showChat', { peerId: '2000' })
    await page.waitForTimeout(200)
    assert.deepEqual((await commands(page, 'chat/openInEditor')).map((c) => c.params.peerId), ['2000'])
    assert.equal(await page.locator('.chat-title', { hasText: DEVS }).count(), 1)
    assertClean(harness)
    await page.context().close()
  })
})
