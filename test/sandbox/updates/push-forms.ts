// The wire form of a pushed batch of updates, chosen the way Telegram does: a lone private or basic-group text
// message goes as updateShortMessage / updateShortChatMessage, a lone update outside pts and seq as updateShort,
// anything else as `updates` (one seq) or `updatesCombined` (a run of seq values) with the users and chats the
// updates mention.
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'

type Update = TlTypes['Update']

export interface PushBatch {
  /** In the order they happened. */
  readonly updates: readonly Update[]
  /** The account's seq after each update, or 0 for updates outside the seq sequence; parallel to `updates`. */
  readonly seqs: readonly number[]
  readonly users: readonly TlTypes['User'][]
  readonly chats: readonly TlTypes['Chat'][]
  readonly date: number
}

export function pushForm(batch: PushBatch): TlTypes['Updates'] {
  const seqs = batch.seqs.filter((seq) => seq > 0)
  if (batch.updates.length === 1 && seqs.length === 0) {
    const short = shortForm(batch.updates[0]!, batch.date)
    if (short) return short
  }
  const common = { updates: [...batch.updates], users: [...batch.users], chats: [...batch.chats], date: batch.date }
  if (seqs.length > 1) {
    return { _: 'updatesCombined', ...common, seq_start: seqs[0]!, seq: seqs.at(-1)! } satisfies TlConstructors['updatesCombined']
  }
  return { _: 'updates', ...common, seq: seqs[0] ?? 0 } satisfies TlConstructors['updates']
}

/** The short constructor for one update, when one fits it. */
function shortForm(update: Update, date: number): TlTypes['Updates'] | undefined {
  if (update._ === 'updateNewMessage') return shortMessage(update)
  // Updates with pts are part of a sequence the client checks; Telegram sends those with their entities.
  if ('pts' in update) return undefined
  return { _: 'updateShort', update, date } satisfies TlConstructors['updateShort']
}

/** Plain text (with entities, replies, forwards) in a private chat or a basic group; media needs the full form. */
function shortMessage(update: TlConstructors['updateNewMessage']): TlTypes['Updates'] | undefined {
  const message = update.message
  if (message._ !== 'message' || message.media || message.reply_markup || message.grouped_id !== undefined) return undefined
  const shared = {
    out: message.out,
    mentioned: message.mentioned,
    media_unread: message.media_unread,
    silent: message.silent,
    id: message.id,
    message: message.message,
    pts: update.pts,
    pts_count: update.pts_count,
    date: message.date,
    fwd_from: message.fwd_from,
    via_bot_id: message.via_bot_id,
    reply_to: message.reply_to,
    entities: message.entities,
    ttl_period: message.ttl_period,
  }
  const peer = message.peer_id
  if (peer._ === 'peerUser') {
    // user_id is the other party, as peer_id already is in the viewer's own box.
    return withoutUndefined({ _: 'updateShortMessage', ...shared, user_id: peer.user_id }) satisfies TlConstructors['updateShortMessage']
  }
  if (peer._ === 'peerChat' && message.from_id?._ === 'peerUser') {
    return withoutUndefined({
      _: 'updateShortChatMessage',
      ...shared,
      from_id: message.from_id.user_id,
      chat_id: peer.chat_id,
    }) satisfies TlConstructors['updateShortChatMessage']
  }
  return undefined
}

/** Optional fields are absent rather than undefined, like every other object the sandbox builds. */
function withoutUndefined<T extends object>(object: T): T {
  for (const key of Object.keys(object) as (keyof T)[]) if (object[key] === undefined) delete object[key]
  return object
}
