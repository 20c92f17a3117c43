// Markdown and HTML parsing of generated documents: the text and entities must be exactly those the
// document's own tree describes (UTF-16 offsets around emoji and surrogate pairs included), and must agree
// with mtcute's parsers, an independent implementation of the same dialects.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { md } from '@mtcute/markdown-parser'
import { html } from '@mtcute/html-parser'
import { parseHtml, parseMarkdown, type MessageEntity } from '../../extension/mtproto/text'

type Toggle = 'messageEntityBold' | 'messageEntityItalic' | 'messageEntityUnderline' | 'messageEntityStrike' | 'messageEntitySpoiler'
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'toggle'; entity: Toggle; children: Node[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; url: string; children: Node[] }

const MD_MARKER: Record<Toggle, string> = {
  messageEntityBold: '**',
  messageEntityItalic: '__',
  messageEntityUnderline: '--',
  messageEntityStrike: '~~',
  messageEntitySpoiler: '||',
}
const HTML_TAG: Record<Toggle, string> = {
  messageEntityBold: 'b',
  messageEntityItalic: 'i',
  messageEntityUnderline: 'u',
  messageEntityStrike: 's',
  messageEntitySpoiler: 'tg-spoiler',
}

// Plain text free of every character either dialect treats specially, with emoji and astral letters.
const plainWith = (extra: string[]) =>
  fc.array(fc.constantFrom('a', 'Z', '7', '.', 'é', '😀', '👍🏽', '𝔸', '中', ...extra), { minLength: 1, maxLength: 8 }).map((chars) => chars.join(''))
const plain = plainWith([' ', '\n'])
// mtcute trims the text and collapses HTML whitespace (we keep it, as Telethon does): compare without it.
const plainNoSpace = plainWith([])
const url = fc.constantFrom('https://example.com/a?b=c', 'tg://user?id=123456', 'tg://emoji?id=5368324170671202286', 'http://x.y')

function nodes(used: ReadonlySet<Toggle>, inLink: boolean, depth: number, plain: fc.Arbitrary<string>): fc.Arbitrary<Node[]> {
  const leaf: fc.Arbitrary<Node>[] = [plain.map((text) => ({ kind: 'text' as const, text })), plain.map((text) => ({ kind: 'code' as const, text: text.replace(/\n/g, ' ') }))]
  if (depth <= 0) return fc.array(fc.oneof(...leaf), { minLength: 1, maxLength: 3 })
  const free = (Object.keys(MD_MARKER) as Toggle[]).filter((t) => !used.has(t))
  const branches: fc.Arbitrary<Node>[] = [...leaf]
  if (free.length > 0) {
    branches.push(
      fc.constantFrom(...free).chain((entity) =>
        nodes(new Set([...used, entity]), inLink, depth - 1, plain).map((children) => ({ kind: 'toggle' as const, entity, children })),
      ),
    )
  }
  if (!inLink) branches.push(fc.tuple(url, nodes(used, true, depth - 1, plain)).map(([u, children]) => ({ kind: 'link' as const, url: u, children })))
  return fc.array(fc.oneof(...branches), { minLength: 1, maxLength: 3 })
}
const documents = nodes(new Set(), false, 3, plain)
const spacelessDocuments = nodes(new Set(), false, 3, plainNoSpace)

/** The text and entities a tree stands for, computed from the tree alone. */
function expected(tree: Node[]): { text: string; entities: MessageEntity[] } {
  let text = ''
  const entities: MessageEntity[] = []
  const walk = (list: Node[]) => {
    for (const node of list) {
      const offset = text.length
      if (node.kind === 'text' || node.kind === 'code') text += node.text
      else walk(node.children)
      const length = text.length - offset
      if (length === 0) continue
      if (node.kind === 'code') entities.push({ _: 'messageEntityCode', offset, length })
      if (node.kind === 'toggle') entities.push({ _: node.entity, offset, length } as MessageEntity)
      if (node.kind === 'link') {
        const mention = /^tg:\/\/user\?id=(\d+)$/.exec(node.url)
        const emoji = /^tg:\/\/emoji\?id=(\d+)$/.exec(node.url)
        if (mention) entities.push({ _: 'messageEntityMentionName', offset, length, user_id: BigInt(mention[1]) })
        else if (emoji) entities.push({ _: 'messageEntityCustomEmoji', offset, length, document_id: BigInt(emoji[1]) })
        else entities.push({ _: 'messageEntityTextUrl', offset, length, url: node.url })
      }
    }
  }
  walk(tree)
  return { text, entities: canonical(entities) }
}

const toMarkdownSource = (tree: Node[]): string =>
  tree
    .map((node) => {
      if (node.kind === 'text') return node.text
      if (node.kind === 'code') return '`' + node.text + '`'
      if (node.kind === 'toggle') return MD_MARKER[node.entity] + toMarkdownSource(node.children) + MD_MARKER[node.entity]
      return '[' + toMarkdownSource(node.children) + '](' + node.url + ')'
    })
    .join('')

const toHtmlSource = (tree: Node[]): string =>
  tree
    .map((node) => {
      if (node.kind === 'text') return node.text
      if (node.kind === 'code') return '<code>' + node.text + '</code>'
      if (node.kind === 'toggle') return `<${HTML_TAG[node.entity]}>${toHtmlSource(node.children)}</${HTML_TAG[node.entity]}>`
      const emoji = /^tg:\/\/emoji\?id=(\d+)$/.exec(node.url)
      if (emoji) return `<tg-emoji emoji-id="${emoji[1]}">${toHtmlSource(node.children)}</tg-emoji>`
      return `<a href="${node.url}">${toHtmlSource(node.children)}</a>`
    })
    .join('')

/** mtcute's entities in our shape: snake_case fields, bigint instead of Long. */
function fromMtcute(entities: readonly Record<string, unknown>[]): MessageEntity[] {
  return canonical(
    entities.map((e) => {
      const out: Record<string, unknown> = { _: e._, offset: e.offset, length: e.length }
      if ('userId' in e) out.user_id = BigInt(e.userId as number)
      if ('documentId' in e) out.document_id = BigInt(String(e.documentId))
      if ('url' in e) out.url = e.url
      if ('language' in e) out.language = e.language
      return out as unknown as MessageEntity
    }),
  )
}

function canonical(entities: MessageEntity[]): MessageEntity[] {
  return [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length || a._.localeCompare(b._))
}

describe('parsing generated documents', () => {
  it('markdown gives exactly the text and entities of the tree', () => {
    fc.assert(
      fc.property(documents, (tree) => {
        const parsed = parseMarkdown(toMarkdownSource(tree))
        assert.deepEqual({ text: parsed.text, entities: canonical(parsed.entities) }, expected(tree))
      }),
      { numRuns: 500 },
    )
  })

  it('HTML gives exactly the text and entities of the tree', () => {
    fc.assert(
      fc.property(documents, (tree) => {
        const parsed = parseHtml(toHtmlSource(tree))
        assert.deepEqual({ text: parsed.text, entities: canonical(parsed.entities) }, expected(tree))
      }),
      { numRuns: 500 },
    )
  })

  it("markdown agrees with mtcute's markdown parser", () => {
    fc.assert(
      fc.property(spacelessDocuments, (tree) => {
        const source = toMarkdownSource(tree)
        const ours = parseMarkdown(source)
        const theirs = md(source)
        assert.equal(ours.text, theirs.text)
        assert.deepEqual(canonical(ours.entities), fromMtcute(theirs.entities as unknown as Record<string, unknown>[]))
      }),
      { numRuns: 300 },
    )
  })

  it("HTML agrees with mtcute's HTML parser", () => {
    fc.assert(
      fc.property(spacelessDocuments, (tree) => {
        const source = toHtmlSource(tree)
        const ours = parseHtml(source)
        const theirs = html(source)
        assert.equal(ours.text, theirs.text)
        assert.deepEqual(canonical(ours.entities), fromMtcute(theirs.entities as unknown as Record<string, unknown>[]))
      }),
      { numRuns: 300 },
    )
  })

  it('pre blocks with a language agree with mtcute in both dialects', () => {
    const code = fc
      .array(fc.constantFrom('x', ' ', '=', '1', '\n', '😀', '*', '_', '<b>'), { minLength: 1, maxLength: 12 })
      .map((c) => c.join(''))
      .filter((c) => c.trim() === c)
    fc.assert(
      fc.property(fc.constantFrom('', 'python', 'ts', 'c++'), code, (language, body) => {
        const source = '```' + language + '\n' + body + '\n```'
        const ours = parseMarkdown(source)
        const theirs = md(source)
        assert.equal(ours.text, theirs.text)
        assert.deepEqual(canonical(ours.entities), fromMtcute(theirs.entities as unknown as Record<string, unknown>[]))
        const escaped = body.replace(/&/g, '&amp;').replace(/</g, '&lt;')
        const htmlSource = language ? `<pre><code class="language-${language}">${escaped}</code></pre>` : `<pre>${escaped}</pre>`
        const fromHtml = parseHtml(htmlSource)
        const theirsHtml = html(htmlSource)
        assert.equal(fromHtml.text, theirsHtml.text)
        assert.deepEqual(canonical(fromHtml.entities), fromMtcute(theirsHtml.entities as unknown as Record<string, unknown>[]))
      }),
    )
  })
})
