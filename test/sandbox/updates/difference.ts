// updates.getDifference and updates.getChannelDifference answers, built from the logged updates a client missed.
// A client far behind gets a slice at a time (differenceSlice, channelDifference with final unset) and calls
// again from the intermediate state; one whose state is older than the retained log gets the too-long forms.
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { World } from '../world'
import { defaultNotifySettings } from '../world/dialogs'
import { channelPeer, type PeerRef } from '../world/peers'
import type { DialogRecord } from '../world/records'
import type { WorldView } from '../world/view'

/** At most this many pts-moving events per getDifference answer; more make a differenceSlice. */
export const DIFFERENCE_SLICE_EVENTS = 100
/** Channel differences hand out at most this many events, whatever `limit` asks. */
export const CHANNEL_DIFFERENCE_MAX_EVENTS = 1000
/** updates.channelDifference*.timeout: how long a client may wait before polling the channel again, in seconds. */
export const CHANNEL_POLL_TIMEOUT_SECONDS = 30

type AccountState = TlConstructors['updates.state']

export interface AccountDifferenceRequest {
  readonly pts: number
  readonly ptsLimit?: number
  readonly ptsTotalLimit?: number
}

/** The account's updates.state: pts/qts/seq/date and its unread message count. */
export function accountState(world: World, accountId: bigint): AccountState {
  const state = world.updates.accountState(accountId)
  let unread = 0
  for (const dialog of world.dialogs.list(accountId)) unread += world.messages.unreadCount(accountId, dialog)
  return { _: 'updates.state', pts: state.pts, qts: state.qts, date: state.date, seq: state.seq, unread_count: unread }
}

export function accountDifference(world: World, accountId: bigint, request: AccountDifferenceRequest): TlTypes['updates.Difference'] {
  const state = accountState(world, accountId)
  const found = world.updates.accountDifference(accountId, request.pts)
  if (found.kind === 'empty') return { _: 'updates.differenceEmpty', date: world.clock.nowSeconds(), seq: state.seq }
  // pts_total_limit: the client would rather refetch than replay more than this many pts.
  const tooFar = request.ptsTotalLimit !== undefined && request.ptsTotalLimit > 0 && state.pts - request.pts > request.ptsTotalLimit
  if (found.kind === 'tooLong' || tooFar) return { _: 'updates.differenceTooLong', pts: state.pts }

  const limit = Math.min(DIFFERENCE_SLICE_EVENTS, request.ptsLimit !== undefined && request.ptsLimit > 0 ? request.ptsLimit : Infinity)
  const entries = found.entries.slice(0, limit)
  const view = world.viewAs(accountId)
  const content = splitMessages(entries.map((entry) => entry.update), 'updateNewMessage')
  const lists = {
    new_messages: content.messages,
    new_encrypted_messages: [],
    other_updates: content.others,
    ...view.entities(entries.flatMap((entry) => entry.peers)),
  }
  if (entries.length === found.entries.length) return { _: 'updates.difference', ...lists, state }
  const last = entries.at(-1)!
  return { _: 'updates.differenceSlice', ...lists, intermediate_state: { ...state, pts: last.pts, date: last.date } }
}

export interface ChannelDifferenceRequest {
  readonly channelId: bigint
  readonly pts: number
  readonly limit: number
  /** Message id ranges the client cares about (channelMessagesFilter); every message when absent. */
  readonly ranges?: readonly TlConstructors['messageRange'][]
}

export function channelDifference(world: World, viewerId: bigint, request: ChannelDifferenceRequest): TlTypes['updates.ChannelDifference'] {
  const { channelId } = request
  const found = world.updates.channelDifference(channelId, request.pts)
  const limit = Math.max(1, Math.min(request.limit, CHANNEL_DIFFERENCE_MAX_EVENTS))
  if (found.kind === 'empty') {
    return { _: 'updates.channelDifferenceEmpty', final: true, pts: found.pts, timeout: CHANNEL_POLL_TIMEOUT_SECONDS }
  }
  const view = world.viewAs(viewerId)
  if (found.kind === 'tooLong') return channelTooLong(world, view, channelId, limit)

  const entries = found.entries.slice(0, limit)
  const final = entries.length === found.entries.length
  const updates = entries.map((entry) => view.channelUpdate(entry.update))
  const content = splitMessages(updates, 'updateNewChannelMessage')
  const inRanges = (message: TlTypes['Message']) =>
    !request.ranges || request.ranges.some((range) => message.id >= range.min_id && message.id <= range.max_id)
  const { users, chats } = view.entities([channelPeer(channelId), ...entries.flatMap((entry) => entry.peers)])
  return {
    _: 'updates.channelDifference',
    final: final || undefined,
    pts: final ? found.pts : entries.at(-1)!.pts,
    timeout: final ? CHANNEL_POLL_TIMEOUT_SECONDS : undefined,
    new_messages: content.messages.filter(inRanges),
    other_updates: content.others,
    chats,
    users,
  }
}

/**
 * The gap is older than the log: the client gets the dialog as it is now and the newest messages, and must
 * drop what it had (Telegram's channelDifferenceTooLong).
 */
function channelTooLong(world: World, view: WorldView, channelId: bigint, limit: number): TlTypes['updates.ChannelDifference'] {
  const peer = channelPeer(channelId)
  const history = world.messages.history(view.viewerId, peer)
  const recent = history.slice(-limit).reverse()
  const dialog = world.dialogs.get(view.viewerId, peer) ?? transientDialog(peer, history.at(-1))
  const { users, chats } = view.entities([peer, ...recent.flatMap((message) => world.messages.peersOf(message))])
  return {
    _: 'updates.channelDifferenceTooLong',
    final: true,
    timeout: CHANNEL_POLL_TIMEOUT_SECONDS,
    dialog: view.dialog(dialog),
    messages: recent.map((message) => view.message(message)),
    chats,
    users,
  }
}

/** The dialog a non-member (of a public channel) would have: nothing read, not stored anywhere. */
function transientDialog(peer: PeerRef, top: { id: number; date: number } | undefined): DialogRecord {
  return {
    peer,
    topMessage: top?.id ?? 0,
    topDate: top?.date ?? 0,
    readInboxMaxId: 0,
    readOutboxMaxId: 0,
    pinnedRank: undefined,
    folderId: 0,
    unreadMark: false,
    notify: defaultNotifySettings(),
  }
}

/** New messages go in `new_messages`; everything else (edits, deletions, reads) in `other_updates`, in order. */
function splitMessages(
  updates: readonly TlTypes['Update'][],
  newMessage: 'updateNewMessage' | 'updateNewChannelMessage',
): { messages: TlTypes['Message'][]; others: TlTypes['Update'][] } {
  const messages: TlTypes['Message'][] = []
  const others: TlTypes['Update'][] = []
  for (const update of updates) {
    if (update._ === newMessage) messages.push(update.message)
    else others.push(update)
  }
  return { messages, others }
}
