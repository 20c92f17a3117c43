// Drafts: messages.saveDraft keeps one unsent text per dialog and tells the account's other sessions with
// updateDraftMessage (no pts: drafts are not part of the message history); messages.getAllDrafts answers
// every draft as updateDraftMessage inside `updates`.
import type { TlConstructors, TlMethods } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import type { PeerRef } from '../../world'
import { callerOf, requireReadable, type Caller } from './caller'
import { MESSAGE_LENGTH_MAX } from './text-rules'

function saveDraft(request: TlMethods['messages.saveDraft'], context: CallContext): boolean {
  const caller = callerOf(context)
  const peer = caller.inputs.peer(request.peer)
  requireReadable(caller, peer)
  if (request.message.length > MESSAGE_LENGTH_MAX) throw RpcError.badRequest('MESSAGE_TOO_LONG')
  const replyTo = request.reply_to?._ === 'inputReplyToMessage' ? request.reply_to.reply_to_msg_id : undefined
  context.world.drafts.save(caller.accountId, peer, {
    text: request.message,
    entities: request.entities ?? [],
    date: context.world.clock.nowSeconds(),
    replyToMsgId: replyTo,
    noWebpage: request.no_webpage === true,
  })
  // Every session of the account sees the draft change, the saving one included, as on Telegram.
  context.world.updates.publishForAccount(caller.accountId, draftUpdate(caller, peer), { peers: [peer] })
  context.world.markChanged()
  return true
}

function getAllDrafts(_request: TlMethods['messages.getAllDrafts'], context: CallContext): TlConstructors['updates'] {
  const caller = callerOf(context)
  const drafts = context.world.drafts.list(caller.accountId)
  const { users, chats } = caller.view.entities(drafts.map((entry) => entry.peer))
  return {
    _: 'updates',
    updates: drafts.map(({ peer }) => draftUpdate(caller, peer)),
    users,
    chats,
    date: context.world.clock.nowSeconds(),
    seq: 0,
  }
}

/** A message sent with clear_draft takes the dialog's draft away, and the account's sessions hear of it. */
export function clearDraft(caller: Caller, peer: PeerRef): void {
  const { world } = caller.context
  if (!world.drafts.clear(caller.accountId, peer)) return
  world.updates.publishForAccount(caller.accountId, draftUpdate(caller, peer), { peers: [peer] })
}

/** The dialog's draft as it now stands (draftMessageEmpty after clearing). */
export function draftUpdate(caller: Caller, peer: PeerRef): TlConstructors['updateDraftMessage'] {
  return { _: 'updateDraftMessage', peer: caller.view.peer(peer), draft: caller.view.draft(peer, caller.context.world.clock.nowSeconds()) }
}

export const draftMethods = {
  'messages.saveDraft': saveDraft,
  'messages.getAllDrafts': getAllDrafts,
}
