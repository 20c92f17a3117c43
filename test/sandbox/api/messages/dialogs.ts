// The dialog list: messages.getDialogs (pinned first, folders, offset pagination, hash) and
// messages.getPeerDialogs, plus messages.getFullChat for basic groups.
import type { TlConstructors, TlMethods, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { chatPeer, samePeer, userPeer, type DialogRecord, type MessageRecord, type PeerRef } from '../../world'
import { callerOf, type Caller } from './caller'
import { pinnedMessageId } from './history'
import { listHash } from './list-hash'
import { DEFAULT_LIMIT, MAX_LIMIT } from './window'

function getDialogs(request: TlMethods['messages.getDialogs'], context: CallContext): TlTypes['messages.Dialogs'] {
  const caller = callerOf(context)
  if (request.folder_id !== undefined && request.folder_id !== 0 && request.folder_id !== 1) throw RpcError.badRequest('FOLDER_ID_INVALID')
  const all = context.world.dialogs.list(caller.accountId, request.folder_id as 0 | 1 | undefined)
  const ordered = request.exclude_pinned ? all.filter((dialog) => dialog.pinnedRank === undefined) : all
  const page = ordered.slice(pageStart(caller, ordered, request))
  const limit = request.limit > 0 ? Math.min(request.limit, MAX_LIMIT) : DEFAULT_LIMIT
  const dialogs = page.slice(0, limit)
  const count = ordered.length
  if (request.hash !== 0n && request.hash === dialogsHash(dialogs)) return { _: 'messages.dialogsNotModified', count }
  const answer = dialogsAnswer(caller, dialogs)
  if (dialogs.length === count) return { _: 'messages.dialogs', ...answer }
  return { _: 'messages.dialogsSlice', count, ...answer }
}

/**
 * Where a page starts. The first page (no offsets) starts at the top, pinned dialogs included. A later page
 * continues after the dialog the offsets name: offset_peer when it is a pinned dialog (those have no date
 * order), otherwise the first unpinned dialog whose top message is older than (offset_date, offset_id).
 */
function pageStart(caller: Caller, ordered: readonly DialogRecord[], request: TlMethods['messages.getDialogs']): number {
  const offsetPeer = caller.inputs.tryPeer(request.offset_peer)
  if (request.offset_date === 0 && request.offset_id === 0 && !offsetPeer) return 0
  const pinnedAt = offsetPeer ? ordered.findIndex((dialog) => dialog.pinnedRank !== undefined && samePeer(dialog.peer, offsetPeer)) : -1
  if (pinnedAt >= 0) return pinnedAt + 1
  const index = ordered.findIndex((dialog) => {
    if (dialog.pinnedRank !== undefined || samePeer(dialog.peer, offsetPeer)) return false
    if (request.offset_date > 0 && dialog.topDate !== request.offset_date) return dialog.topDate < request.offset_date
    return request.offset_id === 0 || dialog.topMessage < request.offset_id
  })
  return index < 0 ? ordered.length : index
}

/** The list hash over what the client would have cached: each dialog's peer id and top message. */
function dialogsHash(dialogs: readonly DialogRecord[]): bigint {
  return listHash(dialogs.flatMap((dialog) => [dialog.peer.id, BigInt(dialog.topMessage)]))
}

function dialogsAnswer(caller: Caller, dialogs: readonly DialogRecord[]) {
  const { world } = caller.context
  const tops = dialogs
    .map((dialog) => world.messages.get(caller.accountId, dialog.peer, dialog.topMessage))
    .filter((message): message is MessageRecord => message !== undefined)
  const { users, chats } = caller.view.entities([...dialogs.map((dialog) => dialog.peer), ...tops.flatMap((message) => world.messages.peersOf(message))])
  return {
    dialogs: dialogs.map((dialog) => caller.view.dialog(dialog)),
    messages: tops.map((message) => caller.view.message(message)),
    chats,
    users,
  }
}

function getPeerDialogs(request: TlMethods['messages.getPeerDialogs'], context: CallContext): TlConstructors['messages.peerDialogs'] {
  const caller = callerOf(context)
  if (request.peers.length === 0) throw RpcError.badRequest('INPUT_PEERS_EMPTY')
  const dialogs: DialogRecord[] = []
  for (const input of request.peers) {
    if (input._ !== 'inputDialogPeer') continue
    const peer = caller.inputs.peer(input.peer)
    dialogs.push(context.world.dialogs.ensure(caller.accountId, peer))
  }
  const state = context.world.updates.accountState(caller.accountId)
  const unread = context.world.dialogs
    .list(caller.accountId)
    .reduce((sum, dialog) => sum + context.world.messages.unreadCount(caller.accountId, dialog), 0)
  return {
    _: 'messages.peerDialogs',
    ...dialogsAnswer(caller, dialogs),
    state: { _: 'updates.state', pts: state.pts, qts: state.qts, date: context.world.clock.nowSeconds(), seq: state.seq, unread_count: unread },
  }
}

function getFullChat(request: TlMethods['messages.getFullChat'], context: CallContext): TlConstructors['messages.chatFull'] {
  const caller = callerOf(context)
  const { world } = context
  const group = world.chats.group(request.chat_id)
  if (!group) throw RpcError.badRequest('CHAT_ID_INVALID')
  const peer: PeerRef = chatPeer(group.id)
  const member = world.chats.isGroupMember(group.id, caller.accountId)
  const participants: TlTypes['ChatParticipants'] = member
    ? {
        _: 'chatParticipants',
        chat_id: group.id,
        participants: group.participants.map((p): TlTypes['ChatParticipant'] =>
          p.userId === group.creatorId
            ? { _: 'chatParticipantCreator', user_id: p.userId }
            : p.admin
              ? { _: 'chatParticipantAdmin', user_id: p.userId, inviter_id: p.inviterId, date: p.date }
              : { _: 'chatParticipant', user_id: p.userId, inviter_id: p.inviterId, date: p.date },
        ),
        version: group.version,
      }
    : { _: 'chatParticipantsForbidden', chat_id: group.id }
  const dialog = world.dialogs.get(caller.accountId, peer)
  const { users, chats } = caller.view.entities([peer, ...group.participants.map((p) => userPeer(p.userId))])
  return {
    _: 'messages.chatFull',
    full_chat: {
      _: 'chatFull',
      id: group.id,
      about: '',
      participants,
      notify_settings: caller.view.notifySettings(dialog?.notify ?? { muteUntil: 0, silent: false, showPreviews: true }),
      pinned_msg_id: member ? pinnedMessageId(caller, peer) : undefined,
      folder_id: dialog?.folderId === 1 ? 1 : undefined,
    },
    chats,
    users,
  }
}

export const dialogMethods = {
  'messages.getDialogs': getDialogs,
  'messages.getPeerDialogs': getPeerDialogs,
  'messages.getFullChat': getFullChat,
}
