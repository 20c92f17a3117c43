/**
 * The one place message text becomes formatted DOM. Text only ever enters as text nodes; the elements and
 * attributes this module may create are the allow-lists below, and the tests hold every rendering to them.
 *
 * Entities follow Telegram's rules: UTF-16 offsets into the text, possibly nested. Entities from the wire are
 * not trusted either: unknown types, non-integer or out-of-range offsets are dropped or clamped, entities that
 * cross each other are split at the boundary so the result is always properly nested, and nesting is capped.
 * Links carry no href: activating one asks the host, which shows the real URL before opening anything.
 */
import type { EntityType, EntityView } from '../protocol'
import { tokenize } from './highlight'

/** Elements the renderer may produce. */
export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'SPAN', 'STRONG', 'EM', 'U', 'S', 'CODE', 'PRE', 'A', 'BLOCKQUOTE', 'DIV', 'BUTTON',
])
/** Attributes the renderer may set; their values come from this module, or are inert (title, aria-label). */
export const ALLOWED_ATTRIBUTES: ReadonlySet<string> = new Set(['class', 'role', 'tabindex', 'title', 'aria-label', 'aria-hidden', 'type'])
/** Class names the renderer may use. */
export const ALLOWED_CLASS = /^(ent-[a-z]+|tok-[a-z]+|code-[a-z]+|codicon|codicon-[a-z-]+|revealed)$/

export interface EntityActions {
  openUrl(url: string, text: string): void
  openUsername(username: string): void
  openUser(userId: string): void
  hashtag(tag: string): void
  botCommand(command: string): void
  copy(text: string): void
  openInEditor(code: string, language: string | undefined): void
}

/** Past these, the rest of the entities are ignored and their text shown plain. */
export const MAX_ENTITIES = 1_000
export const MAX_DEPTH = 12
const MAX_URL_LENGTH = 4_096

const knownTypes: ReadonlySet<EntityType> = new Set<EntityType>([
  'bold', 'italic', 'underline', 'strike', 'spoiler', 'code', 'pre', 'blockquote', 'url', 'textUrl', 'email',
  'phone', 'mention', 'mentionName', 'hashtag', 'cashtag', 'botCommand', 'customEmoji',
])

/** Entities whose content is literal text: nothing nests inside them. */
const opaque: ReadonlySet<EntityType> = new Set<EntityType>(['code', 'pre'])

interface Span {
  type: EntityType
  start: number
  end: number
  entity: EntityView
  /** Order of appearance, to keep sorting stable. */
  order: number
}

/** The entities that can be rendered, clamped into the text and sorted outermost first. */
export function normalizeEntities(textLength: number, entities: readonly unknown[]): Span[] {
  const spans: Span[] = []
  const list = Array.isArray(entities) ? entities.slice(0, MAX_ENTITIES) : []
  list.forEach((raw, order) => {
    if (typeof raw !== 'object' || raw === null) return
    const entity = raw as EntityView
    if (!knownTypes.has(entity.type)) return
    const { offset, length } = entity
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || length <= 0) return
    const start = Math.max(0, offset)
    const end = Math.min(textLength, offset + length)
    if (start >= end) return
    spans.push({ type: entity.type, start, end, entity, order })
  })
  return spans.sort(byOuterFirst)
}

function byOuterFirst(a: Span, b: Span): number {
  return a.start - b.start || b.end - a.end || a.order - b.order
}

export function renderText(text: string, entities: readonly EntityView[], actions: EntityActions): DocumentFragment {
  const fragment = document.createDocumentFragment()
  const source = typeof text === 'string' ? text : ''
  renderRange(source, normalizeEntities(source.length, entities), 0, source.length, fragment, actions, 0)
  return fragment
}

/** Renders text[from, to) with `spans` (all inside it, sorted) into `parent`. */
function renderRange(text: string, spans: Span[], from: number, to: number, parent: Node, actions: EntityActions, depth: number): void {
  let cursor = from
  let rest = spans
  while (rest.length > 0) {
    const outer = rest[0]
    if (outer.start > cursor) parent.appendChild(document.createTextNode(text.slice(cursor, outer.start)))
    const inside: Span[] = []
    const after: Span[] = []
    for (let i = 1; i < rest.length; i++) {
      const span = rest[i]
      if (span.start >= outer.end) after.push(span)
      else if (span.end <= outer.end) inside.push(span)
      else {
        // Crossing entities: the part inside nests here, the rest continues after this one.
        inside.push({ ...span, end: outer.end })
        after.push({ ...span, start: outer.end })
      }
    }
    const content = text.slice(outer.start, outer.end)
    const { root, body } = entityElement(outer, content, actions)
    if (body) {
      if (depth + 1 >= MAX_DEPTH || opaque.has(outer.type)) body.appendChild(document.createTextNode(content))
      else renderRange(text, inside.sort(byOuterFirst), outer.start, outer.end, body, actions, depth + 1)
    }
    parent.appendChild(root)
    cursor = outer.end
    rest = after.sort(byOuterFirst)
  }
  if (cursor < to) parent.appendChild(document.createTextNode(text.slice(cursor, to)))
}

function el(tag: string, className: string): HTMLElement {
  const element = document.createElement(tag)
  element.className = className
  return element
}

/** Makes an element act like a link or button from the keyboard too. */
function activatable(element: HTMLElement, role: 'link' | 'button', onActivate: () => void): HTMLElement {
  element.setAttribute('role', role)
  element.setAttribute('tabindex', '0')
  element.addEventListener('click', (event) => {
    event.preventDefault()
    event.stopPropagation()
    onActivate()
  })
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || (role === 'button' && event.key === ' ')) {
      event.preventDefault()
      onActivate()
    }
  })
  return element
}

function link(className: string, title: string, onActivate: () => void): HTMLElement {
  const element = activatable(el('a', className), 'link', onActivate)
  element.setAttribute('title', title)
  return element
}

/** The element for one entity; `body` is where its content goes (absent when the element fills itself). */
function entityElement(span: Span, content: string, actions: EntityActions): { root: HTMLElement; body?: HTMLElement } {
  const entity = span.entity
  switch (span.type) {
    case 'bold':
      return single(el('strong', 'ent-bold'))
    case 'italic':
      return single(el('em', 'ent-italic'))
    case 'underline':
      return single(el('u', 'ent-underline'))
    case 'strike':
      return single(el('s', 'ent-strike'))
    case 'blockquote':
      return single(el('blockquote', 'ent-blockquote'))
    case 'customEmoji':
      return single(el('span', 'ent-emoji'))
    case 'phone':
      return single(el('span', 'ent-phone'))
    case 'code':
      return single(el('code', 'ent-code'))
    case 'spoiler': {
      const spoiler = el('span', 'ent-spoiler')
      spoiler.setAttribute('aria-label', 'Spoiler, press to reveal')
      activatable(spoiler, 'button', () => {
        spoiler.classList.add('revealed')
        spoiler.removeAttribute('aria-label')
        spoiler.removeAttribute('role')
        spoiler.removeAttribute('tabindex')
      })
      return single(spoiler)
    }
    case 'url':
      return single(link('ent-link', content, () => actions.openUrl(content, content)))
    case 'textUrl': {
      const url = typeof entity.url === 'string' ? entity.url.slice(0, MAX_URL_LENGTH) : ''
      if (!url) return single(el('span', 'ent-plain'))
      return single(link('ent-link', url, () => actions.openUrl(url, content)))
    }
    case 'email':
      return single(link('ent-link', content, () => actions.openUrl(`mailto:${content}`, content)))
    case 'mention':
      return single(link('ent-mention', content, () => actions.openUsername(content.replace(/^@/, ''))))
    case 'mentionName': {
      const userId = typeof entity.userId === 'string' ? entity.userId : ''
      if (!userId) return single(el('span', 'ent-plain'))
      return single(link('ent-mention', content, () => actions.openUser(userId)))
    }
    case 'hashtag':
    case 'cashtag':
      return single(link('ent-hashtag', content, () => actions.hashtag(content)))
    case 'botCommand':
      return single(link('ent-command', content, () => actions.botCommand(content)))
    case 'pre':
      return { root: codeBlock(content, typeof entity.language === 'string' ? entity.language : undefined, actions) }
  }
}

const single = (element: HTMLElement) => ({ root: element, body: element })

/** A `pre` block: highlighted code with Copy and Open in Editor. */
function codeBlock(code: string, language: string | undefined, actions: EntityActions): HTMLElement {
  const block = el('div', 'code-block')
  const header = el('div', 'code-header')
  const label = el('span', 'code-language')
  label.textContent = language?.slice(0, 32) || 'code'
  header.append(
    label,
    codeAction('copy', 'Copy', () => actions.copy(code)),
    codeAction('go-to-file', 'Open in Editor', () => actions.openInEditor(code, language?.slice(0, 64))),
  )
  const pre = el('pre', 'ent-pre')
  const body = el('code', 'code-body')
  for (const token of tokenize(code, language)) {
    if (token.type === 'plain') body.appendChild(document.createTextNode(token.text))
    else {
      const span = el('span', `tok-${token.type}`)
      span.textContent = token.text
      body.appendChild(span)
    }
  }
  pre.appendChild(body)
  block.append(header, pre)
  return block
}

function codeAction(iconName: string, label: string, onClick: () => void): HTMLElement {
  const action = el('button', 'code-action')
  action.setAttribute('type', 'button')
  action.setAttribute('title', label)
  const glyph = el('span', `codicon codicon-${iconName}`)
  glyph.setAttribute('aria-hidden', 'true')
  action.append(glyph, document.createTextNode(label))
  action.addEventListener('click', (event) => {
    event.stopPropagation()
    onClick()
  })
  return action
}

/** The text a reader sees without formatting: previews, reply snippets, copy. */
export function plainText(text: string, maxLength = 200): string {
  const line = (typeof text === 'string' ? text : '').replace(/\s+/g, ' ').trim()
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line
}
