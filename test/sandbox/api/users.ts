// users.*: users as the caller sees them (its own access hashes, contact flags, phone visibility).
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import type { CallContext } from '../rpc/method-registry'
import { userPeer } from '../world'
import { photoToTl } from '../media/tl'
import { callerOf } from './messages/caller'
import { pinnedMessageId } from './messages/history'
import { profilePhotosOf } from './photos'

/** Users the caller may address; an unknown user or a foreign access hash is left out, not an error. */
function getUsers(request: TlMethods['users.getUsers'], context: CallContext): TlTypes['User'][] {
  const caller = callerOf(context)
  const users: TlTypes['User'][] = []
  for (const input of request.id) {
    let userId: bigint
    try {
      userId = caller.inputs.user(input)
    } catch {
      continue
    }
    users.push(caller.view.user(userId))
  }
  return users
}

function getFullUser(request: TlMethods['users.getFullUser'], context: CallContext): TlConstructors['users.userFull'] {
  const caller = callerOf(context)
  const { world } = context
  const userId = caller.inputs.user(request.id)
  const account = world.accounts.require(userId)
  const peer = userPeer(userId)
  const dialog = world.dialogs.get(caller.accountId, peer)
  const profilePhoto = profilePhotosOf(world, userId)[0]
  const commonChats =
    userId === caller.accountId
      ? 0
      : [...world.state.chats.groups.values()].filter((group) => world.chats.isGroupMember(group.id, userId) && world.chats.isGroupMember(group.id, caller.accountId)).length +
        world.chats.channelsOf(userId).filter((channel) => world.chats.isChannelMember(channel.id, caller.accountId) && channel.megagroup).length
  return {
    _: 'users.userFull',
    full_user: {
      _: 'userFull',
      id: userId,
      about: account.about || undefined,
      settings: { _: 'peerSettings' },
      profile_photo: profilePhoto && photoToTl(profilePhoto),
      notify_settings: caller.view.notifySettings(dialog?.notify ?? { muteUntil: 0, silent: false, showPreviews: true }),
      pinned_msg_id: pinnedMessageId(caller, peer),
      common_chats_count: commonChats,
      folder_id: dialog?.folderId === 1 ? 1 : undefined,
      can_pin_message: true,
    },
    chats: [],
    users: [caller.view.user(userId)],
  }
}

export const usersMethods = {
  'users.getUsers': getUsers,
  'users.getFullUser': getFullUser,
}
