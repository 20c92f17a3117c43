/**
 * Text and entities back to the markdown `parseMarkdown` reads, so that parsing the result gives the
 * same text and entities. What markdown cannot say is simplified, never garbled:
 * - entities with no markdown form (blockquote, auto-detected mentions, URLs, hashtags...) are left out;
 * - overlapping or touching entities of one kind are merged (the markers are toggles);
 * - formatting cannot start or end inside code, so such a boundary moves to the code's edge;
 * - a link overlapping an earlier link is dropped.
 */
import { MARKDOWN_SPECIALS, TOGGLE_MARKERS } from './markdown-parse'
import { checkEntities, mentionedUserId, type MessageEntity } from './formatted-text'

const MARKER_OF = Object.fromEntries(Object.entries(TOGGLE_MARKERS).map(([marker, kind]) => [kind, marker])) as Record<string, string>
const PAIRED = new Set(['*', '_', '-', '~', '|'])
const LANGUAGE = /^[^\s`\\]+$/

interface Span {
  start: number
  end: number
  open: string
  close: string
  /** Closers at one position run code first, then toggles, then links; openers the other way. */
  rank: number
  code?: boolean
}

export function toMarkdown(text: string, entities: readonly MessageEntity[]): string {
  const valid = checkEntities(text, entities)
  const code = nonOverlapping(valid.filter((e) => e._ === 'messageEntityCode' || e._ === 'messageEntityPre'))
  const spans: Span[] = code.map((e) => ({
    start: e.offset,
    end: e.offset + e.length,
    open: e._ === 'messageEntityPre' ? '```' + (LANGUAGE.test(e.language) ? e.language : '') + '\n' : '`',
    close: e._ === 'messageEntityPre' ? '\n```' : '`',
    rank: 0,
    code: true,
  }))
  const clip = (start: number, end: number) => clipToCode(start, end, code)

  for (const [kind, marker] of Object.entries(MARKER_OF)) {
    const ranges = valid.filter((e) => e._ === kind).map((e) => clip(e.offset, e.offset + e.length))
    for (const [start, end] of mergeRanges(ranges)) spans.push({ start, end, open: marker, close: marker, rank: 1 })
  }

  let linkEnd = -1
  for (const entity of [...valid].sort((a, b) => a.offset - b.offset)) {
    const url = linkTarget(entity)
    if (url === undefined) continue
    const [start, end] = clip(entity.offset, entity.offset + entity.length)
    if (start >= end || start < linkEnd || url === '') continue
    linkEnd = end
    spans.push({ start, end, open: '[', close: `](${url.replace(/[\\)]/g, '\\$&').replace(/\n/g, '%0A')})`, rank: 2 })
  }
  return render(text, spans)
}

function linkTarget(entity: MessageEntity): string | undefined {
  if (entity._ === 'messageEntityTextUrl') return entity.url
  if (entity._ === 'messageEntityCustomEmoji') return `emoji/${BigInt.asUintN(64, entity.document_id)}`
  const user = mentionedUserId(entity)
  return user === undefined ? undefined : `tg://user?id=${user}`
}

type Piece = { text: string; kind: 'marker' | 'text' | 'code' }

function render(text: string, spans: Span[]): string {
  const events = new Map<number, { closes: Span[]; opens: Span[] }>()
  const at = (position: number) => {
    let event = events.get(position)
    if (!event) events.set(position, (event = { closes: [], opens: [] }))
    return event
  }
  for (const span of spans) {
    if (span.start >= span.end) continue
    at(span.start).opens.push(span)
    at(span.end).closes.push(span)
  }
  const positions = [...events.keys()].sort((a, b) => a - b)
  const pieces: Piece[] = []
  let last = 0
  let inCode = false
  for (const position of positions) {
    if (position > last) pieces.push({ text: text.slice(last, position), kind: inCode ? 'code' : 'text' })
    last = position
    const { closes, opens } = events.get(position)!
    for (const span of closes.sort((a, b) => a.rank - b.rank)) {
      pieces.push({ text: span.close, kind: 'marker' })
      if (span.code) inCode = false
    }
    for (const span of opens.sort((a, b) => b.rank - a.rank || b.end - a.end)) {
      pieces.push({ text: span.open, kind: 'marker' })
      if (span.code) inCode = true
    }
  }
  if (last < text.length) pieces.push({ text: text.slice(last), kind: 'text' })
  return escapePieces(pieces)
}

/**
 * Escapes right to left, so each character knows what follows it in the output: a single `*`, `_`,
 * `-`, `~` or `|` needs a backslash only when the next output character would pair with it.
 */
function escapePieces(pieces: readonly Piece[]): string {
  const out: string[] = []
  let next = ''
  for (let p = pieces.length - 1; p >= 0; p--) {
    const { text, kind } = pieces[p]
    if (kind === 'marker') {
      out.push(text)
      if (text.length > 0) next = text[0]
      continue
    }
    for (let i = text.length - 1; i >= 0; i--) {
      const c = text[i]
      const escape =
        kind === 'code' ? c === '`' || c === '\\' : (MARKDOWN_SPECIALS.has(c) && !PAIRED.has(c) && c !== '(' && c !== ')') || (PAIRED.has(c) && c === next)
      out.push(escape ? '\\' + c : c)
      next = escape ? '\\' : c
    }
  }
  return out.reverse().join('')
}

/** Code spans in order, each one that overlaps an earlier one left out. */
function nonOverlapping(code: MessageEntity[]): MessageEntity[] {
  const kept: MessageEntity[] = []
  let end = -1
  for (const entity of [...code].sort((a, b) => a.offset - b.offset)) {
    if (entity.offset < end) continue
    kept.push(entity)
    end = entity.offset + entity.length
  }
  return kept
}

/** Moves a boundary that falls inside a code span to that span's edge. */
function clipToCode(start: number, end: number, code: readonly MessageEntity[]): [number, number] {
  for (const c of code) {
    const codeEnd = c.offset + c.length
    if (start > c.offset && start < codeEnd) start = codeEnd
    if (end > c.offset && end < codeEnd) end = c.offset
  }
  return [start, end]
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1]
    if (last && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}
