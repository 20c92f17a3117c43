/**
 * Text and entities back to the HTML `parseHtml` reads. HTML must nest, so an entity that overlaps
 * another is closed and reopened around it; parsing gives back the same ranges, in pieces.
 * Entities with no HTML form (auto-detected mentions, URLs, hashtags...) are left as plain text.
 */
import { checkEntities, mentionedUserId, type MessageEntity } from './formatted-text'

const SIMPLE: Partial<Record<MessageEntity['_'], string>> = {
  messageEntityBold: 'b',
  messageEntityItalic: 'i',
  messageEntityUnderline: 'u',
  messageEntityStrike: 's',
  messageEntitySpoiler: 'tg-spoiler',
  messageEntityCode: 'code',
}

interface Element {
  end: number
  open: string
  close: string
}

export function toHtml(text: string, entities: readonly MessageEntity[]): string {
  const starts = new Map<number, Element[]>()
  const boundaries = new Set<number>()
  for (const entity of checkEntities(text, entities)) {
    const tags = tagsOf(entity)
    if (!tags) continue
    const element = { end: entity.offset + entity.length, ...tags }
    const list = starts.get(entity.offset)
    if (list) list.push(element)
    else starts.set(entity.offset, [element])
    boundaries.add(entity.offset).add(element.end)
  }
  const positions = [...boundaries].sort((a, b) => a - b)
  const out: string[] = []
  const stack: Element[] = []
  let last = 0
  for (const position of positions) {
    out.push(escapeText(text.slice(last, position)))
    last = position
    // Close everything down to the deepest element ending here, then reopen the survivors.
    const deepest = stack.findIndex((element) => element.end === position)
    if (deepest >= 0) {
      const popped = stack.splice(deepest)
      for (let k = popped.length - 1; k >= 0; k--) out.push(popped[k].close)
      for (const element of popped) {
        if (element.end === position) continue
        out.push(element.open)
        stack.push(element)
      }
    }
    // Longer elements outside shorter ones, so fewer have to be split later.
    for (const element of (starts.get(position) ?? []).sort((a, b) => b.end - a.end)) {
      out.push(element.open)
      stack.push(element)
    }
  }
  out.push(escapeText(text.slice(last)))
  return out.join('')
}

function tagsOf(entity: MessageEntity): { open: string; close: string } | undefined {
  const simple = SIMPLE[entity._]
  if (simple) return { open: `<${simple}>`, close: `</${simple}>` }
  switch (entity._) {
    case 'messageEntityPre':
      return entity.language
        ? { open: `<pre><code class="language-${escapeAttribute(entity.language)}">`, close: '</code></pre>' }
        : { open: '<pre>', close: '</pre>' }
    case 'messageEntityTextUrl':
      return { open: `<a href="${escapeAttribute(entity.url)}">`, close: '</a>' }
    case 'messageEntityCustomEmoji':
      return { open: `<tg-emoji emoji-id="${BigInt.asUintN(64, entity.document_id)}">`, close: '</tg-emoji>' }
    case 'messageEntityBlockquote':
      return { open: entity.collapsed ? '<blockquote expandable>' : '<blockquote>', close: '</blockquote>' }
  }
  const user = mentionedUserId(entity)
  return user === undefined ? undefined : { open: `<a href="tg://user?id=${user}">`, close: '</a>' }
}

export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;')
}
