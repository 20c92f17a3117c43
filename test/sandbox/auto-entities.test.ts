// The sandbox finds hashtags, mentions, cashtags, bot commands, links and emails in sent text as Telegram's
// server does, with UTF-16 offsets, and leaves what the sender marked alone.
import assert from 'node:assert/strict'
import { after, before, describe, it, test } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import { seeded, signedInClient } from '../client/support'
import { startSandbox, type Sandbox } from './server'
import { findAutoEntities, withAutoEntities } from './world/auto-entities'

/** The found entities as `kind:text` pairs, which read better in a failure than offsets. */
function found(text: string): string[] {
  return findAutoEntities(text).map((entity) => `${entity._.replace('messageEntity', '').toLowerCase()}:${text.slice(entity.offset, entity.offset + entity.length)}`)
}

test('finds each kind of entity in plain text', () => {
  assert.deepEqual(found('Ship #release to @grace_hopper, see https://example.com/notes or mail ada@example.org; $TSLA /start'), [
    'hashtag:#release',
    'mention:@grace_hopper',
    'url:https://example.com/notes',
    'email:ada@example.org',
    'cashtag:$TSLA',
    'botcommand:/start',
  ])
})

test('counts offsets in UTF-16 code units past emoji and other astral characters', () => {
  const text = '👩‍💻🎉 #build 𝐀𝐁 @adalovelace'
  const entities = findAutoEntities(text)
  assert.deepEqual(
    entities.map((e) => [e._, e.offset, e.length]),
    [
      ['messageEntityHashtag', 8, 6],
      ['messageEntityMention', 20, 12],
    ],
  )
  assert.equal(text.slice(8, 14), '#build')
})

test('a hashtag starts right after an emoji and stops at one', () => {
  assert.deepEqual(found('🚀#launch🔥done'), ['hashtag:#launch'])
})

test('a hashtag takes letters of any script, combining marks and underscores', () => {
  assert.deepEqual(found('#café_au_lait #Привет #日本語 #e\u0301t\u0301e'), ['hashtag:#café_au_lait', 'hashtag:#Привет', 'hashtag:#日本語', 'hashtag:#e\u0301t\u0301e'])
})

test('punctuation ends a hashtag and is not part of it', () => {
  assert.deepEqual(found('(#one), #two. #three! #four?'), ['hashtag:#one', 'hashtag:#two', 'hashtag:#three', 'hashtag:#four'])
})

test('markers inside a word, digits-only hashtags and a lone marker find nothing', () => {
  assert.deepEqual(found('C# and a#b, issue #2024, x@y, 4$ABC, and/or 1/2, # alone, @ alone, $ alone'), [])
})

test('a path is not a bot command, but a command with a bot username is one', () => {
  assert.deepEqual(found('ls /usr/bin then /help@workbench_bot'), ['botcommand:/help@workbench_bot'])
})

test('sentence punctuation after a link is left out, a bracket the link opened is kept', () => {
  assert.deepEqual(found('Read https://en.wikipedia.org/wiki/Ada_(programming_language). Or (www.example.com).'), [
    'url:https://en.wikipedia.org/wiki/Ada_(programming_language)',
    'url:www.example.com',
  ])
})

test('bare domains are links only with a well-known top-level domain', () => {
  assert.deepEqual(found('see example.com/docs, not index.ts or e.g. this'), ['url:example.com/docs'])
})

test('a hashtag inside a link or an email address is part of it, not a hashtag', () => {
  assert.deepEqual(found('https://example.com/#section and first.last+tag@mail.example.com'), ['url:https://example.com/#section', 'email:first.last+tag@mail.example.com'])
})

test('an entity the sender gave wins over one found in the same text; formatting may hold found ones', () => {
  const text = 'run #notatag and #tag, see #docs and #bold'
  const at = (part: string) => ({ offset: text.indexOf(part), length: part.length })
  const given: TlTypes['MessageEntity'][] = [
    { _: 'messageEntityCode', ...at('#notatag') },
    { _: 'messageEntityTextUrl', ...at('see #docs'), url: 'https://example.com/docs' },
    { _: 'messageEntityBold', ...at('#bold') },
  ]
  const entities = withAutoEntities(text, given)!
  assert.deepEqual(
    entities.map((e) => [e._, text.slice(e.offset, e.offset + e.length)]),
    [
      ['messageEntityCode', '#notatag'],
      ['messageEntityHashtag', '#tag'],
      ['messageEntityTextUrl', 'see #docs'],
      ['messageEntityBold', '#bold'],
      ['messageEntityHashtag', '#bold'],
    ],
  )
})

test('text with nothing to find keeps the sender entities as they were', () => {
  assert.equal(withAutoEntities('plain words', undefined), undefined)
  const bold: TlTypes['MessageEntity'][] = [{ _: 'messageEntityBold', offset: 0, length: 5 }]
  assert.deepEqual(withAutoEntities('plain words', bold), bold)
})

test('a very long hashtag is cut at 256 characters after the sign', () => {
  const [hashtag] = findAutoEntities(`#${'a'.repeat(300)}`)
  assert.equal(hashtag?.length, 257)
})

describe('on the sandbox', () => {
  let sandbox: Sandbox
  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
  })
  after(async () => {
    await sandbox.stop()
  })

  it('a sent message and a caption come back, to the sender and the recipient, with the entities the server found', async () => {
    const ada = await signedInClient(sandbox, 'ada')
    const alan = await signedInClient(sandbox, 'alan')
    try {
      const alanId = seeded(sandbox, 'alan').id
      const text = '🚀 **Ship** #release to @grace_hopper'
      const sent = await ada.sendMessage(alanId, text, { parseMode: 'markdown' })
      const kinds = (entities: readonly TlTypes['MessageEntity'][], of: string) => entities.map((e) => `${e._}:${of.slice(e.offset, e.offset + e.length)}`)
      const expected = ['messageEntityBold:Ship', 'messageEntityHashtag:#release', 'messageEntityMention:@grace_hopper']
      assert.deepEqual(kinds(sent.entities, sent.text), expected)
      const [received] = await alan.getMessages(seeded(sandbox, 'ada').id, { limit: 1 })
      assert.equal(received?.text, sent.text)
      assert.deepEqual(kinds(received!.entities, received!.text), expected)

      const photo = await ada.sendFile(alanId, Buffer.from('a file with a caption'), { fileName: 'notes.txt', caption: 'notes for #review' })
      assert.deepEqual(kinds(photo.entities, photo.text), ['messageEntityHashtag:#review'])
    } finally {
      await ada.disconnect()
      await alan.disconnect()
    }
  })
})
