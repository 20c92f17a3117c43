// Inline bots, as Telegram runs them: messages.getInlineBotResults from a user becomes updateBotInlineQuery on
// the bot's sessions, and the user's call waits until the bot answers with messages.setInlineBotResults (or
// fails with BOT_RESPONSE_TIMEOUT). messages.sendInlineBotResult then posts the chosen result as the user.
// Queries in flight and answers live in memory only: like Telegram's, they are short-lived.
import { randomBytes } from 'node:crypto'
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { userPeer, type World } from '../../world'
import { callerOf, updatesFor } from './caller'
import { methodError } from './known-errors'
import { requireWritable } from './permissions'
import { checkMessageText } from './text-rules'

/** How long a user's query waits for the bot. */
const BOT_RESPONSE_TIMEOUT_MS = 10_000
/** How long answers stay usable by sendInlineBotResult. */
const ANSWER_LIFETIME_MS = 5 * 60_000

interface PendingQuery {
  readonly botId: bigint
  readonly userId: bigint
  resolve(results: TlMethods['messages.setInlineBotResults']): void
}

interface InlineState {
  readonly pending: Map<bigint, PendingQuery>
  readonly answers: Map<bigint, { readonly userId: bigint; readonly botId: bigint; readonly results: readonly TlTypes['InputBotInlineResult'][] }>
}

const states = new WeakMap<World, InlineState>()
function inlineOf(world: World): InlineState {
  let state = states.get(world)
  if (!state) states.set(world, (state = { pending: new Map(), answers: new Map() }))
  return state
}

async function getInlineBotResults(request: TlMethods['messages.getInlineBotResults'], context: CallContext): Promise<TlConstructors['messages.botResults']> {
  const caller = callerOf(context)
  const { world } = context
  const botId = caller.inputs.user(request.bot)
  if (!world.accounts.get(botId)?.bot) throw methodError(request._, 'BOT_INLINE_DISABLED')
  const queryId = randomBytes(8).readBigInt64LE()
  const state = inlineOf(world)
  const answer = new Promise<TlMethods['messages.setInlineBotResults']>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.pending.delete(queryId)
      reject(methodError(request._, 'BOT_RESPONSE_TIMEOUT'))
    }, BOT_RESPONSE_TIMEOUT_MS)
    timer.unref()
    state.pending.set(queryId, {
      botId,
      userId: caller.accountId,
      resolve: (results) => {
        clearTimeout(timer)
        resolve(results)
      },
    })
  })
  world.updates.publishForAccount(
    botId,
    { _: 'updateBotInlineQuery', query_id: queryId, user_id: caller.accountId, query: request.query, offset: request.offset },
    { peers: [userPeer(caller.accountId)] },
  )
  const results = await answer
  state.answers.set(queryId, { userId: caller.accountId, botId, results: results.results })
  setTimeout(() => state.answers.delete(queryId), ANSWER_LIFETIME_MS).unref()
  return {
    _: 'messages.botResults',
    gallery: results.gallery,
    query_id: queryId,
    next_offset: results.next_offset,
    results: results.results.map(toBotResult),
    cache_time: results.cache_time,
    users: [caller.view.user(botId)],
  }
}

function setInlineBotResults(request: TlMethods['messages.setInlineBotResults'], context: CallContext): boolean {
  const caller = callerOf(context)
  const state = inlineOf(context.world)
  const pending = state.pending.get(request.query_id)
  if (!pending || pending.botId !== caller.accountId) throw methodError(request._, 'QUERY_ID_INVALID')
  if (new Set(request.results.map((r) => r.id)).size !== request.results.length) throw methodError(request._, 'RESULT_ID_DUPLICATE')
  state.pending.delete(request.query_id)
  pending.resolve(request)
  return true
}

function sendInlineBotResult(request: TlMethods['messages.sendInlineBotResult'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireWritable(caller, peer, request._)
  const answer = inlineOf(context.world).answers.get(request.query_id)
  if (!answer || answer.userId !== caller.accountId) throw methodError(request._, 'QUERY_ID_INVALID')
  const result = answer.results.find((r) => r.id === request.id)
  const message = result && 'send_message' in result ? result.send_message : undefined
  if (message?._ !== 'inputBotInlineMessageText') throw methodError(request._, 'RESULT_ID_INVALID')
  checkMessageText(message.message, message.entities)
  const sent = context.world.messages.send({
    senderId: caller.accountId,
    to: peer,
    text: message.message,
    entities: message.entities,
    silent: request.silent,
    randomId: request.random_id,
    origin: caller.origin,
  })
  return updatesFor(caller, sent.updates, [{ _: 'updateMessageID', id: sent.message.id, random_id: request.random_id }])
}

/** What the user sees of a result the bot gave: article texts (the kind this sandbox's bots send). */
function toBotResult(result: TlTypes['InputBotInlineResult']): TlTypes['BotInlineResult'] {
  if (result._ !== 'inputBotInlineResult') throw RpcError.badRequest('RESULT_TYPE_INVALID')
  const message = result.send_message
  if (message._ !== 'inputBotInlineMessageText') throw RpcError.badRequest('SEND_MESSAGE_TYPE_INVALID')
  return {
    _: 'botInlineResult',
    id: result.id,
    type: result.type,
    title: result.title,
    description: result.description,
    url: result.url,
    send_message: { _: 'botInlineMessageText', no_webpage: message.no_webpage, message: message.message, entities: message.entities },
  }
}

export const inlineMethods = {
  'messages.getInlineBotResults': getInlineBotResults,
  'messages.setInlineBotResults': setInlineBotResults,
  'messages.sendInlineBotResult': sendInlineBotResult,
}
