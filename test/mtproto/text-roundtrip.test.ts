// Entities back to markdown and HTML: parsing the output gives the input back (for everything the dialect
// can say), any text is escaped, bad entities get a typed error, and hostile input finishes.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { InvalidEntityError, parseHtml, parseMarkdown, toHtml, toMarkdown, toSendableEntities, type MessageEntity } from '../../extension/mtproto/text'

// Any text, specials and astral characters included; offsets are then picked on code point boundaries.
const text = fc
  .array(fc.oneof(fc.constantFrom('*', '_', '-', '~', '|', '`', '[', ']', '(', ')', '\\', '<', '>', '&', '"', '\n', ' ', '😀', '𝔸'), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 24 })
  .map((parts) => parts.join(''))

/** Offsets where an entity may start or end: not inside a surrogate pair. */
function boundaries(s: string): number[] {
  const result = [0]
  let i = 0
  for (const ch of s) result.push((i += ch.length))
  return result
}

const KINDS = ['messageEntityBold', 'messageEntityItalic', 'messageEntityUnderline', 'messageEntityStrike', 'messageEntitySpoiler'] as const

function entityOf(kind: string, offset: number, length: number): MessageEntity {
  switch (kind) {
    case 'pre':
      return { _: 'messageEntityPre', offset, length, language: 'ts' }
    case 'code':
      return { _: 'messageEntityCode', offset, length }
    case 'link':
      return { _: 'messageEntityTextUrl', offset, length, url: 'https://example.com/(a)\\b' }
    case 'mention':
      return { _: 'messageEntityMentionName', offset, length, user_id: 42n }
    case 'emoji':
      return { _: 'messageEntityCustomEmoji', offset, length, document_id: -5n }
    case 'quote':
      return { _: 'messageEntityBlockquote', offset, length, collapsed: true }
    default:
      return { _: kind, offset, length } as MessageEntity
  }
}

/** Text plus entities of the given kinds at arbitrary (surrogate-safe) ranges, overlapping freely. */
const withEntities = (kinds: readonly string[], maxEntities: number) =>
  text.chain((s) => {
    const points = boundaries(s)
    const range = fc.tuple(fc.constantFrom(...points), fc.constantFrom(...points)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
    return fc
      .array(fc.tuple(fc.constantFrom(...kinds), range), { maxLength: maxEntities })
      .map((list) => ({ text: s, entities: list.map(([kind, [start, end]]) => entityOf(kind, start, end - start)) }))
  })

/** Entities of one kind and attributes merged where they touch or overlap; empty ones dropped. */
function normalize(entities: readonly MessageEntity[]): string[] {
  const groups = new Map<string, [number, number][]>()
  for (const e of entities) {
    if (e.length === 0) continue
    const { offset, length, ...rest } = e
    const key = JSON.stringify(rest, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
    groups.set(key, [...(groups.get(key) ?? []), [offset, offset + length]])
  }
  const out: string[] = []
  for (const [key, ranges] of groups) {
    ranges.sort((a, b) => a[0] - b[0])
    let current: [number, number] | undefined
    for (const r of ranges) {
      if (current && r[0] <= current[1]) current[1] = Math.max(current[1], r[1])
      else {
        if (current) out.push(`${key}@${current}`)
        current = [...r]
      }
    }
    if (current) out.push(`${key}@${current}`)
  }
  return out.sort()
}

describe('toHtml', () => {
  it('gives back the text and every entity range, however entities overlap', () => {
    const kinds = [...KINDS, 'code', 'pre', 'link', 'mention', 'emoji', 'quote']
    fc.assert(
      fc.property(withEntities(kinds, 6), ({ text: s, entities }) => {
        const parsed = parseHtml(toHtml(s, entities))
        assert.equal(parsed.text, s)
        assert.deepEqual(normalize(parsed.entities), normalize(entities))
      }),
      { numRuns: 1000 },
    )
  })

  it('escapes markup in text and attributes', () => {
    assert.equal(toHtml('<b>&"', []), '&lt;b&gt;&amp;"')
    assert.equal(toHtml('x', [{ _: 'messageEntityTextUrl', offset: 0, length: 1, url: 'a"><script>' }]), '<a href="a&quot;&gt;&lt;script&gt;">x</a>')
  })
})

describe('toMarkdown', () => {
  it('escapes any text so that it parses back unchanged', () => {
    fc.assert(fc.property(text, (s) => assert.deepEqual(parseMarkdown(toMarkdown(s, [])), { text: s, entities: [] })), { numRuns: 1000 })
  })

  it('gives back overlapping formatting of different kinds exactly', () => {
    const oneOfEach = withEntities(KINDS, 5).filter(({ entities }) => new Set(entities.map((e) => e._)).size === entities.length)
    fc.assert(
      fc.property(oneOfEach, ({ text: s, entities }) => {
        const parsed = parseMarkdown(toMarkdown(s, entities))
        assert.equal(parsed.text, s)
        assert.deepEqual(normalize(parsed.entities), normalize(entities))
      }),
      { numRuns: 1000 },
    )
  })

  it('gives back code, pre blocks and links with any content exactly', () => {
    const disjoint = withEntities(['code', 'pre', 'link', 'mention', 'emoji'], 3).filter(({ entities }) => {
      const sorted = entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset)
      return sorted.every((e, i) => i === 0 || e.offset >= sorted[i - 1].offset + sorted[i - 1].length)
    })
    fc.assert(
      fc.property(disjoint, ({ text: s, entities }) => {
        const parsed = parseMarkdown(toMarkdown(s, entities))
        assert.equal(parsed.text, s)
        assert.deepEqual(normalize(parsed.entities), normalize(entities))
      }),
      { numRuns: 1000 },
    )
  })

  it('is stable: whatever it simplifies, formatting its own output again changes nothing', () => {
    fc.assert(
      fc.property(withEntities([...KINDS, 'code', 'pre', 'link'], 8), ({ text: s, entities }) => {
        const once = toMarkdown(s, entities)
        const parsed = parseMarkdown(once)
        assert.equal(parsed.text, s)
        assert.equal(toMarkdown(parsed.text, parsed.entities), once)
      }),
      { numRuns: 1000 },
    )
  })

  it("writes Telethon's forms for pre, mentions and custom emoji", () => {
    const s = 'code me 😀'
    const entities: MessageEntity[] = [
      { _: 'messageEntityPre', offset: 0, length: 4, language: 'py' },
      { _: 'messageEntityMentionName', offset: 5, length: 2, user_id: 7n },
      { _: 'messageEntityCustomEmoji', offset: 8, length: 2, document_id: 5368324170671202286n },
    ]
    assert.equal(toMarkdown(s, entities), '```py\ncode\n``` [me](tg://user?id=7) [😀](emoji/5368324170671202286)')
  })
})

describe('entities that do not fit the text', () => {
  const cases: [string, MessageEntity][] = [
    ['a negative offset', { _: 'messageEntityBold', offset: -1, length: 2 }],
    ['an end past the text', { _: 'messageEntityBold', offset: 2, length: 5 }],
    ['a fractional length', { _: 'messageEntityBold', offset: 0, length: 1.5 }],
    ['an offset inside a surrogate pair', { _: 'messageEntityBold', offset: 1, length: 1 }],
  ]
  for (const [what, entity] of cases) {
    it(`reject ${what} with InvalidEntityError in both directions`, () => {
      for (const format of [toHtml, toMarkdown]) {
        assert.throws(
          () => format('😀ab', [{ _: 'messageEntityItalic', offset: 0, length: 1 + 1 }, entity]),
          (error: unknown) => error instanceof InvalidEntityError && error.index === 1,
        )
      }
    })
  }
})

describe('hostile input', () => {
  const hostile = [
    '**'.repeat(50_001),
    '`'.repeat(100_001),
    '```'.repeat(30_001),
    '['.repeat(100_000) + '](x',
    '\\'.repeat(100_001),
    '**__--~~||'.repeat(20_000),
    '[a](' + '\\'.repeat(50_000),
  ]
  for (const source of hostile) {
    it(`markdown finishes on ${JSON.stringify(source.slice(0, 12))}… (${source.length} chars) with no marker lost`, () => {
      const parsed = parseMarkdown(source)
      assert.ok(parsed.text.length <= source.length)
      for (const e of parsed.entities) assert.ok(e.offset >= 0 && e.offset + e.length <= parsed.text.length)
    })
  }

  const hostileHtml = ['<b>'.repeat(100_000) + 'x', '<a '.repeat(50_000), '<a b="'.repeat(30_000), '&#'.repeat(50_000), '</i>'.repeat(50_000) + '<b x=' + "'".repeat(1000)]
  for (const source of hostileHtml) {
    it(`HTML finishes on ${JSON.stringify(source.slice(0, 12))}… (${source.length} chars)`, () => {
      const parsed = parseHtml(source)
      for (const e of parsed.entities) assert.ok(e.offset >= 0 && e.offset + e.length <= parsed.text.length)
    })
  }

  it('keeps unbalanced markdown markers as literal text, entities still placed right', () => {
    assert.deepEqual(parseMarkdown('**a __b__'), { text: '**a b', entities: [{ _: 'messageEntityItalic', offset: 4, length: 1 }] })
    assert.deepEqual(parseMarkdown('[a **b** c'), { text: '[a b c', entities: [{ _: 'messageEntityBold', offset: 3, length: 1 }] })
    assert.deepEqual(parseMarkdown('`a'), { text: '`a', entities: [] })
  })

  it('runs HTML tags left open to the end, and ignores stray closing tags', () => {
    assert.deepEqual(parseHtml('</b>a<i>b'), { text: 'ab', entities: [{ _: 'messageEntityItalic', offset: 1, length: 1 }] })
  })
})

describe('toSendableEntities', () => {
  it('turns known mentions into inputMessageEntityMentionName and unknown ones into links', () => {
    const { entities } = parseMarkdown('[a](tg://user?id=1) [b](tg://user?id=2)')
    const sendable = toSendableEntities(entities, (id) => (id === 1n ? { _: 'inputUser', user_id: 1n, access_hash: 11n } : undefined))
    assert.deepEqual(sendable, [
      { _: 'inputMessageEntityMentionName', offset: 0, length: 1, user_id: { _: 'inputUser', user_id: 1n, access_hash: 11n } },
      { _: 'messageEntityTextUrl', offset: 2, length: 1, url: 'tg://user?id=2' },
    ])
  })
})
