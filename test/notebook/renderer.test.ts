import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { type Browser, chromium, type Page } from 'playwright-core'
import { resultOutput, TL_TREE_MIME } from '../../extension/notebook/outputs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const artifacts = join(root, 'test/notebook/.artifacts')

const HOSTILE = '<img src=x onerror="window.pwned=1"><b>bold</b>'
const DATE = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000

/** A getHistory answer with three messages, as the notebook would show it. */
function historyResult() {
  const message = (id: number, text: string) => ({
    _: 'message',
    out: id === 3,
    id,
    from_id: { _: 'peerUser', user_id: 9007199254740993n },
    peer_id: { _: 'peerUser', user_id: 777000n },
    date: DATE + id,
    message: text,
    entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
  })
  return {
    _: 'messages.messages',
    messages: [message(3, 'Hello from grace'), message(2, HOSTILE), message(1, 'first')],
    topics: [],
    chats: [],
    users: [{ _: 'user', id: 9007199254740993n, access_hash: -6309373984955162244n, first_name: 'Grace', username: 'grace_hopper', photo: { _: 'userProfilePhoto', photo_id: 5n, dc_id: 2, stripped_thumb: new Uint8Array([1, 40, 40, 0xff, 0xd8]) } }],
  }
}

const HARNESS = `<!doctype html>
<html><head><meta charset="utf-8">
<style>
  :root {
    --vscode-editor-font-family: "DejaVu Sans Mono", monospace; --vscode-editor-font-size: 13px;
    --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-focusBorder: #0078d4;
    --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c;
    --vscode-list-hoverBackground: #2a2d2e; --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
    --vscode-symbolIcon-classForeground: #ee9d28; --vscode-symbolIcon-fieldForeground: #75beff;
    --vscode-debugTokenExpression-number: #b5cea8; --vscode-debugTokenExpression-string: #ce9178;
    --vscode-debugTokenExpression-boolean: #4e94ce; --vscode-editor-findMatchHighlightBackground: #623315;
  }
  body { background: #1f1f1f; margin: 12px; }
</style></head>
<body><div id="out"></div>
<script type="module">
  import { activate } from '/renderer.js'
  const api = activate({})
  window.render = (mime, json) => api.renderOutputItem(
    { id: '1', mime, json: () => json, text: () => JSON.stringify(json), data: () => new TextEncoder().encode(JSON.stringify(json)) },
    document.getElementById('out'),
  )
  window.ready = true
</script></body></html>`

describe('the notebook renderer in chromium', () => {
  let server: Server
  let browser: Browser
  let page: Page
  const treeData = JSON.parse(resultOutput(historyResult(), { binding: 3, method: 'messages.getHistory' }).items[0]!.data) as unknown

  before(async () => {
    const bundle = await esbuild.build({
      entryPoints: [join(root, 'webview/notebook-renderer/index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
    })
    const script = bundle.outputFiles[0]!.text
    server = createServer((request, response) => {
      if (request.url === '/renderer.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
      else response.writeHead(200, { 'content-type': 'text/html' }).end(HARNESS)
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] })
    page = await browser.newPage({ viewport: { width: 900, height: 700 } })
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true)
  })

  after(async () => {
    await browser?.close()
    await new Promise((done) => server?.close(done))
  })

  async function render(): Promise<void> {
    await page.evaluate(([mime, data]) => (window as unknown as { render: (m: unknown, d: unknown) => void }).render(mime, data), [TL_TREE_MIME, treeData] as const)
  }

  /** The visible rows' text, one string per row. */
  async function visibleRows(): Promise<string[]> {
    return page.$$eval('.tlnb-row', (rows) => rows.filter((row) => (row as HTMLElement).offsetParent !== null).map((row) => row.textContent ?? ''))
  }

  it('shows the constructors as types, longs exactly, bytes with their length and dates as ISO', async () => {
    await render()
    await page.click('.tlnb-item[aria-level="3"] > .tlnb-row') // open the first message
    const rows = await visibleRows()
    assert.equal(rows[0], '▾messages.messages')
    assert.ok(rows.includes('▾messages: Vector[3]'))
    assert.ok(rows.includes('▾[0]: message'), rows.join('\n'))
    assert.ok(rows.includes('id: 3'))
    assert.ok(rows.includes(`date: ${DATE + 3}${new Date((DATE + 3) * 1000).toISOString()}`), rows.join('\n'))
    assert.ok(rows.includes('▸from_id: peerUser'))
    await page.click('text=from_id')
    assert.ok((await visibleRows()).includes('user_id: 9007199254740993'))
    assert.equal(await page.textContent('.tlnb-binding'), '$3 = messages.getHistory')
    mkdirSync(artifacts, { recursive: true })
    await page.screenshot({ path: join(artifacts, 'renderer-tree.png'), fullPage: true })
  })

  it('shows bytes as hex with their length', async () => {
    await render()
    await page.fill('.tlnb-search', 'stripped')
    assert.ok((await visibleRows()).includes('stripped_thumb: 012828ffd8(5 bytes)'))
  })

  it('puts hostile text on the page as text, never as markup', async () => {
    await render()
    await page.fill('.tlnb-search', 'onerror')
    const rows = await visibleRows()
    assert.ok(rows.includes(`message: ${JSON.stringify(HOSTILE)}`), rows.join('\n'))
    assert.equal(await page.$$eval('#out img, #out b', (elements) => elements.length), 0)
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined)
  })

  it('searches the tree: shows matches with their ancestors, highlights and counts them, and clears', async () => {
    await render()
    const before = (await visibleRows()).length
    await page.fill('.tlnb-search', 'GRACE')
    assert.equal(await page.textContent('.tlnb-count'), '3 matches')
    const rows = await visibleRows()
    assert.ok(rows.includes('message: "Hello from grace"'))
    assert.ok(rows.includes('first_name: "Grace"'))
    assert.ok(rows.includes('username: "grace_hopper"'))
    assert.ok(!rows.includes('message: "first"'), 'a message without the text is hidden')
    assert.deepEqual(await page.$$eval('mark.tlnb-match', (marks) => marks.map((mark) => mark.textContent)), ['grace', 'Grace', 'grace'])
    await page.screenshot({ path: join(artifacts, 'renderer-search.png'), fullPage: true })
    // Enter moves the focus to the first match.
    await page.press('.tlnb-search', 'Enter')
    assert.equal(await page.evaluate(() => document.activeElement?.querySelector('.tlnb-row')?.textContent), 'message: "Hello from grace"')
    await page.press('.tlnb-search', 'Escape')
    assert.equal(await page.textContent('.tlnb-count'), '')
    assert.ok((await visibleRows()).length >= before)
  })

  it('moves, opens and closes nodes with the keyboard, with one tabbable node', async () => {
    await render()
    const focused = () => page.evaluate(() => document.activeElement?.querySelector('.tlnb-row')?.textContent ?? '')
    await page.focus('.tlnb-item[tabindex="0"]')
    assert.equal(await focused(), '▾messages.messages')
    await page.keyboard.press('ArrowDown')
    assert.equal(await focused(), '▾messages: Vector[3]')
    await page.keyboard.press('ArrowDown')
    assert.equal(await focused(), '▸[0]: message')
    await page.keyboard.press('ArrowRight')
    assert.equal(await focused(), '▾[0]: message')
    await page.keyboard.press('ArrowRight')
    assert.equal(await focused(), 'out: true')
    await page.keyboard.press('ArrowLeft')
    assert.equal(await focused(), '▾[0]: message')
    await page.keyboard.press('ArrowLeft')
    assert.equal(await focused(), '▸[0]: message')
    await page.keyboard.press('ArrowLeft')
    assert.equal(await focused(), '▾messages: Vector[3]')
    await page.keyboard.press('End')
    assert.match(await focused(), /^▸\[0\]: user$/)
    await page.keyboard.press('Home')
    assert.equal(await focused(), '▾messages.messages')
    assert.equal(await page.$$eval('.tlnb-item[tabindex="0"]', (items) => items.length), 1)
  })
})
