/**
 * Telegram's HTML subset to text and entities:
 *   <b> <strong>  <i> <em>  <u> <ins>  <s> <strike> <del>  <tg-spoiler> <span class="tg-spoiler">
 *   <code>  <pre> (language from <pre language="x"> or an inner <code class="language-x">)
 *   <a href="..."> (tg://user?id=N is a mention)  <tg-emoji emoji-id="N">  <blockquote [expandable]>  <br>
 * Unknown tags are dropped and their text kept. A closing tag closes the latest open tag of its name,
 * leaving any opened inside it running (that is how overlapping formatting is written); tags still
 * open at the end run to the end. Whitespace is kept as written. There is no recursion, so nesting
 * depth is bounded only by the input.
 */
import { linkEntity, sortEntities, widenToCodePoints, type FormattedText, type MessageEntity } from './formatted-text'

// Names and unquoted values exclude '<', so a stray '<' cannot make one tag attempt span the rest.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/<"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"'<]+))?)*)\s*\/?>/y
const ATTRIBUTE = /([^\s=>/<"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'<]+)))?/g
const NAMED_CHARACTERS: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

const SIMPLE_TAGS: Record<string, MessageEntity['_']> = {
  b: 'messageEntityBold',
  strong: 'messageEntityBold',
  i: 'messageEntityItalic',
  em: 'messageEntityItalic',
  u: 'messageEntityUnderline',
  ins: 'messageEntityUnderline',
  s: 'messageEntityStrike',
  strike: 'messageEntityStrike',
  del: 'messageEntityStrike',
  'tg-spoiler': 'messageEntitySpoiler',
  code: 'messageEntityCode',
}

interface OpenTag {
  name: string
  start: number
  /** Builds the entity once the end is known; undefined for tags that make none. */
  make?: (offset: number, length: number) => MessageEntity | undefined
  /** For <pre>: the language, which an inner <code class="language-x"> may still set. */
  language?: string
}

export function parseHtml(html: string): FormattedText {
  let text = ''
  const entities: MessageEntity[] = []
  const stack: OpenTag[] = []
  const close = (tag: OpenTag) => {
    const entity = tag.make?.(tag.start, text.length - tag.start)
    if (entity && entity.length > 0) entities.push(entity)
  }

  let i = 0
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    const amp = html.indexOf('&', i)
    const next = Math.min(lt < 0 ? html.length : lt, amp < 0 ? html.length : amp)
    text += html.slice(i, next)
    i = next
    if (i >= html.length) break

    if (html[i] === '&') {
      const reference = /&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,6}));/iy
      reference.lastIndex = i
      const match = reference.exec(html)
      const decoded = match && decodeReference(match)
      text += decoded ?? '&'
      i = decoded ? reference.lastIndex : i + 1
      continue
    }

    TAG.lastIndex = i
    const tag = TAG.exec(html)
    if (!tag) {
      text += '<'
      i++
      continue
    }
    i = TAG.lastIndex
    const [, slash, rawName, rawAttributes] = tag
    const name = rawName.toLowerCase()
    if (slash) {
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k].name !== name) continue
        close(stack[k])
        stack.splice(k, 1)
        break
      }
      continue
    }
    if (name === 'br') {
      text += '\n'
      continue
    }
    const attributes = parseAttributes(rawAttributes)
    const open = openTag(name, attributes, text.length, stack[stack.length - 1])
    if (open) stack.push(open)
  }
  for (const tag of stack) close(tag)
  return { text, entities: sortEntities(widenToCodePoints(text, entities)) }
}

function openTag(name: string, attributes: Map<string, string>, start: number, parent: OpenTag | undefined): OpenTag | undefined {
  const simple = SIMPLE_TAGS[name]
  if (name === 'code') {
    const language = /^language-(.+)$/.exec(attributes.get('class') ?? '')?.[1]
    // <pre><code class="language-x"> is how a pre block names its language: one entity, not two.
    if (language && parent?.name === 'pre' && parent.start === start && !parent.language) {
      parent.language = language
      return { name, start }
    }
  }
  if (simple) return { name, start, make: (offset, length) => ({ _: simple, offset, length }) as MessageEntity }
  switch (name) {
    case 'pre': {
      const tag: OpenTag = { name, start, language: attributes.get('language') ?? '' }
      tag.make = (offset, length) => ({ _: 'messageEntityPre', offset, length, language: tag.language ?? '' })
      return tag
    }
    case 'span':
      return {
        name,
        start,
        make: attributes.get('class') === 'tg-spoiler' ? (offset, length) => ({ _: 'messageEntitySpoiler', offset, length }) : undefined,
      }
    case 'a': {
      const href = attributes.get('href')
      return { name, start, make: href ? (offset, length) => linkEntity(href, offset, length) : undefined }
    }
    case 'tg-emoji': {
      const id = attributes.get('emoji-id') ?? ''
      return {
        name,
        start,
        make: /^\d{1,20}$/.test(id) ? (offset, length) => linkEntity(`emoji/${id}`, offset, length) : undefined,
      }
    }
    case 'blockquote': {
      const collapsed = attributes.has('expandable')
      return {
        name,
        start,
        make: (offset, length) =>
          collapsed ? { _: 'messageEntityBlockquote', offset, length, collapsed } : { _: 'messageEntityBlockquote', offset, length },
      }
    }
    default:
      return { name, start }
  }
}

function parseAttributes(raw: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of raw.matchAll(ATTRIBUTE)) {
    attributes.set(match[1].toLowerCase(), decodeText(match[2] ?? match[3] ?? match[4] ?? ''))
  }
  return attributes
}

function decodeText(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]{2,6}));/gi, (whole: string, decimal?: string, hex?: string, named?: string) =>
    decodeReference([whole, decimal, hex, named]) ?? whole,
  )
}

function decodeReference(match: readonly (string | undefined)[]): string | undefined {
  const [, decimal, hex, named] = match
  if (named) return NAMED_CHARACTERS[named.toLowerCase()]
  const code = decimal ? parseInt(decimal, 10) : parseInt(hex ?? '', 16)
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined
  return String.fromCodePoint(code)
}
