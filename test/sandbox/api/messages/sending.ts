// Posting and changing messages: messages.sendMessage, sendMedia, forwardMessages, editMessage and
// deleteMessages. The world stores the message in every box and publishes each box owner's update; the caller
// gets its own share back, in the form Telegram answers with (updateShortSentMessage for a text message in a
// private chat or basic group, `updates` otherwise).
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import { messageMediaFromInput } from '../../media/uploaded-media'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { withAutoEntities } from '../../world/auto-entities'
import { userPeer, type MessageRecord, type PeerRef, type SendMessageInput, type SendResult } from '../../world'
import { callerOf, requireReadable, updatesFor, type Caller } from './caller'
import { clearDraft } from './drafts'
import { methodError } from './known-errors'
import { isModerator, requireEditable, requireWritable } from './permissions'
import { checkCaption, checkMessageText, sameEntities } from './text-rules'

/** How many messages one forwardMessages call takes, as Telegram's forwarded_count_max. */
const FORWARD_MAX = 100

function sendMessage(request: TlMethods['messages.sendMessage'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireWritable(caller, peer, request._)
  checkMessageText(request.message, request.entities)
  const sent = send(caller, {
    to: peer,
    text: request.message,
    entities: withAutoEntities(request.message, request.entities),
    replyToMsgId: replyTarget(caller, peer, request.reply_to),
    silent: request.silent,
    randomId: request.random_id,
    replyMarkup: botMarkup(caller, request.reply_markup),
  })
  if (request.clear_draft) clearDraft(caller, peer)
  if (peer.kind === 'channel') return sentUpdates(caller, sent, request.random_id)
  return shortSent(caller, sent)
}

function sendMedia(request: TlMethods['messages.sendMedia'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireWritable(caller, peer, request._)
  checkCaption(request.message, request.entities)
  const replyToMsgId = replyTarget(caller, peer, request.reply_to)
  // A resend must not consume the upload a second time: the earlier message answers it as it is.
  const earlier = earlierSend(caller, peer, request.random_id)
  const media = earlier ? undefined : messageMediaFromInput(context, request.media)
  const replyMarkup = botMarkup(caller, request.reply_markup)
  const sent = send(caller, { to: peer, text: request.message, entities: withAutoEntities(request.message, request.entities), media, replyToMsgId, silent: request.silent, randomId: request.random_id, replyMarkup })
  if (request.clear_draft) clearDraft(caller, peer)
  return sentUpdates(caller, sent, request.random_id)
}

/** Telegram keeps a keyboard only from bots; a user's reply_markup is silently dropped. */
function botMarkup(caller: Caller, markup: TlTypes['ReplyMarkup'] | undefined): TlTypes['ReplyMarkup'] | undefined {
  return caller.account.bot ? markup : undefined
}

function forwardMessages(request: TlMethods['messages.forwardMessages'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const from = caller.inputs.peer(request.from_peer)
  const to = caller.inputs.peer(request.to_peer)
  if (request.id.length === 0) throw methodError(request._, 'MESSAGE_IDS_EMPTY')
  if (request.random_id.length !== request.id.length || request.id.length > FORWARD_MAX) throw methodError(request._, 'RANDOM_ID_INVALID')
  if (new Set(request.random_id).size !== request.random_id.length) throw methodError(request._, 'RANDOM_ID_DUPLICATE')
  requireReadable(caller, from)
  requireWritable(caller, to, request._)
  const world = context.world
  const originals = request.id.map((id) => world.messages.get(caller.accountId, from, id))
  if (originals.every((original) => original === undefined || original.action !== undefined)) throw methodError(request._, 'MESSAGE_ID_INVALID')
  const extra: TlTypes['Update'][] = []
  const published: SendResult['updates'][number][] = []
  originals.forEach((original, index) => {
    if (!original || original.action) return
    const randomId = request.random_id[index]!
    const sent = send(caller, {
      to,
      text: request.drop_media_captions && original.media ? '' : original.text,
      entities: request.drop_media_captions && original.media ? [] : original.entities,
      media: original.media,
      fwdFrom: request.drop_author ? undefined : forwardHeader(caller, original),
      silent: request.silent,
      randomId,
    })
    extra.push({ _: 'updateMessageID', id: sent.message.id, random_id: randomId })
    published.push(...sent.updates)
  })
  return updatesFor(caller, published, extra)
}

/** Where a forwarded message came from; a forward of a forward keeps the first origin, as Telegram does. */
function forwardHeader(caller: Caller, original: MessageRecord): TlConstructors['messageFwdHeader'] {
  if (original.fwdFrom) return original.fwdFrom
  if (original.post) {
    return { _: 'messageFwdHeader', from_id: caller.view.peer(original.peer), date: original.date, channel_post: original.id, post_author: original.postAuthor }
  }
  const author = original.fromId ?? (original.peer.kind === 'user' ? original.peer.id : undefined)
  return { _: 'messageFwdHeader', from_id: author === undefined ? undefined : caller.view.peer(userPeer(author)), date: original.date }
}

function editMessage(request: TlMethods['messages.editMessage'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  const world = context.world
  const target = world.messages.get(caller.accountId, peer, request.id)
  if (!target || target.action) throw RpcError.badRequest('MESSAGE_ID_INVALID')
  requireEditable(caller, target)
  const text = request.message ?? target.text
  const entities = request.entities ?? (request.message === undefined ? target.entities : [])
  const media = request.media ? messageMediaFromInput(context, request.media) : undefined
  if (target.media || media) checkCaption(text, entities)
  else checkMessageText(text, entities)
  if (!media && text === target.text && sameEntities(entities, target.entities)) throw RpcError.badRequest('MESSAGE_NOT_MODIFIED')
  const change = world.messages.edit({ editorId: caller.accountId, peer, id: request.id, text, entities, media, origin: caller.origin })
  if (!change) throw RpcError.badRequest('MESSAGE_ID_INVALID')
  return updatesFor(caller, change.updates)
}

function deleteMessages(request: TlMethods['messages.deleteMessages'], context: CallContext): TlConstructors['messages.affectedMessages'] {
  const caller = callerOf(context)
  const world = context.world
  const box = world.messages.accountBox(caller.accountId)
  if (request.revoke) {
    // In a basic group only admins take back other people's messages; in private chats anyone may.
    for (const id of request.id) {
      const message = box.messages.get(id)
      if (message?.peer.kind === 'chat' && !message.out && !isModerator(caller, message.peer)) {
        throw methodError(request._, 'MESSAGE_DELETE_FORBIDDEN')
      }
    }
  }
  const result = world.messages.deleteMessages({ accountId: caller.accountId, ids: request.id, revoke: request.revoke === true, origin: caller.origin })
  return affected(caller, result.updates)
}

/** messages.affectedMessages from the caller's own update, or its unchanged pts when nothing happened. */
export function affected(caller: Caller, published: SendResult['updates']): TlConstructors['messages.affectedMessages'] {
  const own = published.find((event) => event.target.kind === 'account' && event.target.accountId === caller.accountId && event.ptsCount > 0)
  if (own) return { _: 'messages.affectedMessages', pts: own.pts, pts_count: own.ptsCount }
  return { _: 'messages.affectedMessages', pts: caller.context.world.updates.accountState(caller.accountId).pts, pts_count: 0 }
}

type Outgoing = Omit<SendMessageInput, 'senderId' | 'origin'>

function send(caller: Caller, input: Outgoing): SendResult {
  return caller.context.world.messages.send({ ...input, senderId: caller.accountId, origin: caller.origin })
}

/** The message an earlier call with this random_id posted, if any (random_id dedup is per sender and box). */
function earlierSend(caller: Caller, peer: PeerRef, randomId: bigint): MessageRecord | undefined {
  const box = caller.context.world.messages.boxFor(caller.accountId, peer)
  const id = box.randomIds.get(`${caller.accountId}:${randomId}`)
  return id === undefined ? undefined : box.messages.get(id)
}

/** The replied message's id in the caller's box with `peer`; REPLY_MESSAGE_ID_INVALID when it is not there. */
function replyTarget(caller: Caller, peer: PeerRef, replyTo: TlTypes['InputReplyTo'] | undefined): number | undefined {
  if (!replyTo) return undefined
  if (replyTo._ !== 'inputReplyToMessage' || replyTo.reply_to_peer_id) throw RpcError.badRequest('REPLY_TO_INVALID')
  if (!caller.context.world.messages.get(caller.accountId, peer, replyTo.reply_to_msg_id)) {
    throw RpcError.badRequest('REPLY_MESSAGE_ID_INVALID')
  }
  return replyTo.reply_to_msg_id
}

/** updateShortSentMessage: the client already has the text, so only the id, pts and date come back. */
function shortSent(caller: Caller, sent: SendResult): TlConstructors['updateShortSentMessage'] {
  const { pts, pts_count } = ownPts(caller, sent)
  return {
    _: 'updateShortSentMessage',
    out: true,
    id: sent.message.id,
    pts,
    pts_count,
    date: sent.message.date,
    entities: sent.message.entities.length > 0 ? sent.message.entities : undefined,
  }
}

/**
 * `updates` for a sent message: updateMessageID ties the client's random_id to the new id, then the new-message
 * update. A deduplicated resend answers with the earlier message, taking no pts.
 */
function sentUpdates(caller: Caller, sent: SendResult, randomId: bigint): TlConstructors['updates'] {
  const idUpdate: TlTypes['Update'] = { _: 'updateMessageID', id: sent.message.id, random_id: randomId }
  if (!sent.duplicate) return updatesFor(caller, sent.updates, [idUpdate])
  const { view } = caller
  const message = view.message(sent.message)
  const { pts } = ownPts(caller, sent)
  const update: TlTypes['Update'] =
    sent.message.peer.kind === 'channel'
      ? { _: 'updateNewChannelMessage', message, pts, pts_count: 0 }
      : { _: 'updateNewMessage', message, pts, pts_count: 0 }
  const { users, chats } = view.entitiesOf([sent.message])
  return { _: 'updates', updates: [idUpdate, update], users, chats, date: caller.context.world.clock.nowSeconds(), seq: 0 }
}

/** The pts the caller's box reached with this send; the current pts and no count for a deduplicated resend. */
function ownPts(caller: Caller, sent: SendResult): { pts: number; pts_count: number } {
  const world = caller.context.world
  const own = sent.updates[0]
  if (!sent.duplicate && own) return { pts: own.pts, pts_count: own.ptsCount }
  const peer = sent.message.peer
  const pts = peer.kind === 'channel' ? world.updates.channelPts(peer.id) : world.updates.accountState(caller.accountId).pts
  return { pts, pts_count: 0 }
}

export const sendingMethods = {
  'messages.sendMessage': sendMessage,
  'messages.sendMedia': sendMedia,
  'messages.forwardMessages': forwardMessages,
  'messages.editMessage': editMessage,
  'messages.deleteMessages': deleteMessages,
}
