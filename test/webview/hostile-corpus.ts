/**
 * Hostile message payloads for the entity renderer and the app: markup and script in text, dangerous URLs in
 * links, bidi and zero-width tricks, extreme lengths, and malformed entities; then hostile media metadata (file
 * names, mime types, captions, sticker emoji, audio tags) and bot keyboards. Every payload that could run code
 * tries to set `window.__pwned`; the tests assert it stays unset.
 */
import type { EntityView } from '../../webview/protocol'

export interface HostilePayload {
  name: string
  text: string
  /** Deliberately loose: the wire can carry anything. */
  entities: unknown[]
}

const pwn = 'window.__pwned=1'

/** Markup that would execute if it ever reached an HTML parser. */
export const markupPayloads: string[] = [
  `<script>${pwn}</script>`,
  `<img src=x onerror="${pwn}">`,
  `<svg onload=${pwn}>`,
  `<svg><script>${pwn}</script></svg>`,
  `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `"><script>${pwn}</script>`,
  `'><img src=x onerror=${pwn}>`,
  `</div><script>${pwn}</script>`,
  `<a href="javascript:${pwn}">click</a>`,
  `<body onload=${pwn}>`,
  `<input autofocus onfocus=${pwn}>`,
  `<details open ontoggle=${pwn}>`,
  `<video><source onerror="${pwn}"></video>`,
  `<audio src=x onerror=${pwn}>`,
  `<object data="javascript:${pwn}"></object>`,
  `<embed src="javascript:${pwn}">`,
  `<base href="javascript:${pwn}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${pwn}">`,
  `<link rel=stylesheet href="javascript:${pwn}">`,
  `<style>@import 'javascript:${pwn}';</style>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${pwn}>`,
  `<noscript><p title="</noscript><img src=x onerror=${pwn}>">`,
  `<!--<img src=x onerror=${pwn}>-->`,
  `<template><img src=x onerror=${pwn}></template>`,
  `<form><button formaction="javascript:${pwn}">go</button></form>`,
  `<marquee onstart=${pwn}>`,
  `<div style="background:url(javascript:${pwn})">`,
  `{{constructor.constructor('${pwn}')()}}`,
  '${' + pwn + '}',
  `&lt;script&gt;${pwn}&lt;/script&gt;`,
  `<scr<script>ipt>${pwn}</scr</script>ipt>`,
  `<IMG SRC=JaVaScRiPt:${pwn}>`,
  `<img src="x" onerror="&#119;indow.__pwned=1">`,
  `<svg><animate onbegin=${pwn} attributeName=x dur=1s>`,
  `<xss onpointerenter=${pwn} style=display:block>hover</xss>`,
]

/** URLs a link might carry; the webview must never navigate to any of them itself. */
export const urlPayloads: string[] = [
  `javascript:${pwn}`,
  `JaVaScRiPt:${pwn}`,
  ` javascript:${pwn}`,
  `java\tscript:${pwn}`,
  `java\nscript:${pwn}`,
  `&#106;avascript:${pwn}`,
  `javascript&colon;${pwn}`,
  `data:text/html,<script>${pwn}</script>`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+`,
  `vbscript:msgbox("pwned")`,
  `file:///etc/passwd`,
  `"><img src=x onerror=${pwn}>`,
  `https://example.com/" onmouseover="${pwn}`,
  `https://example.com/${'a'.repeat(10_000)}`,
  `tg://resolve?domain=<script>`,
  // Allowed scheme, but not where the text says: the host must show the real address before opening it.
  'https://evil.example/login',
]

const bidi = {
  override: 'Invoice \u202Egpj.exe',
  isolate: 'name\u2066\u202Eevil\u2069',
  zeroWidth: 'pay\u200Bpal\u200C.com\u200D\uFEFF',
  marks: '\u200F\u200Eadmin\u061C',
  hangulFiller: '\u3164\u3164',
}

const entity = (type: EntityView['type'], offset: number, length: number, extra: Partial<EntityView> = {}): EntityView => ({ type, offset, length, ...extra })

function buildCorpus(): HostilePayload[] {
  const corpus: HostilePayload[] = []
  for (const [i, text] of markupPayloads.entries()) {
    corpus.push({ name: `markup ${i} as plain text`, text, entities: [] })
    corpus.push({ name: `markup ${i} in bold and italic`, text, entities: [entity('bold', 0, text.length), entity('italic', 2, Math.max(1, text.length - 4))] })
    corpus.push({ name: `markup ${i} in a pre block with a hostile language`, text, entities: [entity('pre', 0, text.length, { language: `js" onload="${pwn}` })] })
  }
  for (const [i, url] of urlPayloads.entries()) {
    const text = `click here ${i}`
    corpus.push({ name: `textUrl ${i}`, text, entities: [entity('textUrl', 6, 4, { url })] })
    corpus.push({ name: `url text ${i}`, text: url, entities: [entity('url', 0, url.length)] })
  }
  for (const [name, text] of Object.entries(bidi)) {
    corpus.push({ name: `bidi ${name}`, text, entities: [] })
    corpus.push({ name: `bidi ${name} in a mention`, text: `@${text}`, entities: [entity('mention', 0, text.length + 1)] })
  }
  const long = 'x'.repeat(100_000)
  corpus.push({ name: 'a 100,000-character text', text: long, entities: [entity('bold', 0, long.length)] })
  corpus.push({ name: '5,000 one-character entities', text: 'ab'.repeat(2500), entities: Array.from({ length: 5000 }, (_, k) => entity(k % 2 ? 'bold' : 'code', k, 1)) })
  corpus.push({ name: '500 nested entities', text: 'deep'.repeat(250), entities: Array.from({ length: 500 }, (_, k) => entity(k % 2 ? 'bold' : 'italic', k, 1000 - 2 * k)) })
  const base = 'The quick brown fox jumps over the lazy dog'
  const bad: [string, unknown[]][] = [
    ['negative offset', [entity('bold', -5, 10)]],
    ['offset beyond the text', [entity('bold', 500, 10)]],
    ['length beyond the text', [entity('italic', 10, 1_000_000)]],
    ['zero length', [entity('bold', 3, 0)]],
    ['negative length', [entity('bold', 10, -4)]],
    ['fractional offset', [entity('bold', 1.5, 3)]],
    ['NaN offset', [entity('bold', Number.NaN, 3)]],
    ['Infinity length', [entity('bold', 0, Number.POSITIVE_INFINITY)]],
    ['string offset', [{ type: 'bold', offset: '0', length: '5' }]],
    ['unknown type', [{ type: 'script', offset: 0, length: 5 }]],
    ['__proto__ type', [{ type: '__proto__', offset: 0, length: 5 }]],
    ['constructor type', [{ type: 'constructor', offset: 0, length: 5 }]],
    ['null entity', [null]],
    ['string entity', ['<script>']],
    ['crossing entities', [entity('bold', 0, 20), entity('italic', 10, 20)]],
    ['same span twice', [entity('bold', 4, 5), entity('bold', 4, 5)]],
    ['crossing links', [entity('textUrl', 0, 15, { url: 'https://a.example' }), entity('textUrl', 10, 15, { url: `javascript:${pwn}` })]],
    ['code inside a link', [entity('textUrl', 0, 30, { url: 'https://a.example' }), entity('code', 4, 5)]],
    ['link inside pre', [entity('pre', 0, 30), entity('textUrl', 4, 5, { url: `javascript:${pwn}` })]],
    ['textUrl without url', [entity('textUrl', 0, 5)]],
    ['textUrl with a non-string url', [{ type: 'textUrl', offset: 0, length: 5, url: { toString: () => 'javascript:x' } }]],
    ['mentionName without user', [entity('mentionName', 0, 5)]],
    ['splitting a surrogate pair', [entity('bold', 1, 2)]],
    ['spoiler over everything', [entity('spoiler', 0, 43)]],
  ]
  for (const [name, entities] of bad) corpus.push({ name: `bad entities: ${name}`, text: name === 'splitting a surrogate pair' ? '😀😀 emoji' : base, entities })
  return corpus
}

export const hostileCorpus: HostilePayload[] = buildCorpus()

/** Names and titles with display tricks, for users and dialogs in the harness. */
export const hostileNames: string[] = [bidi.override, bidi.isolate, bidi.zeroWidth, `<img src=x onerror=${pwn}>`, '\u202Dadmin\u202C', '​', 'a'.repeat(2000)]

/** A file as a hostile sender describes it; `content` is the file itself, harmless unless something renders it. */
export interface HostileMediaPayload {
  name: string
  kind: 'document' | 'sticker' | 'audio' | 'video'
  /** Absent: the document carries no file name attribute at all. */
  fileName?: string
  mimeType: string
  content: string
  caption: string
  /** Deliberately loose, as for text payloads. */
  captionEntities: unknown[]
  /** The sticker's emoji (its `alt`). */
  emoji?: string
  /** Audio tags. */
  title?: string
  performer?: string
}

const file = (name: string, fileName: string | undefined, extra: Partial<HostileMediaPayload> = {}): HostileMediaPayload => ({
  name,
  kind: 'document',
  ...(fileName === undefined ? {} : { fileName }),
  mimeType: 'application/octet-stream',
  content: 'harmless bytes',
  caption: '',
  captionEntities: [],
  ...extra,
})

/** File names a sender picks to fool the reader or the file system. */
export const hostileFileNames: string[] = [
  bidi.override,
  'report\u202Efdp.scr',
  '../../../../.bashrc',
  '..\\..\\..\\Windows\\System32\\drivers\\etc\\hosts',
  '/etc/passwd',
  '~/.ssh/authorized_keys',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  `<img src=x onerror=${pwn}>.png`,
  `<script>${pwn}</script>`,
  `"><svg onload=${pwn}>.svg`,
  `javascript:${pwn}`,
  'CON',
  'aux.txt',
  'name\u0000.txt.exe',
  'line\nbreak\r.txt',
  '.',
  '..',
  '',
  ' ',
  bidi.zeroWidth,
  bidi.hangulFiller,
  `${'a'.repeat(5000)}.txt`,
  `${'\u{1F600}'.repeat(300)}.txt`,
]

function buildMediaCorpus(): HostileMediaPayload[] {
  const media: HostileMediaPayload[] = hostileFileNames.map((fileName, i) => file(`file name ${i}`, fileName))
  media.push(file('no file name attribute', undefined))
  const mimeTypes = ['text/html', 'image/svg+xml', 'application/x-msdownload', `"><script>${pwn}</script>`, `text/html; charset="<img src=x onerror=${pwn}>"`, '', 'a/'.repeat(500), 'image/jpeg']
  for (const [i, mimeType] of mimeTypes.entries()) {
    // The file's own content is hostile too, in case anything renders it inline.
    media.push(file(`mime type ${i}`, `file-${i}.html`, { mimeType, content: `<svg xmlns="http://www.w3.org/2000/svg" onload="${pwn}"><script>parent.__pwned=1</script></svg>` }))
  }
  for (const [i, caption] of markupPayloads.slice(0, 12).entries()) {
    media.push(file(`caption ${i}`, 'notes.txt', { caption, captionEntities: [entity('bold', 0, caption.length), entity('textUrl', 1, 3, { url: `javascript:${pwn}` })] }))
  }
  media.push(file('caption with bad entity bounds', 'notes.txt', { caption: 'bounds', captionEntities: [entity('bold', -3, 10), entity('italic', 4, 1_000_000), entity('textUrl', 2, 0, { url: `javascript:${pwn}` })] }))
  media.push(file('caption over the length limit', 'notes.txt', { caption: 'c'.repeat(5000), captionEntities: [entity('spoiler', 0, 5000)] }))
  const emoji = [`<img src=x onerror=${pwn}>`, bidi.override, `javascript:${pwn}`, '\u{1F600}'.repeat(1000), '', '\u200B']
  for (const [i, alt] of emoji.entries()) {
    media.push({ ...file(`sticker emoji ${i}`, 'sticker.webp', { mimeType: 'image/webp' }), kind: 'sticker', emoji: alt })
  }
  media.push({ ...file('audio tags', `<b>${bidi.override}.mp3`, { mimeType: 'audio/mpeg' }), kind: 'audio', title: `<script>${pwn}</script>`, performer: bidi.isolate })
  media.push({ ...file('video file name', `<video src=x onerror=${pwn}>.mp4`, { mimeType: 'video/mp4' }), kind: 'video' })
  return media
}

export const hostileMedia: HostileMediaPayload[] = buildMediaCorpus()

/** One bot button: a link (`url`) or a callback (`callbackData`, sent back to the bot as bytes). */
export interface HostileButton {
  text: string
  url?: string
  callbackData?: string
}

export interface HostileKeyboard {
  name: string
  text: string
  entities: unknown[]
  rows: HostileButton[][]
}

function buildKeyboards(): HostileKeyboard[] {
  const urlButtons = urlPayloads.map((url, i): HostileButton => ({ text: `link ${i}`, url }))
  const labels = [...markupPayloads.slice(0, 8), bidi.override, bidi.zeroWidth, 'a'.repeat(2000), '']
  const rowsOf = (buttons: HostileButton[], width: number) =>
    Array.from({ length: Math.ceil(buttons.length / width) }, (_, row) => buttons.slice(row * width, row * width + width))
  return [
    { name: 'url buttons with hostile schemes', text: 'Pick a link', entities: [], rows: rowsOf(urlButtons, 3) },
    { name: 'hostile labels', text: 'Pick a label', entities: [], rows: rowsOf(labels.map((text, i) => ({ text, callbackData: `label ${i}` })), 2) },
    {
      name: 'hostile callback data',
      text: 'Pick a callback',
      entities: [],
      rows: [[{ text: 'script', callbackData: `<script>${pwn}</script>` }, { text: 'bytes', callbackData: '\u0000\uFFFF\u202E' }, { text: 'long', callbackData: 'd'.repeat(64) }]],
    },
    { name: 'more rows and columns than fit', text: 'A wall of buttons', entities: [], rows: Array.from({ length: 30 }, (_, row) => Array.from({ length: 12 }, (_, column) => ({ text: `${row}:${column}`, callbackData: `${row}:${column}` }))) },
    {
      // The last message of the hostile chat: its buttons and links are what the end-to-end test clicks.
      name: 'phishing labels',
      text: 'Pay here or verify',
      entities: [entity('textUrl', 4, 4, { url: `javascript:${pwn}` }), entity('textUrl', 12, 6, { url: 'https://evil.example/verify' })],
      rows: [[{ text: 'https://bank.example', url: 'https://evil.example/login' }, { text: 'Run', url: `javascript:${pwn}` }]],
    },
  ]
}

export const hostileKeyboards: HostileKeyboard[] = buildKeyboards()
