// Reading messages: messages.getHistory, messages.search and messages.getMessages (channels.getMessages shares
// the lookup). Lists are newest first, windowed as Telegram does (window.ts), and answered as messages.messages
// when the whole list fits, messages.messagesSlice with a count otherwise, messages.channelMessages in channels.
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import type { MessageRecord, PeerRef } from '../../world'
import { callerOf, requireReadable, type Caller } from './caller'
import { listHash } from './list-hash'
import { isSupportedFilter, matchesFilter, matchesQuery } from './search-filter'
import { historyWindow, type WindowRequest } from './window'

type MessagesAnswer = TlTypes['messages.Messages']

function getHistory(request: TlMethods['messages.getHistory'], context: CallContext): MessagesAnswer {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireReadable(caller, peer)
  const newestFirst = context.world.messages.history(caller.accountId, peer).reverse()
  return windowAnswer(caller, peer, newestFirst, request, request.hash)
}

function search(request: TlMethods['messages.search'], context: CallContext): MessagesAnswer {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireReadable(caller, peer)
  if (!isSupportedFilter(request.filter)) throw RpcError.badRequest('INPUT_FILTER_INVALID')
  if (request.q.trim() === '' && request.filter._ === 'inputMessagesFilterEmpty' && !request.from_id) {
    throw RpcError.badRequest('SEARCH_QUERY_EMPTY')
  }
  const from = request.from_id && caller.inputs.tryPeer(request.from_id)
  if (request.from_id && from?.kind !== 'user') throw RpcError.badRequest('FROM_PEER_INVALID')
  const view = caller.view
  const newestFirst = context.world.messages
    .history(caller.accountId, peer)
    .reverse()
    .filter((record) => {
      if (request.min_date > 0 && record.date < request.min_date) return false
      if (request.max_date > 0 && record.date > request.max_date) return false
      if (from && record.fromId !== from.id) return false
      const message = view.message(record)
      if (message._ !== 'message') return false
      return matchesQuery(message.message, request.q) && matchesFilter(message, request.filter)
    })
  return windowAnswer(caller, peer, newestFirst, { ...request, offset_date: 0 }, request.hash)
}

function windowAnswer(caller: Caller, peer: PeerRef, newestFirst: MessageRecord[], request: WindowRequest, hash: bigint): MessagesAnswer {
  const { items, offsetIdOffset } = historyWindow(newestFirst, request)
  const count = newestFirst.length
  if (hash !== 0n && hash === listHash(items.map((item) => item.id))) return { _: 'messages.messagesNotModified', count }
  const messages = items.map((record) => caller.view.message(record))
  const { users, chats } = caller.view.entitiesOf(items)
  const offsetGiven = request.offset_id > 0 || request.offset_date > 0 || request.add_offset !== 0
  if (peer.kind === 'channel') {
    return {
      _: 'messages.channelMessages',
      pts: caller.context.world.updates.channelPts(peer.id),
      count,
      offset_id_offset: offsetGiven ? offsetIdOffset : undefined,
      messages,
      topics: [],
      chats: withPeer(caller, peer, chats),
      users,
    } satisfies TlConstructors['messages.channelMessages']
  }
  if (items.length === count) return { _: 'messages.messages', messages, topics: [], chats, users }
  return {
    _: 'messages.messagesSlice',
    count,
    offset_id_offset: offsetGiven ? offsetIdOffset : undefined,
    messages,
    topics: [],
    chats,
    users,
  } satisfies TlConstructors['messages.messagesSlice']
}

/** A channel answer always names the channel, even when the window is empty. */
function withPeer(caller: Caller, peer: PeerRef, chats: TlTypes['Chat'][]): TlTypes['Chat'][] {
  return chats.some((chat) => chat.id === peer.id) ? chats : [caller.view.channel(peer.id), ...chats]
}

function getMessages(request: TlMethods['messages.getMessages'], context: CallContext): MessagesAnswer {
  const caller = callerOf(context)
  const box = context.world.messages.accountBox(caller.accountId)
  const found = request.id.map((input) => lookup(caller, input, (id) => box.messages.get(id)))
  return lookupAnswer(caller, request.id, found)
}

/**
 * Resolves InputMessage references in one box: by id, the message a given one replies to, or the pinned
 * message of a dialog. Ids that are not there become messageEmpty, as Telegram answers them.
 */
export function lookup(
  caller: Caller,
  input: TlTypes['InputMessage'],
  byId: (id: number) => MessageRecord | undefined,
  /** The dialog, when the method names one (channels.getMessages): inputMessagePinned needs it. */
  peer?: PeerRef,
): MessageRecord | undefined {
  switch (input._) {
    case 'inputMessageID':
      return byId(input.id)
    case 'inputMessageReplyTo': {
      const replied = byId(input.id)?.replyTo?.msgId
      return replied === undefined ? undefined : byId(replied)
    }
    case 'inputMessagePinned': {
      const pinned = peer && pinnedMessageId(caller, peer)
      return pinned === undefined ? undefined : byId(pinned)
    }
    default:
      return undefined
  }
}

export function lookupAnswer(
  caller: Caller,
  inputs: readonly TlTypes['InputMessage'][],
  found: readonly (MessageRecord | undefined)[],
  channel?: PeerRef,
): MessagesAnswer {
  const messages: TlTypes['Message'][] = found.map((record, index) => {
    if (record) return caller.view.message(record)
    const input = inputs[index]!
    return { _: 'messageEmpty', id: 'id' in input ? input.id : 0 } satisfies TlConstructors['messageEmpty']
  })
  const records = found.filter((record): record is MessageRecord => record !== undefined)
  const { users, chats } = caller.view.entitiesOf(records)
  if (channel) {
    return {
      _: 'messages.channelMessages',
      pts: caller.context.world.updates.channelPts(channel.id),
      count: messages.length,
      messages,
      topics: [],
      chats: withPeer(caller, channel, chats),
      users,
    }
  }
  return { _: 'messages.messages', messages, topics: [], chats, users }
}

/** The highest pinned message of a dialog, for inputMessagePinned and the full chat/user/channel info. */
export function pinnedMessageId(caller: Caller, peer: PeerRef): number | undefined {
  const history = caller.context.world.messages.history(caller.accountId, peer)
  for (let index = history.length - 1; index >= 0; index--) if (history[index]!.pinned) return history[index]!.id
  return undefined
}

export const historyMethods = {
  'messages.getHistory': getHistory,
  'messages.search': search,
  'messages.getMessages': getMessages,
}
