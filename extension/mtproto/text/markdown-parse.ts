/**
 * Markdown to text and entities, in Telethon's dialect:
 *   **bold**  __italic__  ~~strike~~  `code`  ```language\npre```  [text](url)
 * plus `--underline--` and `||spoiler||` (as mtcute and Telegram's apps write them).
 * Link targets `tg://user?id=N` are mentions; `tg://emoji?id=N` and `emoji/N` are custom emoji.
 * A backslash makes the next special character literal.
 *
 * The paired markers are toggles rather than a tree, so they may overlap (`**a __b** c__`) and
 * nesting depth costs nothing. A marker left open at the end is kept as literal text. The scan
 * is linear: when a code span has no closing backtick, none after it can have one either.
 */
import { linkEntity, sortEntities, widenToCodePoints, type FormattedText, type MessageEntity } from './formatted-text'

type ToggleKind = 'messageEntityBold' | 'messageEntityItalic' | 'messageEntityUnderline' | 'messageEntityStrike' | 'messageEntitySpoiler'

export const TOGGLE_MARKERS: Readonly<Record<string, ToggleKind>> = {
  '**': 'messageEntityBold',
  __: 'messageEntityItalic',
  '--': 'messageEntityUnderline',
  '~~': 'messageEntityStrike',
  '||': 'messageEntitySpoiler',
}
/** Characters a backslash can make literal outside code. */
export const MARKDOWN_SPECIALS = new Set(['\\', '*', '_', '-', '~', '|', '`', '[', ']', '(', ')'])
/** A pre block's first line is its language when it is one word. */
const LANGUAGE = /^[^\s`\\]*$/

interface Opening {
  /** Output offset where the entity starts. */
  at: number
  /** Source index of the marker, which orders literal re-insertions against entity boundaries. */
  source: number
  marker: string
}

export function parseMarkdown(markdown: string): FormattedText {
  const out: string[] = []
  let length = 0
  const emit = (s: string) => {
    out.push(s)
    length += s.length
  }
  // Entity boundaries are recorded with the source index they came from, and shifted at the end by
  // the literal text of markers that never closed (re-inserted where they stood).
  const found: { entity: MessageEntity; startSource: number; endSource: number }[] = []
  const open = new Map<ToggleKind, Opening>()
  let link: Opening | undefined
  let noClosingBacktick = false

  let i = 0
  const n = markdown.length
  while (i < n) {
    const c = markdown[i]
    if (c === '\\' && i + 1 < n && MARKDOWN_SPECIALS.has(markdown[i + 1])) {
      emit(markdown[i + 1])
      i += 2
      continue
    }
    if (c === '`' && !noClosingBacktick) {
      const fence = markdown.startsWith('```', i)
      const code = scanCode(markdown, i + (fence ? 3 : 1), fence ? '```' : '`')
      if (code) {
        let content = code.content
        let language = ''
        if (fence) {
          const newline = content.indexOf('\n')
          const firstLine = newline < 0 ? undefined : code.raw.slice(0, code.raw.indexOf('\n'))
          if (firstLine !== undefined && LANGUAGE.test(firstLine)) {
            language = firstLine
            content = content.slice(newline + 1)
          }
          if (content.endsWith('\n')) content = content.slice(0, -1)
        }
        const entity: MessageEntity = fence
          ? { _: 'messageEntityPre', offset: length, length: content.length, language }
          : { _: 'messageEntityCode', offset: length, length: content.length }
        found.push({ entity, startSource: i, endSource: code.end })
        emit(content)
        i = code.end
        continue
      }
      // No closing backtick anywhere ahead: every later backtick is literal too.
      noClosingBacktick = true
    }
    const pair = markdown.slice(i, i + 2)
    const toggle = TOGGLE_MARKERS[pair]
    if (toggle) {
      const opening = open.get(toggle)
      if (opening) {
        open.delete(toggle)
        found.push({
          entity: { _: toggle, offset: opening.at, length: length - opening.at },
          startSource: opening.source + 2,
          endSource: i,
        })
      } else {
        open.set(toggle, { at: length, source: i, marker: pair })
      }
      i += 2
      continue
    }
    if (c === '[' && !link) {
      link = { at: length, source: i, marker: '[' }
      i++
      continue
    }
    if (c === ']' && link && markdown[i + 1] === '(') {
      const target = scanUrl(markdown, i + 2)
      if (target) {
        // `[text]()` is just the text, as in common markdown.
        if (target.url) found.push({ entity: linkEntity(target.url, link.at, length - link.at), startSource: link.source + 1, endSource: i })
        link = undefined
        i = target.end
        continue
      }
    }
    emit(c)
    i++
  }

  const literals = [...open.values(), ...(link ? [link] : [])].sort((a, b) => a.source - b.source)
  const text = insertLiterals(out.join(''), literals)
  return { text, entities: sortEntities(widenToCodePoints(text, shiftEntities(found, literals))) }
}

/** Finds the closing marker of a code span, honouring `\`` and `\\`; undefined when there is none. */
function scanCode(text: string, from: number, closing: string): { content: string; raw: string; end: number } | undefined {
  let content = ''
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && (text[i + 1] === '`' || text[i + 1] === '\\')) {
      content += text[++i]
      continue
    }
    if (text.startsWith(closing, i)) return { content, raw: text.slice(from, i), end: i + closing.length }
    content += text[i]
  }
  return undefined
}

function scanUrl(text: string, from: number): { url: string; end: number } | undefined {
  let url = ''
  for (let i = from; i < text.length; i++) {
    const c = text[i]
    if (c === '\\' && (text[i + 1] === ')' || text[i + 1] === '\\')) {
      url += text[++i]
      continue
    }
    if (c === ')') return { url, end: i + 1 }
    if (c === '\n') return undefined
    url += c
  }
  return undefined
}

function insertLiterals(text: string, literals: readonly Opening[]): string {
  if (literals.length === 0) return text
  let result = ''
  let last = 0
  for (const literal of literals) {
    result += text.slice(last, literal.at) + literal.marker
    last = literal.at
  }
  return result + text.slice(last)
}

function shiftEntities(
  found: readonly { entity: MessageEntity; startSource: number; endSource: number }[],
  literals: readonly Opening[],
): MessageEntity[] {
  // Characters re-inserted before a source position: those of literals whose marker came earlier.
  const shift = (source: number) => {
    let total = 0
    for (const literal of literals) {
      if (literal.source >= source) break
      total += literal.marker.length
    }
    return total
  }
  const entities: MessageEntity[] = []
  for (const { entity, startSource, endSource } of found) {
    if (entity.length === 0) continue
    if (literals.length > 0) {
      const start = entity.offset + shift(startSource)
      const end = entity.offset + entity.length + shift(endSource)
      entity.offset = start
      entity.length = end - start
    }
    entities.push(entity)
  }
  return entities
}
