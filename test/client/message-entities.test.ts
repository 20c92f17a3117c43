// The users and chats that come with messages, when the server sends one no peer id can name: it is left out
// (logged at debug) and the rest of the answer still reads, in isolation and in a history page from the sandbox.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TelegramClient } from '../../extension/mtproto'
import { entityMap } from '../../extension/mtproto/client/message'
import type { LogLevel } from '../../extension/mtproto/session/session'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { seeded, signedInClient } from './support'

const user = (id: bigint) => ({ _: 'user', id, first_name: `user ${id}` }) as const

describe('entityMap', () => {
  it('leaves out a user with id 0 and a chat with id 0, keeps the others, and says so at debug', () => {
    const lines: [LogLevel, string][] = []
    const map = entityMap(
      { users: [user(0n), user(42n)], chats: [{ _: 'chat', id: 0n, title: 'nothing', photo: { _: 'chatPhotoEmpty' }, participants_count: 0, date: 0, version: 0 }, { _: 'chatForbidden', id: 7n, title: 'seven' }] },
      { log: (level, message) => lines.push([level, message]) },
    )
    assert.deepEqual([...map.keys()], [42n, -7n])
    assert.deepEqual(lines.map(([level]) => level), ['debug', 'debug'])
    assert.match(lines[0][1], /user/)
    assert.match(lines[1][1], /chat/)
  })
})

describe('a history page with a user the server cannot name', () => {
  let sandbox: Sandbox
  let ada: TelegramClient
  const logged: [LogLevel, string][] = []

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    ada = await signedInClient(sandbox, 'ada', { logger: (level, message) => logged.push([level, message]) })
  })
  after(async () => {
    await ada?.disconnect()
    await sandbox?.stop()
  })

  it('still reads, with the mention of user 0 and the messages around it', async () => {
    const bot = sandbox.control.as(sandbox.seed!.bot.id)
    const adaId = seeded(sandbox, 'ada').id
    bot.deliverUnchecked(adaId, { text: 'before', entities: [] })
    bot.deliverUnchecked(adaId, { text: 'hello nobody', entities: [{ _: 'messageEntityMentionName', offset: 6, length: 6, user_id: 0n }] })
    bot.deliverUnchecked(adaId, { text: 'after', entities: [] })

    const page = await ada.getMessages(sandbox.seed!.bot.id, { limit: 3 })
    assert.deepEqual(page.map((message) => message?.text), ['after', 'hello nobody', 'before'])
    const mention = page[1]!
    assert.equal(mention.entities[0]?._, 'messageEntityMentionName')
    assert.equal((await mention.getSender())?._, 'user', 'the sender, from the same answer, is still known')
    assert.ok(logged.some(([level, message]) => level === 'debug' && /user/.test(message)), 'the ignored user is logged at debug')
  })
})
