/**
 * Every form of Updates reduced to one shape: a list of single updates with the users and chats that
 * came with them, and the seq range the container occupies. The short forms are expanded into the
 * updateNewMessage they abbreviate, so everything downstream sees one kind of new message.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'

export type Update = TlTypes['Update']

export interface UpdateBatch {
  updates: Update[]
  users: TlTypes['User'][]
  chats: TlTypes['Chat'][]
  date: number
  /** The container's place in the seq sequence; both 0 for updates outside it. */
  seqStart: number
  seq: number
}

/** updateShortSentMessage moves pts without naming the chat: only its pts step is kept. */
export interface PtsStep {
  _: 'ptsStep'
  pts: number
  pts_count: number
}

export type ShortMessage = TlConstructors['updateShortMessage'] | TlConstructors['updateShortChatMessage']

/** The batch an Updates object carries; undefined for updatesTooLong, which carries nothing. */
export function toBatch(updates: TlTypes['Updates'], selfId: bigint | undefined): UpdateBatch | PtsStep | undefined {
  switch (updates._) {
    case 'updatesTooLong':
      return undefined
    case 'updateShortSentMessage':
      return { _: 'ptsStep', pts: updates.pts, pts_count: updates.pts_count }
    case 'updateShortMessage':
    case 'updateShortChatMessage':
      return { updates: [expandShortMessage(updates, selfId)], users: [], chats: [], date: updates.date, seqStart: 0, seq: 0 }
    case 'updateShort':
      return { updates: [updates.update], users: [], chats: [], date: updates.date, seqStart: 0, seq: 0 }
    case 'updates':
      return { updates: updates.updates, users: updates.users, chats: updates.chats, date: updates.date, seqStart: updates.seq, seq: updates.seq }
    case 'updatesCombined':
      return { updates: updates.updates, users: updates.users, chats: updates.chats, date: updates.date, seqStart: updates.seq_start, seq: updates.seq }
  }
}

/** The updateNewMessage a short message stands for. */
export function expandShortMessage(short: ShortMessage, selfId: bigint | undefined): TlConstructors['updateNewMessage'] {
  const common = {
    out: short.out,
    mentioned: short.mentioned,
    media_unread: short.media_unread,
    silent: short.silent,
    id: short.id,
    date: short.date,
    message: short.message,
    fwd_from: short.fwd_from,
    via_bot_id: short.via_bot_id,
    reply_to: short.reply_to,
    entities: short.entities,
    ttl_period: short.ttl_period,
  }
  let message: TlConstructors['message']
  if (short._ === 'updateShortMessage') {
    // user_id is the other party whichever way the message went; an outgoing one is from us.
    const from = short.out && selfId !== undefined ? { from_id: { _: 'peerUser', user_id: selfId } as const } : {}
    message = { _: 'message', ...common, ...from, peer_id: { _: 'peerUser', user_id: short.user_id } }
  } else {
    message = { _: 'message', ...common, from_id: { _: 'peerUser', user_id: short.from_id }, peer_id: { _: 'peerChat', chat_id: short.chat_id } }
  }
  return { _: 'updateNewMessage', message: withoutUndefined(message), pts: short.pts, pts_count: short.pts_count }
}

/**
 * The marked ids (users positive, chats negative) a short message mentions. Telegram's rule: when the
 * client does not know one of them, it must fetch the difference instead of applying the update.
 */
export function peersOfShortMessage(short: ShortMessage): bigint[] {
  const ids = short._ === 'updateShortMessage' ? [short.user_id] : [short.from_id, -short.chat_id]
  if (short.via_bot_id !== undefined) ids.push(short.via_bot_id)
  const from = short.fwd_from?.from_id
  if (from?._ === 'peerUser') ids.push(from.user_id)
  return ids
}

function withoutUndefined<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) if (object[key] === undefined) delete object[key]
  return object
}
