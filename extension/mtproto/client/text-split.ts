/**
 * Splits formatted text into messages Telegram accepts (at most `limit` UTF-16 units each), cutting
 * preferably at a line break, then at a space, never inside a surrogate pair. Entities that cross a
 * cut are clipped to each side; offsets are rebased on each part.
 */
import type { FormattedText, MessageEntity } from '../text/formatted-text'
import { splitsSurrogatePair } from '../text/formatted-text'

export function splitFormattedText(text: string, entities: readonly MessageEntity[], limit: number): FormattedText[] {
  const parts: FormattedText[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(text.length, start + limit)
    if (end < text.length) end = cutPoint(text, start, end)
    parts.push({ text: text.slice(start, end), entities: clip(entities, start, end) })
    start = end
  }
  return parts
}

function cutPoint(text: string, start: number, hardEnd: number): number {
  // Cut after the last line break or space in the second half of the window, if there is one.
  const window = text.slice(start, hardEnd)
  for (const separator of ['\n', ' ']) {
    const at = window.lastIndexOf(separator)
    if (at >= window.length / 2) return start + at + 1
  }
  return splitsSurrogatePair(text, hardEnd) ? hardEnd - 1 : hardEnd
}

function clip(entities: readonly MessageEntity[], start: number, end: number): MessageEntity[] {
  const clipped: MessageEntity[] = []
  for (const entity of entities) {
    const from = Math.max(entity.offset, start)
    const to = Math.min(entity.offset + entity.length, end)
    if (to > from) clipped.push({ ...entity, offset: from - start, length: to - from })
  }
  return clipped
}
