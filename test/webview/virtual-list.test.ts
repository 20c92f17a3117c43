/**
 * The virtualized history list on its own, in chromium: rows whose real height is far from the estimate, rows
 * that change height after they were drawn (a sticker's emoji replaced by its thumbnail), and newer rows added
 * while the reader is at the very bottom of a window that is not the latest.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, afterEach, before, describe, it } from 'node:test'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './serve'

/** What the page exposes: a list of plain rows whose heights the test chooses. */
interface ListPage {
  /** `later`: the height a row takes a moment after it is drawn, as media does when its thumbnail arrives. */
  show(rows: { height: number; later?: number }[], estimate: number): void
  append(rows: { height: number }[], position?: 'follow' | 'keep'): void
  /** Indexes of the rows that intersect the viewport. */
  visible(): number[]
  scrollBy(pixels: number): Promise<void>
  scrollToBottom(): Promise<void>
  scroller(): { scrollTop: number; scrollHeight: number; clientHeight: number }
  rowTop(index: number): number | undefined
}

const PAGE_SOURCE = `
import { VirtualList } from './webview/chat/virtual-list'
const style = document.createElement('style')
style.textContent = 'body{margin:0} .history{position:absolute;inset:0;overflow-y:auto;overflow-anchor:none;contain:strict} .virtual-content{position:relative} .row{contain:layout style}'
document.head.append(style)
const scroller = document.createElement('div')
scroller.className = 'history'
document.body.append(scroller)
let items = []
let estimate = 40
const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
const list = new VirtualList(scroller, {
  keyOf: (item) => String(item.index),
  versionOf: () => '',
  estimateHeight: () => estimate,
  margin: 200,
  render(item) {
    const row = document.createElement('div')
    row.className = 'row'
    row.dataset.index = String(item.index)
    row.style.height = item.height + 'px'
    row.textContent = 'row ' + item.index
    if (item.later !== undefined) setTimeout(() => { row.style.height = item.later + 'px' }, 150)
    return row
  },
})
window.__list = {
  show(rows, newEstimate) {
    estimate = newEstimate
    items = rows.map((row, index) => ({ ...row, index }))
    list.setItems(items, 'bottom')
  },
  append(rows, position) {
    items = [...items, ...rows.map((row, offset) => ({ ...row, index: items.length + offset }))]
    list.setItems(items, position)
  },
  visible() {
    const top = scroller.scrollTop
    const bottom = top + scroller.clientHeight
    return [...scroller.querySelectorAll('.row')]
      .filter((row) => row.offsetTop + row.offsetHeight > top && row.offsetTop < bottom)
      .map((row) => Number(row.dataset.index))
  },
  async scrollBy(pixels) { scroller.scrollTop += pixels; await frames() },
  async scrollToBottom() { scroller.scrollTop = scroller.scrollHeight; await frames() },
  scroller: () => ({ scrollTop: scroller.scrollTop, scrollHeight: scroller.scrollHeight, clientHeight: scroller.clientHeight }),
  rowTop(index) {
    const row = scroller.querySelector('.row[data-index="' + index + '"]')
    return row ? row.offsetTop - scroller.scrollTop : undefined
  },
}
`

const call = <K extends keyof ListPage>(page: Page, method: K, ...args: Parameters<ListPage[K]>) =>
  page.evaluate(([name, params]) => (window as unknown as { __list: Record<string, (...a: unknown[]) => unknown> }).__list[name](...params), [method, args] as const) as Promise<Awaited<ReturnType<ListPage[K]>>>

/** Waits until the rows' delayed height changes have happened and the list has drawn the frames after them. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(resolve)), 250)))

describe('virtual list in chromium', () => {
  let browser: Browser
  let script: string
  let pageErrors: string[] = []

  before(async () => {
    const root = join(__dirname, '..', '..')
    const result = await build({ stdin: { contents: PAGE_SOURCE, resolveDir: root, loader: 'ts' }, bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' })
    script = result.outputFiles[0].text
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
  })

  afterEach(() => {
    assert.deepEqual(pageErrors, [], 'no page errors')
  })

  async function openList(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 320, height: 600 }, deviceScaleFactor: 1 })
    const page = await context.newPage()
    pageErrors = []
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    await page.setContent('<!doctype html><html><head></head><body></body></html>')
    await page.addScriptTag({ content: script })
    return page
  }

  /** Scrolls down by most of a screen at a time from the top, asserting rows cover the viewport at every step. */
  async function scrollDownThrough(page: Page, rowCount: number): Promise<void> {
    await page.evaluate(() => {
      document.querySelector('.history')!.scrollTop = 0
    })
    await settle(page)
    for (let step = 0; step < 2_000; step++) {
      const before = await call(page, 'scroller')
      await call(page, 'scrollBy', 0.8 * before.clientHeight)
      await settle(page)
      const visible = await call(page, 'visible')
      assert.ok(visible.length > 0, `rows are on screen at scrollTop ${(await call(page, 'scroller')).scrollTop}`)
      const now = await call(page, 'scroller')
      if (now.scrollTop + now.clientHeight >= now.scrollHeight - 1) break
    }
    assert.ok((await call(page, 'visible')).includes(rowCount - 1), 'the last row is on screen at the bottom')
  }

  it('draws the rows below rows far taller than their estimate, down to the last one', async () => {
    const page = await openList()
    const rows = Array.from({ length: 300 }, (_, index) => ({ height: index % 37 === 5 ? 1706 : 30 }))
    await call(page, 'show', rows, 40)
    await scrollDownThrough(page, rows.length)
  })

  it('draws the rows below a row that shrank after it was measured, down to the last one', async () => {
    const page = await openList()
    // A 1,706 px sticker emoji that becomes a 160 px thumbnail once drawn.
    const rows = Array.from({ length: 300 }, (_, index) => (index % 37 === 5 ? { height: 1706, later: 160 } : { height: 30 }))
    await call(page, 'show', rows, 40)
    await scrollDownThrough(page, rows.length)
    await call(page, 'scrollToBottom')
    await settle(page)
    assert.ok((await call(page, 'visible')).includes(rows.length - 1), 'the last row stays on screen at the bottom')
  })

  it('keeps the first visible row in place when a row above it changes height', async () => {
    const page = await openList()
    const rows = Array.from({ length: 200 }, (_, index) => (index === 100 ? { height: 100, later: 900 } : { height: 30 }))
    await call(page, 'show', rows, 30)
    await page.evaluate(() => {
      document.querySelector('.history')!.scrollTop = 100 * 30 + 150
    })
    // The row is drawn above the viewport now, and grows a moment later.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    const anchor = (await call(page, 'visible'))[0]
    const before = await call(page, 'rowTop', anchor)
    await settle(page)
    assert.equal(await call(page, 'rowTop', anchor), before, `row ${anchor} stays where it was on screen`)
  })

  it('keeps the reader\'s row in place when newer rows arrive while at the very bottom of an older window', async () => {
    const page = await openList()
    await call(page, 'show', Array.from({ length: 100 }, () => ({ height: 30 })), 30)
    await call(page, 'scrollToBottom')
    const last = (await call(page, 'visible')).at(-1)!
    assert.equal(last, 99)
    const before = await call(page, 'rowTop', last)
    await call(page, 'append', Array.from({ length: 100 }, () => ({ height: 30 })), 'keep')
    await settle(page)
    assert.equal(await call(page, 'rowTop', last), before, 'the row that was last on screen stays where it was')
    assert.ok(!(await call(page, 'visible')).includes(199), 'the new page is below, to be scrolled to')
  })

  it('follows new rows when at the bottom of the latest window', async () => {
    const page = await openList()
    await call(page, 'show', Array.from({ length: 100 }, () => ({ height: 30 })), 30)
    await call(page, 'scrollToBottom')
    await call(page, 'append', [{ height: 30 }], 'follow')
    await settle(page)
    assert.ok((await call(page, 'visible')).includes(100), 'the new row is on screen')
  })
})
