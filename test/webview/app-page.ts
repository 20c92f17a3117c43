/**
 * What the chromium tests of the whole app share: one browser and one build of the bundles for a describe, and
 * the page steps they all take (find a dialog row, open a chat, scroll its history, check the page stayed clean).
 */
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { bundle, launchChromium, type Bundles, type HarnessPage } from './serve'

/** Where the app tests' screenshots go. */
export const artifacts = join(__dirname, '.artifacts')

export interface AppBrowser {
  readonly browser: Browser
  readonly bundles: Bundles
}

/** Builds the bundles and launches chromium before the tests of the enclosing describe; closes it after them. */
export function chromiumForApp(): AppBrowser {
  let browser: Browser | undefined
  let bundles: Bundles | undefined
  before(async () => {
    mkdirSync(artifacts, { recursive: true })
    bundles = await bundle()
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
  })
  return {
    get browser() {
      assert.ok(browser, 'chromium starts in the before hook')
      return browser
    },
    get bundles() {
      assert.ok(bundles, 'the bundles are built in the before hook')
      return bundles
    },
  }
}

/** The dialog row whose title (not preview) has `title`. */
export const dialogRow = (page: Page, title: string) => page.locator('.dialog').filter({ has: page.locator('.dialog-title', { hasText: title }) }).first()

/** Two animation frames: enough for the virtual list to render what a scroll brought into view. */
export const nextFrames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))

/** Opens the chat from its dialog row and waits for its title and first message. */
export async function openChat(page: Page, title: string): Promise<void> {
  await dialogRow(page, title).click()
  await page.locator('.chat-title', { hasText: title }).waitFor()
  await page.locator('.row.message').first().waitFor()
}

/** Scrolls the history up, half a screen at a time, until `selector` is in the DOM window. */
export async function scrollHistoryUntil(page: Page, selector: string): Promise<void> {
  for (let step = 0; step < 50 && (await page.locator(selector).count()) === 0; step++) {
    await page.evaluate(() => {
      const history = document.querySelector('.history')!
      history.scrollTop -= history.clientHeight / 2
    })
    await nextFrames(page)
  }
}

/** The page broke no CSP rule and threw nothing. */
export function assertClean(harness: HarnessPage): void {
  assert.deepEqual(harness.cspViolations, [], 'no CSP violations')
  assert.deepEqual(harness.pageErrors, [], 'no page errors')
}
