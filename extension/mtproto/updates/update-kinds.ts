/**
 * Which sequence a single update belongs to. Updates with `pts` and `pts_count` move a pts: the
 * channel's when they concern a channel, the account's otherwise. Updates with `qts` move the
 * account's qts. Everything else (typing, statuses, updateReadChannelInbox's informative pts) is
 * outside any sequence and is applied as it comes.
 */
import type { Update } from './update-batch'

export type SequenceSlot =
  | { kind: 'pts'; pts: number; count: number }
  | { kind: 'channelPts'; channelId: bigint; pts: number; count: number }
  | { kind: 'qts'; qts: number }
  | { kind: 'none' }

export function sequenceSlot(update: Update): SequenceSlot {
  const fields = update as { pts?: unknown; pts_count?: unknown; qts?: unknown }
  if (typeof fields.pts === 'number' && typeof fields.pts_count === 'number') {
    const channelId = channelIdOf(update)
    const step = { pts: fields.pts, count: fields.pts_count }
    return channelId === undefined ? { kind: 'pts', ...step } : { kind: 'channelPts', channelId, ...step }
  }
  if (typeof fields.qts === 'number') return { kind: 'qts', qts: fields.qts }
  return { kind: 'none' }
}

/** The bare id of the channel an update concerns, if any. */
export function channelIdOf(update: Update): bigint | undefined {
  const fields = update as { channel_id?: unknown; message?: unknown }
  if (typeof fields.channel_id === 'bigint') return fields.channel_id
  const message = fields.message as { peer_id?: { _: string; channel_id?: bigint } } | undefined
  if (typeof message === 'object' && message?.peer_id?._ === 'peerChannel') return message.peer_id.channel_id
  return undefined
}
