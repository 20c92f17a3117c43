// The chat webview's page, its link policy and the names downloads are saved under: the three places where hostile
// chat content meets the editor.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { chatPageHtml } from '../../extension/chat/chat-page'
import { decideLink } from '../../extension/chat/link-policy'
import { safeFileName } from '../../extension/chat/media-downloads'

const resources = { cspSource: 'https://file+.vscode-resource.test', scriptUri: 'https://r/webview.js', styleUri: 'https://r/webview.css', codiconsUri: 'https://r/codicon.css', mode: 'panel' as const }

describe('chat page', () => {
  const html = chatPageHtml(resources, 'N0nce')
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!

  it('allows only scripts carrying its nonce and nothing remote', () => {
    assert.match(csp, /^default-src 'none';/)
    assert.match(csp, /script-src 'nonce-N0nce'(;|$)/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!file\+)/)
    assert.equal([...html.matchAll(/<script\b/g)].length, 1)
    assert.match(html, /<script nonce="N0nce" src="https:\/\/r\/webview.js">/)
  })

  it('gives the app its nonce for the toolkit styles, its mode, and codicons', () => {
    assert.match(html, /<meta property="csp-nonce" content="N0nce">/)
    assert.match(html, /<body data-mode="panel">/)
    assert.match(html, /href="https:\/\/r\/codicon.css"/)
    assert.match(csp, /img-src https:\/\/file\+\.vscode-resource\.test blob: data:/)
    assert.match(csp, /font-src https:\/\/file\+\.vscode-resource\.test$/)
  })

  it('makes a fresh nonce for every page', () => {
    const nonce = (page: string) => /csp-nonce" content="([^"]+)"/.exec(page)![1]
    assert.notEqual(nonce(chatPageHtml(resources)), nonce(chatPageHtml(resources)))
  })
})

describe('link policy', () => {
  it('refuses every scheme but http(s), tg and mailto', () => {
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<script>1</script>', 'file:///etc/passwd', 'vscode://settings', 'command:workbench.action.terminal.new', 'vbscript:x']) {
      assert.equal(decideLink(url, url).action, 'refuse', url)
    }
  })

  it('refuses addresses with control characters hidden in them', () => {
    assert.equal(decideLink('java\nscript:alert(1)', 'x').action, 'refuse')
    assert.equal(decideLink('https://a.example/\u0000', 'x').action, 'refuse')
  })

  it('opens a link whose text is its address, reading scheme-less text as https', () => {
    assert.deepEqual(decideLink('https://core.telegram.org/api', 'https://core.telegram.org/api'), { action: 'open', url: 'https://core.telegram.org/api' })
    assert.deepEqual(decideLink('core.telegram.org', 'core.telegram.org'), { action: 'open', url: 'https://core.telegram.org/' })
    assert.equal(decideLink('tg://resolve?domain=durov', 'tg://resolve?domain=durov').action, 'open')
    assert.equal(decideLink('mailto:a@b.example', 'mailto:a@b.example').action, 'open')
  })

  it('asks first when the text shows another address, or no address', () => {
    assert.deepEqual(decideLink('https://evil.example/login', 'https://bank.example/login'), { action: 'confirm', url: 'https://evil.example/login' })
    assert.equal(decideLink('https://evil.example', 'click here').action, 'confirm')
    // A look-alike host with a Cyrillic "а" is another address.
    assert.equal(decideLink('https://b\u0430nk.example', 'https://bank.example').action, 'confirm')
  })
})

describe('download file names', () => {
  it('keeps a plain name', () => {
    assert.equal(safeFileName('mtproto-spec.pdf'), 'mtproto-spec.pdf')
  })

  it('drops directories, so a name cannot climb out of the download folder', () => {
    assert.equal(safeFileName('../../.bashrc'), 'bashrc')
    assert.equal(safeFileName('..\\..\\evil.exe'), 'evil.exe')
  })

  it('removes bidi overrides and zero-width characters that disguise the extension', () => {
    assert.equal(safeFileName('report\u202Efdp.exe'), 'reportfdp.exe')
    assert.equal(safeFileName('a\u200Bb.txt'), 'ab.txt')
  })

  it('avoids names Windows reserves and empty names, and bounds the length keeping the extension', () => {
    assert.equal(safeFileName('CON.txt'), '_CON.txt')
    assert.equal(safeFileName('...'), 'download')
    const long = safeFileName(`${'x'.repeat(500)}.pdf`)
    assert.equal(long.length, 120)
    assert.ok(long.endsWith('.pdf'))
  })
})
