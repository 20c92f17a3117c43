// Messages through TelegramClient against the sandbox: history pages in both directions, search,
// filters by sender, ids, and sending with formatting whose UTF-16 offsets are checked as stored.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MessageTooLongError, type TelegramClient } from '../../extension/mtproto'
import { userPeer } from '../sandbox/world'
import { RequestLog, sandboxPerFile } from './support'

let client: TelegramClient
const log = new RequestLog()
const SEEDED = 250

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada', { log })
  // A long history with Dennis: alternating senders, every tenth message mentions a needle.
  const ada = file.seeded('ada')
  const dennis = file.seeded('dennis')
  const start = Math.floor(Date.now() / 1000) - SEEDED * 60
  for (let i = 0; i < SEEDED; i++) {
    const fromAda = i % 2 === 0
    file.sandbox.world.messages.send({
      senderId: fromAda ? ada.id : dennis.id,
      to: userPeer(fromAda ? dennis.id : ada.id),
      text: i % 10 === 0 ? `history ${i} with a needle` : `history ${i}`,
      date: start + i * 60,
      publish: false,
    })
  }
})

function storedHistory(key: string) {
  const ada = file.seeded('ada')
  return file.sandbox.world.messages.history(ada.id, userPeer(file.seeded(key).id))
}

describe('TelegramClient history', () => {
  it('pages newest first across server pages, each message once', async () => {
    const stored = storedHistory('dennis')
    log.clear()
    const ids: number[] = []
    for await (const message of client.iterMessages('@dennis_ritchie', { limit: 230 })) ids.push(message.id)
    assert.deepEqual(ids, stored.slice(-230).reverse().map((m) => m.id))
    assert.equal(log.count('messages.getHistory'), 3)
  })

  it('pages oldest first with reverse, through the whole history', async () => {
    const stored = storedHistory('dennis')
    log.clear()
    const ids: number[] = []
    for await (const message of client.iterMessages('@dennis_ritchie', { reverse: true, pageSize: 40 })) ids.push(message.id)
    assert.deepEqual(ids, stored.map((m) => m.id))
    assert.ok(log.count('messages.getHistory') >= Math.ceil(stored.length / 40))
  })

  it('starts at an offset id in either direction, and respects min and max ids', async () => {
    const stored = storedHistory('dennis').map((m) => m.id)
    const pivot = stored[120]!
    const older = await client.getMessages('@dennis_ritchie', { offsetId: pivot, limit: 5 })
    assert.deepEqual(older.map((m) => m!.id), stored.slice(115, 120).reverse())
    const newer = await client.getMessages('@dennis_ritchie', { offsetId: pivot, limit: 5, reverse: true })
    assert.deepEqual(newer.map((m) => m!.id), stored.slice(121, 126))
    const between = await client.getMessages('@dennis_ritchie', { minId: stored[10]!, maxId: stored[20]! })
    assert.deepEqual(between.map((m) => m!.id), stored.slice(11, 20).reverse())
  })

  it('returns only the newest message from getMessages without a limit, with the total', async () => {
    const stored = storedHistory('dennis')
    const latest = await client.getMessages('@dennis_ritchie')
    assert.equal(latest.length, 1)
    assert.equal(latest[0]!.id, stored.at(-1)!.id)
    assert.equal(latest.total, stored.length)
  })

  it('searches text, filters by sender, and fetches by ids in the order asked', async () => {
    const dennis = file.seeded('dennis')
    const needles = await client.getMessages('@dennis_ritchie', { search: 'needle', limit: 100 })
    const expected = storedHistory('dennis').filter((m) => m.text.includes('needle'))
    assert.deepEqual(needles.map((m) => m!.id), expected.map((m) => m.id).reverse())
    const fromDennis = await client.getMessages('@dennis_ritchie', { fromUser: '@dennis_ritchie', limit: 30 })
    assert.equal(fromDennis.length, 30)
    for (const message of fromDennis) assert.equal(message!.senderId, dennis.id)
    const stored = storedHistory('dennis')
    const picked = await client.getMessages('@dennis_ritchie', { ids: [stored[3]!.id, 987654, stored[1]!.id] })
    assert.deepEqual(picked.map((m) => m?.text), [stored[3]!.text, undefined, stored[1]!.text])
  })

  it('wraps messages with their sender, chat and date', async () => {
    const ada = file.seeded('ada')
    const dennis = file.seeded('dennis')
    const [last] = await client.getMessages('@dennis_ritchie', { limit: 1 })
    const stored = storedHistory('dennis').at(-1)!
    assert.equal(last!.date.getTime(), stored.date * 1000)
    assert.equal(last!.chatId, dennis.id)
    const expectedSender = stored.fromId ?? (last!.out ? ada.id : dennis.id)
    assert.equal(last!.senderId, expectedSender)
    const sender = last!.sender
    assert.equal(sender?._ === 'user' && sender.id, expectedSender)
  })
})

describe('TelegramClient sending', () => {
  it('sends markdown with emoji and stores entities at their UTF-16 offsets', async () => {
    const sent = await client.sendMessage('@grace_hopper', '👋🏽 **bold** then __italic__ and `code` [a 🔗 link](https://example.com/x) ~~gone~~')
    const stored = storedHistory('grace').find((m) => m.id === sent.id)!
    const text = '👋🏽 bold then italic and code a 🔗 link gone'
    assert.equal(stored.text, text)
    const at = (part: string) => ({ offset: text.indexOf(part), length: part.length })
    const entities = (stored.entities ?? []).map((e) => ({ _: e._, offset: e.offset, length: e.length }))
    assert.deepEqual(entities, [
      { _: 'messageEntityBold', ...at('bold') },
      { _: 'messageEntityItalic', ...at('italic') },
      { _: 'messageEntityCode', ...at('code') },
      { _: 'messageEntityTextUrl', ...at('a 🔗 link') },
      { _: 'messageEntityStrike', ...at('gone') },
    ])
    assert.equal(sent.text, text)
    assert.deepEqual(sent.entities.map((e) => e.offset), entities.map((e) => e.offset))
  })

  it('sends HTML with a language-tagged pre block', async () => {
    const sent = await client.sendMessage('me', '<b>Build</b> 🚀<pre><code class="language-ts">const x = 1</code></pre>', { parseMode: 'html' })
    const ada = file.seeded('ada')
    const stored = file.sandbox.world.messages.history(ada.id, userPeer(ada.id)).find((m) => m.id === sent.id)!
    assert.equal(stored.text, 'Build 🚀const x = 1')
    const pre = stored.entities?.find((e) => e._ === 'messageEntityPre')
    assert.deepEqual(pre && { offset: pre.offset, length: pre.length, language: pre._ === 'messageEntityPre' && pre.language }, {
      offset: stored.text.indexOf('const'),
      length: 'const x = 1'.length,
      language: 'ts',
    })
  })

  it('replies silently without a link preview, and the reply is stored as one', async () => {
    const [target] = await client.getMessages('@grace_hopper', { limit: 1 })
    const reply = await client.sendMessage('@grace_hopper', 'a reply', { replyTo: target!.id, silent: true, linkPreview: false })
    assert.equal(reply.replyToMessageId, target!.id)
    const stored = storedHistory('grace').find((m) => m.id === reply.id)!
    assert.equal(stored.replyTo?.msgId, target!.id)
    assert.equal(stored.silent, true)
  })

  it('refuses text over 4,096 characters unless asked to split, then sends it in parts', async () => {
    const long = ('word '.repeat(999) + '\n').repeat(2).trim()
    assert.ok(long.length > 4096)
    await assert.rejects(client.sendMessage('me', long, { parseMode: 'none' }), (error: unknown) => error instanceof MessageTooLongError && /split: true/.test(error.message))
    const parts = await client.sendMessage('me', long, { parseMode: 'none', split: true })
    assert.ok(parts.length >= 2)
    for (const part of parts) assert.ok(part.text.length <= 4096)
    assert.equal(parts.map((p) => p.text).join(''), long)
  })

  it('edits, pins, unpins, forwards and deletes', async () => {
    const ada = file.seeded('ada')
    const sent = await client.sendMessage('@alan_turing', 'draft text')
    const edited = await client.editMessage('@alan_turing', sent.id, 'final **text**')
    assert.equal(edited.text, 'final text')
    assert.ok(edited.editDate instanceof Date)
    assert.equal(storedHistory('alan').find((m) => m.id === sent.id)!.text, 'final text')

    await client.pinMessage('@alan_turing', sent.id)
    assert.equal((await client.getMessages('@alan_turing', { ids: sent.id }))[0]!.pinned, true)
    await client.unpinMessage('@alan_turing', sent.id)
    assert.equal((await client.getMessages('@alan_turing', { ids: sent.id }))[0]!.pinned, false)

    const [forwarded] = await client.forwardMessages('me', [sent.id], '@alan_turing')
    assert.equal(forwarded!.text, 'final text')
    assert.ok(forwarded!.forward, 'the copy carries a forward header')
    const inSaved = file.sandbox.world.messages.history(ada.id, userPeer(ada.id)).at(-1)!
    assert.equal(inSaved.id, forwarded!.id)

    assert.equal(await client.deleteMessages('@alan_turing', [sent.id]), 1)
    assert.equal(storedHistory('alan').some((m) => m.id === sent.id), false)
  })

  it('marks a chat read and shows typing', async () => {
    const dennis = file.seeded('dennis')
    const before = (await client.getDialogs()).find((d) => d.id === dennis.id)!
    assert.ok(before.unreadCount > 0)
    await client.sendReadAcknowledge('@dennis_ritchie')
    const after = (await client.getDialogs()).find((d) => d.id === dennis.id)!
    assert.equal(after.unreadCount, 0)
    await client.setTyping('@grace_hopper')
    await client.setTyping('@grace_hopper', 'cancel')
  })

  it('replies through the Message wrapper', async () => {
    const [last] = await client.getMessages('@grace_hopper', { limit: 1 })
    const reply = await last!.reply('through the wrapper')
    assert.equal(reply.replyToMessageId, last!.id)
    assert.equal(reply.chatId, last!.chatId)
  })
})
