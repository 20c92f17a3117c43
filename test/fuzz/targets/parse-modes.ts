/**
 * The markdown and HTML parse modes (extension/mtproto/text) on hostile markup and hostile entities.
 * Parsing never throws (no error is allowed) and gives entities that fit the text: inside it, not empty, not
 * splitting a surrogate pair. Parsing is a fixed point: formatting what was parsed and parsing that again gives the
 * same text and the same formatting. Formatting any entities either fails with InvalidEntityError or gives markup
 * that parses back to exactly the text.
 */
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { InvalidEntityError, parseHtml, parseMarkdown, toHtml, toMarkdown, type FormattedText, type MessageEntity } from '../../../extension/mtproto/text'
import { checkEntities } from '../../../extension/mtproto/text/formatted-text'
import type { FuzzTarget } from '../fuzz-target'

interface Mode {
  name: string
  parse(markup: string): FormattedText
  format(text: string, entities: readonly MessageEntity[]): string
  tokens: readonly string[]
}

const SHARED_TOKENS = ['a', 'b c', ' ', '\n', '😀', '𝔸', '\ud800', '\udc00', 'é', '\u200b', 'tg://user?id=42', 'https://example.com/x?a=1&b=2']

const MODES: Mode[] = [
  {
    name: 'markdown',
    parse: parseMarkdown,
    format: toMarkdown,
    tokens: [...SHARED_TOKENS, '**', '__', '--', '~~', '||', '`', '```', '```ts\n', '[', ']', '(', ')', '](', '\\', '*', '_', '-', '~', '|', 'emoji/5', 'tg://emoji?id=7'],
  },
  {
    name: 'HTML',
    parse: parseHtml,
    format: toHtml,
    tokens: [
      ...SHARED_TOKENS, '<b>', '</b>', '<i>', '</i>', '<u>', '</u>', '<s>', '</s>', '<del>', '<tg-spoiler>', '</tg-spoiler>', '<span class="tg-spoiler">', '</span>',
      '<code>', '</code>', '<pre>', '</pre>', '<pre language="py">', '<code class="language-ts">', '<a href="', '<a href=x>', '</a>', '">', '<blockquote>',
      '<blockquote expandable>', '</blockquote>', '<tg-emoji emoji-id="5">', '</tg-emoji>', '<br>', '<br/>', '<unknown>', '</unknown>', '<', '>', '&amp;',
      '&lt;', '&#128512;', '&#x1F600;', '&#0;', '&#99999999;', '&bogus;', '&', '"', "'", '<!--', '-->', '<b', '</',
    ],
  },
]

const markupArb = (mode: Mode) =>
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...mode.tokens), weight: 8 }, { arbitrary: fc.string({ maxLength: 3 }), weight: 1 }), { maxLength: 50 }).map((parts) => parts.join(''))

/** Formatting as ranges per entity kind and attributes, merged where they touch: what a reader sees. */
function appearance(entities: readonly MessageEntity[]): string[] {
  const ranges = new Map<string, [number, number][]>()
  for (const { offset, length, ...rest } of entities) {
    const key = JSON.stringify(rest, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    ranges.set(key, [...(ranges.get(key) ?? []), [offset, offset + length]])
  }
  const out: string[] = []
  for (const [key, list] of ranges) {
    list.sort((a, b) => a[0] - b[0])
    let current: [number, number] | undefined
    for (const range of list) {
      if (current && range[0] <= current[1]) current[1] = Math.max(current[1], range[1])
      else {
        if (current) out.push(`${key}@${current[0]}-${current[1]}`)
        current = [...range]
      }
    }
    if (current) out.push(`${key}@${current[0]}-${current[1]}`)
  }
  return out.sort()
}

function checkParsed(parsed: FormattedText): void {
  assert.doesNotThrow(() => checkEntities(parsed.text, parsed.entities))
  for (const entity of parsed.entities) assert.ok(entity.length > 0, `an empty ${entity._}`)
}

function parseTarget(mode: Mode, seed: number): FuzzTarget<string> {
  return {
    name: `${mode.name} parse mode on hostile markup, and its fixed point`,
    seed,
    allowedErrors: [],
    input: markupArb(mode),
    run(markup) {
      const parsed = mode.parse(markup)
      checkParsed(parsed)
      const again = mode.parse(mode.format(parsed.text, parsed.entities))
      assert.equal(again.text, parsed.text)
      assert.deepEqual(appearance(again.entities), appearance(parsed.entities))
    },
  }
}

const ENTITY_KINDS = [
  'messageEntityBold', 'messageEntityItalic', 'messageEntityUnderline', 'messageEntityStrike', 'messageEntitySpoiler', 'messageEntityCode',
  'messageEntityPre', 'messageEntityTextUrl', 'messageEntityMentionName', 'messageEntityCustomEmoji', 'messageEntityBlockquote', 'messageEntityUrl',
] as const

const hostileEntityArb: fc.Arbitrary<MessageEntity> = fc
  .record({
    kind: fc.constantFrom(...ENTITY_KINDS),
    offset: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0.5, Number.NaN, 2 ** 31)),
    length: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constantFrom(0.5, Number.NaN, 2 ** 31)),
    text: fc.oneof(fc.constantFrom('ts', '"><script>', '`', ')', 'javascript:alert(1)', ''), fc.string({ maxLength: 8 })),
  })
  .map(({ kind, offset, length, text }): MessageEntity => {
    switch (kind) {
      case 'messageEntityPre':
        return { _: kind, offset, length, language: text }
      case 'messageEntityTextUrl':
        return { _: kind, offset, length, url: text }
      case 'messageEntityMentionName':
        return { _: kind, offset, length, user_id: 42n }
      case 'messageEntityCustomEmoji':
        return { _: kind, offset, length, document_id: -5n }
      default:
        return { _: kind, offset, length }
    }
  })

function formatTarget(mode: Mode, seed: number): FuzzTarget<{ text: string; entities: MessageEntity[] }> {
  return {
    name: `${mode.name} formatter on hostile entities gives markup that parses back to the text`,
    seed,
    allowedErrors: [InvalidEntityError],
    input: fc.record({ text: markupArb(mode), entities: fc.array(hostileEntityArb, { maxLength: 6 }) }),
    run({ text, entities }) {
      const parsed = mode.parse(mode.format(text, entities))
      assert.equal(parsed.text, text)
      checkParsed(parsed)
    },
  }
}

export const parseModeTargets: FuzzTarget<unknown>[] = MODES.flatMap((mode, i) => [parseTarget(mode, 0x9a25e00 + i), formatTarget(mode, 0x9a25e10 + i)])
