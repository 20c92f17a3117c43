// Inline bots over TCP with our own client: a user's getInlineBotResults waits while the bot's session gets
// updateBotInlineQuery, and returns what the bot answers with setInlineBotResults; sendInlineBotResult posts
// a result; queries that were never made are refused.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import { rawClient, rpcError, sandboxPerFile } from '../client/support'
import { userPeer } from './world'

const file = sandboxPerFile()

describe('messages: inline bots', () => {
  it('hands the query to the bot, the bot\'s answer to the user, and posts the chosen result', async () => {
    const seed = file.sandbox.seed!
    const queries: TlTypes['Update'][] = []
    let answer: ((update: TlTypes['Update']) => void) | undefined
    const bot = file.track(rawClient(file.sandbox, seed.bot.homeDc, (update) => {
      const inner = update._ === 'updateShort' ? (update as TlTypes['Updates'] & { _: 'updateShort' }).update : (update as TlTypes['Update'])
      if (inner._ === 'updateBotInlineQuery') answer?.(inner)
    }))
    await bot.invoke({ _: 'auth.importBotAuthorization', flags: 0, api_id: 1, api_hash: 'sandbox', bot_auth_token: seed.bot.token })
    await bot.invoke({ _: 'updates.getState' })
    answer = (update) => {
      queries.push(update)
      if (update._ !== 'updateBotInlineQuery') return
      void bot.invoke({
        _: 'messages.setInlineBotResults',
        query_id: update.query_id,
        cache_time: 5,
        results: [{ _: 'inputBotInlineResult', id: 'echo', type: 'article', title: 'Echo', send_message: { _: 'inputBotInlineMessageText', message: `echo: ${update.query}` } }],
      })
    }

    const ada = file.seeded('ada')
    const user = await file.rawSignedIn('ada')
    const resolved = await user.invoke({ _: 'contacts.resolveUsername', username: seed.bot.username })
    const botUser = resolved.users[0]
    assert.ok(botUser?._ === 'user' && botUser.access_hash !== undefined)
    const inputBot = { _: 'inputUser', user_id: botUser.id, access_hash: botUser.access_hash } as const

    const results = await user.invoke({ _: 'messages.getInlineBotResults', bot: inputBot, peer: { _: 'inputPeerSelf' }, query: 'hello', offset: '' })
    assert.equal(queries.length, 1)
    const query = queries[0]!
    assert.ok(query._ === 'updateBotInlineQuery' && query.user_id === ada.id && query.query === 'hello')
    assert.equal(results.query_id, query.query_id)
    assert.equal(results.cache_time, 5)
    assert.ok(results.users.some((u) => u.id === seed.bot.id))
    const [result] = results.results
    assert.ok(result?._ === 'botInlineResult' && result.id === 'echo' && result.send_message._ === 'botInlineMessageText' && result.send_message.message === 'echo: hello')

    const posted = await user.invoke({ _: 'messages.sendInlineBotResult', peer: { _: 'inputPeerSelf' }, query_id: results.query_id, id: 'echo', random_id: 99n })
    assert.ok(posted._ === 'updates' && posted.updates.some((u) => u._ === 'updateMessageID' && u.random_id === 99n))
    assert.equal(file.sandbox.world.messages.history(ada.id, userPeer(ada.id)).at(-1)?.text, 'echo: hello')

    assert.equal((await rpcError(user.invoke({ _: 'messages.sendInlineBotResult', peer: { _: 'inputPeerSelf' }, query_id: results.query_id, id: 'nope', random_id: 100n }))).name, 'RESULT_ID_INVALID')
    const late = await rpcError(bot.invoke({ _: 'messages.setInlineBotResults', query_id: results.query_id, cache_time: 0, results: [] }))
    assert.equal(late.name, 'QUERY_ID_INVALID', 'a query is answered once')
  })
})
