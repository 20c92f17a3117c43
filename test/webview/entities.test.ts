/**
 * The entity renderer against the hostile corpus, in real chromium: every rendering stays inside the
 * allow-lists, keeps the text, runs nothing (`window.__pwned` stays unset) and navigates nowhere.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { hostileCorpus } from './hostile-corpus'
import { launchChromium, ORIGIN } from './serve'

interface Outcome {
  name: string
  problems: string[]
  textKept: boolean
}

// Runs in the page: renders each payload into the live document and inspects what came out.
const pageScript = `
import { ALLOWED_ATTRIBUTES, ALLOWED_CLASS, ALLOWED_ELEMENTS, renderText } from './webview/render/entities'
import { hostileCorpus } from './test/webview/hostile-corpus'

const calls = []
const actions = {
  openUrl: (url, text) => calls.push(['openUrl', url, text]),
  openUsername: (u) => calls.push(['openUsername', u]),
  openUser: (u) => calls.push(['openUser', u]),
  hashtag: (t) => calls.push(['hashtag', t]),
  botCommand: (c) => calls.push(['botCommand', c]),
  copy: (t) => calls.push(['copy', t]),
  openInEditor: (c, l) => calls.push(['openInEditor', c, l]),
}

window.__renderCorpus = () => hostileCorpus.map((payload) => {
  const host = document.createElement('div')
  host.setAttribute('data-payload', '')
  document.body.appendChild(host)
  host.appendChild(renderText(payload.text, payload.entities, actions))
  const problems = []
  for (const element of host.querySelectorAll('*')) {
    if (!ALLOWED_ELEMENTS.has(element.nodeName)) problems.push('element ' + element.nodeName)
    for (const attribute of element.attributes) {
      if (!ALLOWED_ATTRIBUTES.has(attribute.name)) problems.push('attribute ' + attribute.name + ' on ' + element.nodeName)
    }
    for (const name of element.classList) if (!ALLOWED_CLASS.test(name)) problems.push('class ' + name)
  }
  const copy = host.cloneNode(true)
  copy.querySelectorAll('.code-header').forEach((header) => header.remove())
  return { name: payload.name, problems, textKept: copy.textContent === payload.text }
})

window.__activateAll = () => {
  const before = location.href
  for (const element of document.querySelectorAll('[data-payload] a, [data-payload] [role=button], [data-payload] button')) element.click()
  return { calls, sameLocation: location.href === before }
}
`

describe('entity renderer in chromium, against the hostile corpus', () => {
  let browser: Browser
  let page: Page
  let outcomes: Outcome[]

  before(async () => {
    const bundle = await build({
      stdin: { contents: pageScript, resolveDir: `${__dirname}/../..`, loader: 'ts' },
      bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent',
    })
    browser = await launchChromium()
    page = await browser.newPage()
    const nonce = 'corpus-nonce'
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url())
      if (url.pathname === '/') {
        return route.fulfill({
          contentType: 'text/html',
          headers: { 'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'` },
          body: `<!doctype html><body><script nonce="${nonce}" src="/corpus.js"></script></body>`,
        })
      }
      if (url.pathname === '/corpus.js') return route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0].text })
      return route.abort()
    })
    await page.goto(`${ORIGIN}/`)
    outcomes = await page.evaluate(() => (window as unknown as { __renderCorpus(): Outcome[] }).__renderCorpus())
    // Give anything that could fire late (image errors, autofocus, animations) a chance to.
    await page.waitForTimeout(300)
  })

  after(async () => {
    await browser?.close()
  })

  it('holds at least 100 hostile payloads', () => {
    assert.ok(hostileCorpus.length >= 100, `only ${hostileCorpus.length} payloads`)
    assert.equal(outcomes.length, hostileCorpus.length)
  })

  it('produces only allow-listed elements, attributes and classes for every payload', () => {
    const bad = outcomes.filter((o) => o.problems.length > 0).map((o) => `${o.name}: ${o.problems.slice(0, 3).join(', ')}`)
    assert.deepEqual(bad, [])
  })

  it('keeps the text of every payload, character for character', () => {
    assert.deepEqual(outcomes.filter((o) => !o.textKept).map((o) => o.name), [])
  })

  it('executes nothing: window.__pwned stays unset', async () => {
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined)
  })

  it('sends link activations to the host instead of navigating, with the real URL', async () => {
    const { calls, sameLocation } = await page.evaluate(() => (window as unknown as { __activateAll(): { calls: string[][]; sameLocation: boolean } }).__activateAll())
    assert.equal(sameLocation, true)
    const opened = calls.filter((c) => c[0] === 'openUrl').map((c) => c[1])
    assert.ok(opened.includes('javascript:window.__pwned=1'), 'a javascript: link is handed to the host, which refuses it')
    assert.ok(opened.includes('vbscript:msgbox("pwned")'))
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined)
  })
})
