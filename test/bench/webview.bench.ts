/**
 * The chat webview in chromium, through the dev harness: time to first paint of a 1,000-message chat,
 * frames while flinging through 10,000 loaded messages and the DOM size meanwhile, and the minified bundle.
 * No peer renders our protocol, so these figures stand alone (`peers: []`).
 */
import type { Page } from 'playwright-core'
import type { Bench } from './harness'
import { bundle, launchChromium, openHarness } from '../webview/serve'

/** A frame that took longer than one 60 Hz vsync plus a little jitter missed its deadline. */
const FRAME_BUDGET_MS = 16.7
const MISSED_FRAME_MS = FRAME_BUDGET_MS * 1.2

async function openChatTimed(page: Page, title: string): Promise<number> {
  return page.evaluate(async (wanted) => {
    const row = [...document.querySelectorAll<HTMLElement>('.dialog')].find((r) => r.querySelector('.dialog-title')?.textContent?.includes(wanted))!
    const start = performance.now()
    row.click()
    while (!document.querySelector('.history .row.message')) await new Promise((resolve) => setTimeout(resolve, 0))
    // The frame that shows it: after the next paint.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    return performance.now() - start
  }, title)
}

export default async function webviewBench(b: Bench): Promise<void> {
  const minified = await bundle(true)
  b.record({ name: 'webview bundle (dist/webview.js, minified)', unit: 'KB', higherIsBetter: false, ours: Buffer.byteLength(minified.appJs) / 1024, peers: [], note: `goal < 300 KB; CSS ${(Buffer.byteLength(minified.appCss) / 1024).toFixed(1)} KB; codicons not counted` })

  const bundles = await bundle()
  const browser = await launchChromium()
  try {
    // Time to first paint of a chat whose history answer holds 1,000 messages.
    const first = await openHarness(browser, bundles, { query: 'historyPage=1000' })
    await first.page.locator('.dialog-title', { hasText: 'Bench: 1,000 messages' }).waitFor()
    const times: number[] = []
    for (let run = 0; run < 7; run++) {
      times.push(await openChatTimed(first.page, 'Bench: 1,000 messages'))
      await first.page.keyboard.press('Escape')
      await first.page.locator('.dialog-title', { hasText: 'Bench: 1,000 messages' }).waitFor()
    }
    times.sort((x, y) => x - y)
    b.record({ name: 'webview: first paint of a 1,000-message chat (median of 7)', unit: 'ms', higherIsBetter: false, ours: times[3], peers: [], note: `fake host answers at once; min ${times[0].toFixed(1)} ms` })
    await first.page.context().close()

    // A fling from the newest to the oldest of 10,000 loaded messages, one step per frame.
    const big = await openHarness(browser, bundles, { query: 'historyPage=10000' })
    await big.page.locator('.dialog-title', { hasText: 'MTProto Implementers' }).waitFor()
    await openChatTimed(big.page, 'MTProto Implementers')
    // (No named functions inside: tsx would wrap them in a helper the page does not have.)
    const scroll = await big.page.evaluate(async () => {
      const history = document.querySelector<HTMLElement>('.history')!
      history.scrollTop = history.scrollHeight
      await new Promise((resolve) => requestAnimationFrame(resolve))
      const frames: number[] = []
      let maxNodes = 0
      let maxRows = 0
      let last = performance.now()
      while (history.scrollTop > 0) {
        history.scrollTop -= history.clientHeight * 1.5
        await new Promise((resolve) => requestAnimationFrame(resolve))
        const now = performance.now()
        frames.push(now - last)
        last = now
        maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length)
        maxRows = Math.max(maxRows, document.querySelectorAll('.history .row').length)
      }
      frames.sort((x, y) => x - y)
      return { frames, maxNodes, maxRows }
    })
    const missed = scroll.frames.filter((f) => f > MISSED_FRAME_MS).length
    const p95 = scroll.frames[Math.floor(scroll.frames.length * 0.95)]
    b.record({ name: 'webview: frames over 16 ms scrolling 10,000 messages', unit: 'frames', higherIsBetter: false, ours: missed, peers: [], note: `${scroll.frames.length} frames, p95 ${p95.toFixed(1)} ms, worst ${scroll.frames[scroll.frames.length - 1].toFixed(1)} ms (1.5 viewports per frame)` })
    b.record({ name: 'webview: DOM nodes while scrolling 10,000 messages (max)', unit: 'nodes', higherIsBetter: false, ours: scroll.maxNodes, peers: [], note: `whole document; at most ${scroll.maxRows} history rows in the DOM` })
    await big.page.context().close()
  } finally {
    await browser.close()
  }
}
