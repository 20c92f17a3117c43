// The hostile corpus in the real chat webview (issues 8 and 10): every payload of test/webview/hostile-corpus.ts
// reaches Ada as a real message from the sandbox bot (texts with their entities, bad offsets included; documents,
// stickers, audio and video with hostile metadata; bot keyboards), delivered through the control hook. Ada scrolls
// the whole chat in code-server while a probe in the webview records anything that runs or navigates: a
// `window.__pwned` trap, dialog and window.open traps, inserted scripts, `on*` attributes and javascript: URLs.
// Then hostile links and buttons are clicked, and the host's link policy must refuse or confirm them.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Frame } from 'playwright-core'
import type { TlTypes } from '../../schema/codec/generated/types'
import type { AccountActor } from '../sandbox/control/account-actor'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { hostileCorpus, hostileKeyboards, hostileMedia, type HostileKeyboard, type HostileMediaPayload } from '../webview/hostile-corpus'
import { sandboxSettings, showChatsView, signInWithCode, webviewViewFrame, Workbench } from './harness'

type WireEntity = TlTypes['MessageEntity']

const INT32_MAX = 2 ** 31 - 1

/** A loose offset or length as the wire's int32 carries it; undefined when no int32 can stand for it (NaN). */
function int32(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN
  if (Number.isNaN(number)) return undefined
  return Math.max(-INT32_MAX - 1, Math.min(INT32_MAX, Math.trunc(number)))
}

/**
 * The corpus's loose entities as TL entities: whatever the wire can carry is kept, bad offsets and lengths
 * included. Types we do not know become messageEntityUnknown; what no TL entity can hold (null, a string) is left out.
 */
function wireEntities(loose: unknown[]): WireEntity[] {
  const entities: WireEntity[] = []
  for (const item of loose) {
    if (typeof item !== 'object' || item === null) continue
    const { type, offset: rawOffset, length: rawLength, url, language, userId } = item as Record<string, unknown>
    const offset = int32(rawOffset)
    const length = int32(rawLength)
    if (offset === undefined || length === undefined) continue
    const span = { offset, length }
    switch (type) {
      case 'bold': entities.push({ _: 'messageEntityBold', ...span }); break
      case 'italic': entities.push({ _: 'messageEntityItalic', ...span }); break
      case 'underline': entities.push({ _: 'messageEntityUnderline', ...span }); break
      case 'strike': entities.push({ _: 'messageEntityStrike', ...span }); break
      case 'spoiler': entities.push({ _: 'messageEntitySpoiler', ...span }); break
      case 'code': entities.push({ _: 'messageEntityCode', ...span }); break
      case 'pre': entities.push({ _: 'messageEntityPre', ...span, language: typeof language === 'string' ? language : '' }); break
      case 'blockquote': entities.push({ _: 'messageEntityBlockquote', ...span }); break
      case 'url': entities.push({ _: 'messageEntityUrl', ...span }); break
      case 'textUrl': entities.push({ _: 'messageEntityTextUrl', ...span, url: url === undefined ? '' : String(url) }); break
      case 'mention': entities.push({ _: 'messageEntityMention', ...span }); break
      // The wire cannot leave the user out: a mention without one names user 0, which the server lists as is.
      case 'mentionName': entities.push({ _: 'messageEntityMentionName', ...span, user_id: /^-?\d+$/.test(String(userId)) ? BigInt(String(userId)) : 0n }); break
      case 'hashtag': entities.push({ _: 'messageEntityHashtag', ...span }); break
      default: entities.push({ _: 'messageEntityUnknown', ...span })
    }
  }
  return entities
}

function mediaAttributes(payload: HostileMediaPayload): TlTypes['DocumentAttribute'][] {
  const named: TlTypes['DocumentAttribute'][] = payload.fileName === undefined ? [] : [{ _: 'documentAttributeFilename', file_name: payload.fileName }]
  switch (payload.kind) {
    case 'document':
      return named
    case 'sticker':
      return [{ _: 'documentAttributeImageSize', w: 512, h: 512 }, { _: 'documentAttributeSticker', alt: payload.emoji ?? '', stickerset: { _: 'inputStickerSetEmpty' } }, ...named]
    case 'audio':
      return [{ _: 'documentAttributeAudio', duration: 3, ...(payload.title === undefined ? {} : { title: payload.title }), ...(payload.performer === undefined ? {} : { performer: payload.performer }) }, ...named]
    case 'video':
      return [{ _: 'documentAttributeVideo', duration: 3, w: 320, h: 180 }, ...named]
  }
}

function inlineKeyboard(keyboard: HostileKeyboard): TlTypes['ReplyMarkup'] {
  return {
    _: 'replyInlineMarkup',
    rows: keyboard.rows.map((row) => ({
      _: 'keyboardButtonRow',
      buttons: row.map((button): TlTypes['KeyboardButton'] =>
        button.url !== undefined
          ? { _: 'keyboardButtonUrl', text: button.text, url: button.url }
          : { _: 'keyboardButtonCallback', text: button.text, data: Buffer.from(button.callbackData ?? '', 'utf8') },
      ),
    })),
  }
}

/** Sends the whole corpus as the bot, oldest first: texts, then media, then keyboards (the last one is clicked). */
function sendCorpus(bot: AccountActor, to: bigint): void {
  for (const payload of hostileCorpus) bot.deliverUnchecked(to, { text: payload.text, entities: wireEntities(payload.entities) })
  for (const payload of hostileMedia) {
    const media = bot.documentMedia({ bytes: Buffer.from(payload.content), mimeType: payload.mimeType, attributes: mediaAttributes(payload) })
    bot.deliverUnchecked(to, { text: payload.caption, entities: wireEntities(payload.captionEntities), media })
  }
  for (const keyboard of hostileKeyboards) {
    bot.deliverUnchecked(to, { text: keyboard.text, entities: wireEntities(keyboard.entities), replyMarkup: inlineKeyboard(keyboard) })
  }
}

/**
 * Installed in a webview frame: traps what a payload that ran would do, and watches the DOM for what must never
 * appear. Written as source text so that the page gets exactly this code, untouched by the TypeScript loader.
 */
const TRAPS = `(() => {
  if (window.__probe) return
  const events = []
  const record = (what) => { if (events.length < 100 && !events.includes(what)) events.push(what) }
  Object.defineProperty(window, '__pwned', { configurable: false, get: () => undefined, set: (value) => record('window.__pwned set to ' + String(value)) })
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) window[name] = () => { record(name + '() called'); return null }
  // A payload that crashes the renderer is a failure too: the rows after it never show.
  window.addEventListener('error', (event) => record('uncaught error: ' + event.message))
  window.addEventListener('unhandledrejection', (event) => record('unhandled rejection: ' + String(event.reason && event.reason.message || event.reason)))
  const scripts = new Set(document.scripts)
  const badUrl = /^[\\s\\u0000-\\u001f]*(javascript|vbscript|data:text\\/html)/i
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'background', 'poster']
  // Elements are judged when they are inserted (the page's own head has a meta and scripts); attributes always.
  const inspect = (element, inserted) => {
    if (element.nodeName === 'SCRIPT' && !scripts.has(element)) record('script inserted: ' + element.outerHTML.slice(0, 120))
    if (inserted && ['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'FORM'].includes(element.nodeName)) record(element.nodeName + ' inserted')
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) record('on* attribute ' + attribute.name + ' on ' + element.nodeName)
      if (urlAttributes.includes(attribute.name.toLowerCase()) && badUrl.test(attribute.value)) record(attribute.name + '=' + attribute.value.slice(0, 80))
    }
  }
  const inspectTree = (root, inserted) => {
    if (root.nodeType !== 1) return
    inspect(root, inserted)
    for (const element of root.querySelectorAll('*')) inspect(element, inserted)
  }
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes') inspect(mutation.target, false)
      for (const node of mutation.addedNodes) inspectTree(node, true)
    }
  }).observe(document, { subtree: true, childList: true, attributes: true })
  window.__probe = { events, inspectTree }
})()`

/** The chat's scroller and what has been on screen in it: installed once the chat is open. */
const SCROLLER = `(() => {
  const seen = new Set()
  const history = () => document.querySelector('[role="list"][aria-label="Messages"]')
  const collect = () => {
    for (const row of history().querySelectorAll('.row.message')) seen.add(row.textContent.slice(0, 4000))
    window.__probe.inspectTree(document.documentElement, false)
  }
  const hasSeen = (text) => { for (const row of seen) if (row.includes(text)) return true; return false }
  const room = (list) => list.scrollHeight - list.clientHeight - list.scrollTop
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  Object.assign(window.__probe, {
    seen,
    hasSeen: (text) => { collect(); return hasSeen(text) },
    /** Scrolls most of a screen; answers whether the edge in that direction is reached, and what is on screen. */
    async step(direction, endText) {
      const list = history()
      const stride = 0.8 * list.clientHeight
      list.scrollTop += direction === 'up' ? -stride : stride
      await frames()
      collect()
      const atEdge = direction === 'up' ? list.scrollTop <= 0 : room(list) <= 1
      const view = list.getBoundingClientRect()
      const onScreen = (element) => { const box = element.getBoundingClientRect(); return box.top >= view.top && box.bottom <= view.bottom }
      const mediaOnScreen = [...list.querySelectorAll('.media-file, .media-sticker, .media-sticker-emoji')].some(onScreen)
      return { atEdge, endSeen: hasSeen(endText), mediaOnScreen }
    },
    /**
     * Resolves true once the webview has loaded more history past the edge (there is room to scroll again) or
     * the end is on screen; false if neither happens within the bound. Polled here: the page's CSP forbids eval.
     */
    async waitForMore(direction, endText) {
      for (const deadline = Date.now() + 30000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        collect()
        const list = history()
        if ((direction === 'up' ? list.scrollTop > 0 : room(list) > 1) || hasSeen(endText)) return true
      }
      return false
    },
  })
})()`

/** The oldest message of the bot chat (seeded) and the newest (the corpus's last keyboard). */
const OLDEST_TEXT = '/start'
const NEWEST_TEXT = hostileKeyboards.at(-1)!.text

describe('journey: the hostile corpus in the real chat webview, on the sandbox', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  let scratch: string
  let frame: Frame
  const navigations: string[] = []
  const popups: string[] = []
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const view = () => workbench.webviewView()
  const probeEvents = async (): Promise<string[]> => frame.evaluate('window.__probe.events.slice()')

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    sendCorpus(sandbox.control.as(sandbox.seed!.bot.id), account('ada').id)
    scratch = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-hostile-'))
    workbench = await Workbench.open({ name: 'hostile', settings: sandboxSettings(sandbox, scratch) })
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await showChatsView(workbench)
    frame = await webviewViewFrame(workbench)
    await frame.evaluate(TRAPS)
    // The outer webview frame too: a payload escaping its document would write to `parent`.
    const outer = frame.parentFrame()
    if (outer) await outer.evaluate(TRAPS)
    workbench.page.on('framenavigated', (navigated) => {
      if (navigated === frame || navigated === outer || navigated.parentFrame() === frame) navigations.push(navigated.url())
    })
    workbench.context.on('page', (page) => popups.push(page.url()))
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  /** Scrolls by most of a screen at a time until `endText` is on screen at the edge, waiting for history to load. */
  async function scrollToEnd(direction: 'up' | 'down', endText: string, onStep?: (state: { mediaOnScreen: boolean }) => Promise<void>): Promise<void> {
    const args = `${JSON.stringify(direction)}, ${JSON.stringify(endText)}`
    for (let step = 0; step < 5_000; step++) {
      const state = (await frame.evaluate(`window.__probe.step(${args})`)) as { atEdge: boolean; endSeen: boolean; mediaOnScreen: boolean }
      await onStep?.(state)
      if (!state.atEdge) continue
      if (state.endSeen) return
      const more = await frame.evaluate(`window.__probe.waitForMore(${args})`)
      if (!more) await workbench.screenshot(`hostile-stuck-${direction}`)
      assert.ok(more, `scrolling ${direction}: no more history loaded, and "${endText}" never showed; the probe saw: ${(await probeEvents()).join(' | ')}`)
    }
    assert.fail(`scrolling ${direction} never reached "${endText}"`)
  }

  it('renders every payload while scrolling the whole chat, and nothing runs, is injected or navigates', async () => {
    await view().locator('.dialog[role="option"]', { hasText: 'Workbench Bot' }).first().click()
    await view().locator('[role="list"][aria-label="Messages"] .row.message').first().waitFor({ state: 'visible', timeout: 30_000 })
    await frame.evaluate(SCROLLER)

    await scrollToEnd('up', OLDEST_TEXT)
    await workbench.screenshot('hostile-oldest')
    let mediaShot = false
    await scrollToEnd('down', NEWEST_TEXT, async (state) => {
      if (state.mediaOnScreen && !mediaShot) {
        mediaShot = true
        await workbench.screenshot('hostile-media')
      }
    })
    await workbench.screenshot('hostile-newest')

    const texts = [...hostileCorpus.map((payload) => payload.text), ...hostileMedia.map((payload) => payload.caption).filter(Boolean), ...hostileKeyboards.map((keyboard) => keyboard.text)]
    const unseen: string[] = []
    for (const text of new Set(texts.map((full) => full.slice(0, 40)))) {
      if (!(await frame.evaluate(`window.__probe.hasSeen(${JSON.stringify(text)})`))) unseen.push(text)
    }
    assert.deepEqual(unseen, [], 'every payload was rendered at some point of the scroll')
    assert.deepEqual(await probeEvents(), [], 'nothing ran and nothing dangerous entered the DOM')
    assert.deepEqual(await frame.parentFrame()!.evaluate('window.__probe.events.slice()'), [])
    assert.deepEqual(navigations, [], 'the webview never navigated')
    assert.deepEqual(popups, [], 'no window opened')
  })

  it("sends hostile links and buttons through the host's link policy", async () => {
    const last = view().locator('.row.message', { hasText: NEWEST_TEXT })
    // Where the scroll-through left off does not matter here: the jump button shows the newest at once.
    const jump = view().getByRole('button', { name: 'Jump to the newest message' })
    if (await jump.isVisible()) await jump.click()
    await last.waitFor({ state: 'visible' })

    // javascript: in a text link and in a URL button: refused, with the reason.
    await last.getByRole('link', { name: 'here', exact: true }).click()
    assert.match(await workbench.waitForNotification(/not opened from chats/), /javascript:/)
    await workbench.clearNotifications()
    await last.getByRole('button', { name: 'Run' }).click()
    assert.match(await workbench.waitForNotification(/not opened from chats/), /javascript:/)
    await workbench.clearNotifications()

    // An allowed scheme whose text says something else: a confirmation that shows the real address.
    await last.getByRole('link', { name: 'verify', exact: true }).click()
    const dialog = workbench.page.locator('.monaco-dialog-box')
    await dialog.filter({ hasText: 'https://evil.example/verify' }).waitFor({ state: 'visible' })
    await workbench.screenshot('hostile-link-confirmation')
    await workbench.answerDialog('Cancel')
    await last.getByRole('button', { name: /bank\.example/ }).click()
    await dialog.filter({ hasText: 'https://evil.example/login' }).waitFor({ state: 'visible' })
    await workbench.answerDialog('Cancel')

    assert.deepEqual(await probeEvents(), [])
    assert.deepEqual(navigations, [])
    assert.deepEqual(popups, [], 'a cancelled confirmation opens nothing')
  })
})
