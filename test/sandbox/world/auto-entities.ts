// The entities Telegram's server finds in plain text on its own: #hashtags, @mentions, $CASHTAGS, /bot_commands,
// links and email addresses. Clients send only the formatting the user chose; the server adds these, so a
// message with "#release" in it comes back with a clickable hashtag. Offsets and lengths are UTF-16 code
// units, as JavaScript indexes strings and as the MessageEntity fields count.
import type { TlTypes } from '../../../schema/codec/generated/types'

type MessageEntity = TlTypes['MessageEntity']
type Span = { offset: number; length: number }

/** Telegram refuses hashtags longer than this; longer runs are cut here. */
const HASHTAG_MAX = 256
/** Top-level domains a bare `name.tld` link may end in; anything else needs a scheme or `www.`. */
const BARE_LINK_TLDS = new Set(['com', 'org', 'net', 'io', 'dev', 'app', 'me', 'ru', 'uk', 'de', 'fr', 'info', 'co', 'ai', 'gg', 'tv', 'edu', 'gov'])

// A letter, digit or underscore in any script: what hashtags are made of, and what may not stand just before a
// marker (so "a#b", "x@y" and "and/or" find nothing).
const WORD = /[\p{L}\p{M}\p{N}_]/u
const HASHTAG = /#[\p{L}\p{M}\p{N}_]+/gu
const MENTION = /@[a-zA-Z][a-zA-Z0-9_]{3,31}(?![a-zA-Z0-9_])/g
const CASHTAG = /\$[A-Z]{3,8}(?![\p{L}\p{N}_])/gu
const BOT_COMMAND = /\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z][a-zA-Z0-9_]{3,31})?(?![\p{L}\p{N}_/])/gu
const EMAIL = /[a-zA-Z0-9._%+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,24}(?![\p{L}\p{N}_@])/gu
const LINK = /(?:(?:https?|tg|ftp):\/\/|www\.)[^\s<>"]+|(?:[a-zA-Z0-9-]+\.)+([a-zA-Z]{2,24})(?:\/[^\s<>"]*)?/g
/** Characters a link does not end with: sentence punctuation right after it belongs to the sentence. */
const LINK_TRAILING = /[.,:;!?'")\]}]+$/

/**
 * The sender's entities plus the ones the server finds in the text. What the sender marked wins: nothing is
 * found inside a code block, a pre block, a link or a mention the sender gave, nor overlapping one; formatting
 * (bold, italic…) may hold found entities, as in Telegram.
 */
export function withAutoEntities(text: string, given: readonly MessageEntity[] | undefined): MessageEntity[] | undefined {
  const found = findAutoEntities(text).filter((entity) => !(given ?? []).some((other) => !isFormatting(other) && overlaps(entity, other)))
  if (found.length === 0) return given && [...given]
  return [...(given ?? []), ...found].sort((a, b) => a.offset - b.offset || b.length - a.length)
}

/** Every entity Telegram would find in `text`, in text order, none overlapping another. */
export function findAutoEntities(text: string): MessageEntity[] {
  const candidates: MessageEntity[] = [
    // Links and emails first: "user@example.com" is an email, not a mention, and "example.com/#x" holds no hashtag.
    ...matches(text, EMAIL).filter((span) => startsWord(text, span.offset)).map((span) => entity('messageEntityEmail', span)),
    ...links(text).map((span) => entity('messageEntityUrl', span)),
    ...matches(text, MENTION).filter((span) => startsWord(text, span.offset)).map((span) => entity('messageEntityMention', span)),
    ...hashtags(text).map((span) => entity('messageEntityHashtag', span)),
    ...matches(text, CASHTAG).filter((span) => startsWord(text, span.offset)).map((span) => entity('messageEntityCashtag', span)),
    ...matches(text, BOT_COMMAND).filter((span) => startsCommand(text, span.offset)).map((span) => entity('messageEntityBotCommand', span)),
  ]
  const kept: MessageEntity[] = []
  for (const candidate of candidates) if (!kept.some((other) => overlaps(candidate, other))) kept.push(candidate)
  return kept.sort((a, b) => a.offset - b.offset)
}

function hashtags(text: string): Span[] {
  return matches(text, HASHTAG)
    .filter((span) => startsWord(text, span.offset) && text[span.offset - 1] !== '#')
    // "#2024" is a number, not a hashtag: at least one character must not be a digit.
    .filter((span) => /[^\p{N}]/u.test(text.slice(span.offset + 1, span.offset + span.length)))
    .map((span) => ({ offset: span.offset, length: Math.min(span.length, HASHTAG_MAX + 1) }))
}

function links(text: string): Span[] {
  const spans: Span[] = []
  for (const match of text.matchAll(LINK)) {
    const start = match.index
    if (!startsWord(text, start) || text[start - 1] === '@' || text[start - 1] === '.') continue
    const bareTld = match[1]
    if (bareTld !== undefined && !BARE_LINK_TLDS.has(bareTld.toLowerCase())) continue
    const link = trimLink(match[0])
    // "https://" alone, or "www." with nothing after it, is no link.
    if (/^(?:[a-z]+:\/\/|www\.)$/i.test(link) || !/[a-zA-Z0-9]/.test(link.replace(/^(?:[a-z]+:\/\/|www\.)/i, ''))) continue
    spans.push({ offset: start, length: link.length })
  }
  return spans
}

/** Drops the trailing punctuation of a link, keeping a closing bracket that closes one opened inside it. */
function trimLink(link: string): string {
  let end = link.length
  for (;;) {
    const trailing = LINK_TRAILING.exec(link.slice(0, end))
    if (!trailing) return link.slice(0, end)
    const last = link[end - 1]!
    const open = last === ')' ? '(' : last === ']' ? '[' : last === '}' ? '{' : undefined
    if (open && count(link.slice(0, end - 1), open) > count(link.slice(0, end - 1), last)) return link.slice(0, end)
    end--
  }
}

function count(text: string, character: string): number {
  return text.split(character).length - 1
}

function matches(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((match) => ({ offset: match.index, length: match[0].length }))
}

/** A marker starts an entity only at the start of a word: not after a letter, digit or underscore. */
function startsWord(text: string, offset: number): boolean {
  if (offset === 0) return true
  // A letter outside the BMP sits before `offset` as a surrogate pair: look at the whole code point.
  const before = String.fromCodePoint(text.codePointAt(offset - 2 >= 0 && isLowSurrogate(text.charCodeAt(offset - 1)) ? offset - 2 : offset - 1)!)
  return !WORD.test(before)
}

/** A bot command stands on its own: "/start" but not "a/b", "1/2" or the "/bin" of "/usr/bin". */
function startsCommand(text: string, offset: number): boolean {
  return startsWord(text, offset) && text[offset - 1] !== '/' && text[offset - 1] !== '<'
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

function overlaps(a: Span, b: Span): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length
}

/** Entities that only style text; anything else (code, links, mentions…) keeps the server's hands off its text. */
function isFormatting(entity: MessageEntity): boolean {
  switch (entity._) {
    case 'messageEntityBold':
    case 'messageEntityItalic':
    case 'messageEntityUnderline':
    case 'messageEntityStrike':
    case 'messageEntitySpoiler':
    case 'messageEntityBlockquote':
      return true
    default:
      return false
  }
}

type FoundKind = 'messageEntityHashtag' | 'messageEntityMention' | 'messageEntityCashtag' | 'messageEntityBotCommand' | 'messageEntityUrl' | 'messageEntityEmail'

function entity(kind: FoundKind, span: Span): MessageEntity {
  return { _: kind, offset: span.offset, length: span.length }
}
