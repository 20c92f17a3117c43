// Bots through TelegramClient against the sandbox: keyboards a bot sends and a user reads back, and inline
// queries: a user's query reaches the bot (signed in with its token, answering through its own client), the
// results come back, and click() posts one to a chat.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Button, buildReplyMarkup, RpcError, type TelegramClient } from '../../extension/mtproto'
import { Raw } from '../../extension/mtproto/events'
import { userPeer } from '../sandbox/world'
import { sandboxClient, sandboxPerFile } from './support'

let ada: TelegramClient
let bot: TelegramClient
const queries: string[] = []

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada')
  bot = file.track(sandboxClient(file.sandbox))
  await bot.signInBot(file.sandbox.seed!.bot.token)
  // The bot sums the numbers it is sent, and offers the sum in two forms.
  bot.on(new Raw({ types: ['updateBotInlineQuery'] }), async (update) => {
    if (update._ !== 'updateBotInlineQuery') return
    queries.push(update.query)
    const sum = (update.query.match(/-?\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0)
    await bot.invoke({
      _: 'messages.setInlineBotResults',
      query_id: update.query_id,
      cache_time: 0,
      results: [
        { _: 'inputBotInlineResult', id: 'plain', type: 'article', title: `${sum}`, send_message: { _: 'inputBotInlineMessageText', message: `${sum}` } },
        {
          _: 'inputBotInlineResult',
          id: 'bold',
          type: 'article',
          title: `${sum} in bold`,
          description: 'the same, louder',
          send_message: { _: 'inputBotInlineMessageText', message: `sum: ${sum}`, entities: [{ _: 'messageEntityBold', offset: 5, length: String(sum).length }] },
        },
      ],
    })
  })
  await bot.startUpdates()
})

describe('TelegramClient keyboards', () => {
  it('lets a bot send inline buttons and a reply keyboard that the user reads back, and drops a user\'s', async () => {
    const adaName = '@' + file.sandbox.world.accounts.get(file.seeded('ada').id)!.username
    const sent = await bot.sendMessage(adaName, 'Pick one', { buttons: [[Button.inline('Yes', 'y'), Button.inline('No', 'n')], [Button.url('Docs', 'https://core.telegram.org')]] })
    const [received] = await ada.getMessages(file.sandbox.seed!.bot.id)
    assert.equal(received?.text, sent.text)
    assert.deepEqual(received!.buttons.map((row) => row.map((b) => [b._, b.text])), [
      [['keyboardButtonCallback', 'Yes'], ['keyboardButtonCallback', 'No']],
      [['keyboardButtonUrl', 'Docs']],
    ])
    const yes = received!.buttons[0]![0]!
    assert.ok(yes._ === 'keyboardButtonCallback' && new TextDecoder().decode(yes.data) === 'y')

    await bot.sendMessage(adaName, 'Your phone?', { buttons: Button.requestPhone('Share my number') })
    const [keyboard] = await ada.getMessages(file.sandbox.seed!.bot.id)
    assert.deepEqual(keyboard!.buttons.map((row) => row.map((b) => b._)), [['keyboardButtonRequestPhone']])
    assert.equal(keyboard!.raw._ === 'message' && keyboard!.raw.reply_markup?._, 'replyKeyboardMarkup')

    const fromUser = await ada.sendMessage(file.sandbox.seed!.bot.id, 'users cannot attach keyboards', { buttons: Button.text('ignored') })
    const [stored] = await ada.getMessages(file.sandbox.seed!.bot.id, { ids: fromUser.id })
    assert.deepEqual(stored!.buttons, [])
    assert.throws(() => buildReplyMarkup([Button.inline('a'), Button.text('b')]), /cannot be mixed/)
  })
})

describe('TelegramClient inline queries', () => {
  it('asks the bot, gets its results, and sends the one clicked to the chat', async () => {
    const grace = file.seeded('grace')
    const results = await ada.inlineQuery('@' + file.sandbox.seed!.bot.username, 'sum 2 3 37', { peer: grace.id })
    assert.deepEqual(queries, ['sum 2 3 37'])
    assert.deepEqual(results.map((r) => [r.id, r.type, r.title]), [['plain', 'article', '42'], ['bold', 'article', '42 in bold']])
    assert.equal(results[1]!.description, 'the same, louder')
    assert.equal(results.cacheTime, 0)

    const sent = await results[1]!.click()
    assert.equal(sent.text, 'sum: 42')
    assert.equal(sent.chatId, grace.id)
    assert.deepEqual(sent.entities.map((e) => [e._, e.offset, e.length]), [['messageEntityBold', 5, 2]])
    const graceSees = file.sandbox.world.messages.history(grace.id, userPeer(file.seeded('ada').id)).at(-1)
    assert.equal(graceSees?.text, 'sum: 42')

    const elsewhere = await results[0]!.click('me')
    assert.equal(elsewhere.text, '42')
  })

  it('refuses a query to someone who is not a bot, and a result of a query never made', async () => {
    const grace = file.seeded('grace')
    await assert.rejects(ada.inlineQuery(grace.id, 'anything'), (error: unknown) => error instanceof RpcError && error.name === 'BOT_INLINE_DISABLED')
    await assert.rejects(
      ada.invoke({ _: 'messages.sendInlineBotResult', peer: 'me', query_id: 12345n, id: 'plain', random_id: 1n }),
      (error: unknown) => error instanceof RpcError && error.name === 'QUERY_ID_INVALID',
    )
  })
})
