// Admins of basic groups: messages.editChatAdmin, which only the creator may call, makes a member an admin
// (every right but adding admins) or a plain member again.
import type { TlMethods } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { callerOf } from './caller'
import { methodError } from './known-errors'

function editChatAdmin(request: TlMethods['messages.editChatAdmin'], context: CallContext): boolean {
  const caller = callerOf(context)
  const { world } = context
  const group = world.chats.group(request.chat_id)
  if (!group || !world.chats.isGroupMember(group.id, caller.accountId)) throw RpcError.badRequest('CHAT_ID_INVALID')
  if (group.creatorId !== caller.accountId) throw methodError(request._, 'CHAT_ADMIN_REQUIRED')
  const userId = caller.inputs.user(request.user_id)
  const member = group.participants.find((p) => p.userId === userId)
  if (!member) throw methodError(request._, 'USER_NOT_PARTICIPANT')
  if (member.admin === request.is_admin) return true
  member.admin = request.is_admin
  group.version++
  world.markChanged()
  return true
}

export const chatAdminMethods = {
  'messages.editChatAdmin': editChatAdmin,
}
