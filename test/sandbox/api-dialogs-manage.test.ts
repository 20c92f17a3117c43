// Managing dialogs over TCP with our own client: drafts shared by an account's sessions, the archive folder,
// clearing and deleting history, leaving and removing members of a basic group, unpinning everything, and
// invite links to groups and channels, each with the errors Telegram answers.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import type { MtprotoClient } from '../../extension/mtproto/network'
import { rpcError, sandboxPerFile } from '../client/support'
import { channelPeer, userPeer } from './world'

const file = sandboxPerFile()
const account = (key: string) => file.seeded(key)

/** A new signed-in connection as a seeded account; `updates` collects what the server pushes to it. */
async function signIn(key: string, updates: { _: string }[] = []): Promise<MtprotoClient> {
  const client = await file.rawSignedIn(key, (update) => updates.push(update))
  // Pushes start once the session has asked for its update state.
  await client.invoke({ _: 'updates.getState' })
  return client
}

async function inputUser(client: MtprotoClient, key: string): Promise<TlTypes['InputPeer']> {
  const resolved = await client.invoke({ _: 'contacts.resolveUsername', username: file.sandbox.world.accounts.get(account(key).id)!.username! })
  const user = resolved.users[0]
  assert.ok(user?._ === 'user' && user.access_hash !== undefined)
  return { _: 'inputPeerUser', user_id: user.id, access_hash: user.access_hash }
}

async function inputChannel(client: MtprotoClient, channelId: bigint): Promise<TlTypes['InputPeer'] & { _: 'inputPeerChannel' }> {
  const username = file.sandbox.world.chats.channel(channelId)!.username!
  const resolved = await client.invoke({ _: 'contacts.resolveUsername', username })
  const found = resolved.chats[0]
  assert.ok(found?._ === 'channel' && found.access_hash !== undefined)
  return { _: 'inputPeerChannel', channel_id: found.id, access_hash: found.access_hash }
}

const inner = (updates: { _: string }[]) =>
  updates.flatMap((u) => {
    const container = u as { _: string; updates?: { _: string }[]; update?: { _: string } }
    return container.updates ?? (container.update ? [container.update] : [u])
  })

async function eventually<T>(look: () => T | undefined): Promise<T> {
  for (;;) {
    const found = look()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('messages: drafts', () => {
  it('keeps one draft per dialog, tells the account\'s other sessions, lists it, and clears it with empty text', async () => {
    const otherSessionUpdates: { _: string }[] = []
    const ada = await signIn('ada')
    await signIn('ada', otherSessionUpdates)
    const grace = await inputUser(ada, 'grace')
    const entities: TlTypes['MessageEntity'][] = [{ _: 'messageEntityBold', offset: 0, length: 4 }]
    assert.equal(await ada.invoke({ _: 'messages.saveDraft', peer: grace, message: 'half a thought', entities, reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: 3 } }), true)
    const pushed = await eventually(() => inner(otherSessionUpdates).find((u) => u._ === 'updateDraftMessage') as (TlTypes['Update'] & { _: 'updateDraftMessage' }) | undefined)
    assert.deepEqual(pushed.peer, { _: 'peerUser', user_id: account('grace').id })
    assert.ok(pushed.draft._ === 'draftMessage')
    assert.equal(pushed.draft.message, 'half a thought')
    assert.deepEqual(pushed.draft.entities, entities)
    assert.ok(pushed.draft.reply_to?._ === 'inputReplyToMessage' && pushed.draft.reply_to.reply_to_msg_id === 3)

    const all = await ada.invoke({ _: 'messages.getAllDrafts' })
    assert.ok(all._ === 'updates')
    const drafts = all.updates.filter((u) => u._ === 'updateDraftMessage')
    assert.equal(drafts.length, 1)
    assert.ok(all.users.some((u) => u.id === account('grace').id), 'the users of the drafts come along')

    const dialogs = await ada.invoke({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: grace }] })
    assert.equal(dialogs.dialogs[0]?._ === 'dialog' && dialogs.dialogs[0].draft?._ === 'draftMessage' && dialogs.dialogs[0].draft.message, 'half a thought')

    await ada.invoke({ _: 'messages.saveDraft', peer: grace, message: '' })
    const cleared = await ada.invoke({ _: 'messages.getAllDrafts' })
    assert.ok(cleared._ === 'updates')
    assert.equal(cleared.updates.length, 0)
  })

  it('drops the draft of a dialog when a message is sent there with clear_draft', async () => {
    const ada = await signIn('ada')
    const alan = await inputUser(ada, 'alan')
    await ada.invoke({ _: 'messages.saveDraft', peer: alan, message: 'not yet' })
    await ada.invoke({ _: 'messages.sendMessage', peer: alan, message: 'a message without clear_draft', random_id: 7001n })
    assert.ok(file.sandbox.world.drafts.get(account('ada').id, userPeer(account('alan').id)), 'a plain send keeps the draft')
    await ada.invoke({ _: 'messages.sendMessage', peer: alan, message: 'now', random_id: 7002n, clear_draft: true })
    assert.equal(file.sandbox.world.drafts.get(account('ada').id, userPeer(account('alan').id)), undefined)
  })
})

describe('folders: the archive', () => {
  it('moves a dialog to the archive and back, one pts step each, unpinning it on the way', async () => {
    const ada = await signIn('ada')
    const grace = await inputUser(ada, 'grace')
    const graceId = account('grace').id
    const dialog = file.sandbox.world.dialogs.get(account('ada').id, userPeer(graceId))!
    assert.notEqual(dialog.pinnedRank, undefined, 'Grace is pinned in the seed')
    const before = await ada.invoke({ _: 'updates.getState' })
    const moved = await ada.invoke({ _: 'folders.editPeerFolders', folder_peers: [{ _: 'inputFolderPeer', peer: grace, folder_id: 1 }] })
    assert.ok(moved._ === 'updates')
    const update = moved.updates.find((u) => u._ === 'updateFolderPeers')
    assert.ok(update?._ === 'updateFolderPeers')
    assert.deepEqual(update.folder_peers, [{ _: 'folderPeer', peer: { _: 'peerUser', user_id: graceId }, folder_id: 1 }])
    assert.deepEqual([update.pts, update.pts_count], [before.pts + 1, 1])

    const archive = await ada.invoke({ _: 'messages.getDialogs', folder_id: 1, offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n })
    assert.ok(archive._ !== 'messages.dialogsNotModified')
    const archived = archive.dialogs.find((d) => d._ === 'dialog' && d.peer._ === 'peerUser' && d.peer.user_id === graceId)
    assert.ok(archived?._ === 'dialog' && archived.folder_id === 1 && !archived.pinned)

    await ada.invoke({ _: 'folders.editPeerFolders', folder_peers: [{ _: 'inputFolderPeer', peer: grace, folder_id: 0 }] })
    assert.equal(dialog.folderId, 0)
    const bad = await rpcError(ada.invoke({ _: 'folders.editPeerFolders', folder_peers: [{ _: 'inputFolderPeer', peer: grace, folder_id: 7 }] }))
    assert.equal(bad.name, 'FOLDER_ID_INVALID')
  })
})

describe('messages: leaving and clearing', () => {
  it('deletes a private history for both sides with revoke, dropping the dialog, or only clears it with just_clear', async () => {
    const ada = await signIn('ada')
    const adaId = account('ada').id
    const dennisId = account('dennis').id
    const dennis = await inputUser(ada, 'dennis')
    const adaCount = file.sandbox.world.messages.ids(adaId, userPeer(dennisId)).length
    assert.ok(adaCount > 0)
    const before = await ada.invoke({ _: 'updates.getState' })
    const cleared = await ada.invoke({ _: 'messages.deleteHistory', peer: dennis, max_id: 0, revoke: true })
    assert.deepEqual(cleared, { _: 'messages.affectedHistory', pts: before.pts + adaCount, pts_count: adaCount, offset: 0 })
    assert.equal(file.sandbox.world.messages.ids(adaId, userPeer(dennisId)).length, 0)
    assert.equal(file.sandbox.world.messages.ids(dennisId, userPeer(adaId)).length, 0, 'revoke reaches the other side')
    assert.equal(file.sandbox.world.dialogs.get(adaId, userPeer(dennisId)), undefined, 'the dialog is gone')

    const katherine = await inputUser(ada, 'katherine')
    const katherineId = account('katherine').id
    await ada.invoke({ _: 'messages.sendMessage', peer: katherine, message: 'to be cleared', random_id: 11n })
    await ada.invoke({ _: 'messages.deleteHistory', peer: katherine, max_id: 0, just_clear: true })
    assert.equal(file.sandbox.world.messages.ids(adaId, userPeer(katherineId)).length, 0)
    assert.ok(file.sandbox.world.messages.ids(katherineId, userPeer(adaId)).length > 0, 'without revoke the other side keeps its copy')
    assert.ok(file.sandbox.world.dialogs.get(adaId, userPeer(katherineId)), 'just_clear keeps the dialog')
  })

  it('lets a member leave a basic group, an admin remove one, and refuses anyone else', async () => {
    const { compilerClub } = file.sandbox.seed!.chats
    const alan = await signIn('alan')
    const grace = await signIn('grace')
    const ada = await signIn('ada')
    const inputUserOf = async (client: MtprotoClient, key: string): Promise<TlTypes['InputUser']> => {
      const peer = await inputUser(client, key)
      assert.ok(peer._ === 'inputPeerUser')
      return { _: 'inputUser', user_id: peer.user_id, access_hash: peer.access_hash }
    }
    const notAdmin = await rpcError(ada.invoke({ _: 'messages.deleteChatUser', chat_id: compilerClub, user_id: await inputUserOf(ada, 'dennis') }))
    assert.equal(notAdmin.name, 'CHAT_ADMIN_REQUIRED')

    const left = await alan.invoke({ _: 'messages.deleteChatUser', chat_id: compilerClub, user_id: { _: 'inputUserSelf' } })
    assert.ok(left._ === 'updates')
    const notice = left.updates.find((u) => u._ === 'updateNewMessage')
    assert.ok(notice?._ === 'updateNewMessage' && notice.message._ === 'messageService')
    assert.deepEqual(notice.message.action, { _: 'messageActionChatDeleteUser', user_id: account('alan').id })
    const asAlanSees = left.chats.find((c) => c.id === compilerClub)
    assert.ok(asAlanSees?._ === 'chat' && asAlanSees.left === true)

    await grace.invoke({ _: 'messages.deleteChatUser', chat_id: compilerClub, user_id: await inputUserOf(grace, 'dennis') })
    assert.equal(file.sandbox.world.viewAs(account('dennis').id).chat(compilerClub)._, 'chatForbidden')
    const gone = await rpcError(grace.invoke({ _: 'messages.deleteChatUser', chat_id: compilerClub, user_id: await inputUserOf(grace, 'dennis') }))
    assert.equal(gone.name, 'USER_NOT_PARTICIPANT')
  })

  it('unpins every pinned message of a private chat on both sides', async () => {
    const ada = await signIn('ada')
    const adaId = account('ada').id
    const alanId = account('alan').id
    const alan = await inputUser(ada, 'alan')
    const ids: number[] = []
    for (const text of ['first pin', 'second pin']) {
      const sent = await ada.invoke({ _: 'messages.sendMessage', peer: alan, message: text, random_id: BigInt(ids.length + 100) })
      assert.ok(sent._ === 'updateShortSentMessage')
      ids.push(sent.id)
      await ada.invoke({ _: 'messages.updatePinnedMessage', peer: alan, id: sent.id, silent: true })
    }
    const pinnedOn = (owner: bigint, peer: bigint) => file.sandbox.world.messages.history(owner, userPeer(peer)).filter((m) => m.pinned).length
    assert.equal(pinnedOn(alanId, adaId), 2)
    const result = await ada.invoke({ _: 'messages.unpinAllMessages', peer: alan })
    assert.equal(result.pts_count, 1)
    assert.equal(pinnedOn(adaId, alanId), 0)
    assert.equal(pinnedOn(alanId, adaId), 0, 'the other side is unpinned too')
  })
})

describe('messages: invite links', () => {
  it('exports a link to a basic group that a former member checks and joins through, once', async () => {
    const { weekendHike } = file.sandbox.seed!.chats
    const katherine = await signIn('katherine')
    const margaret = await signIn('margaret')
    const notAdmin = await rpcError(margaret.invoke({ _: 'messages.exportChatInvite', peer: { _: 'inputPeerChat', chat_id: weekendHike } }))
    assert.equal(notAdmin.name, 'CHAT_ADMIN_REQUIRED')
    const invite = await katherine.invoke({ _: 'messages.exportChatInvite', peer: { _: 'inputPeerChat', chat_id: weekendHike } })
    assert.ok(invite._ === 'chatInviteExported')
    assert.match(invite.link, /^https:\/\/t\.me\/\+[\w-]{16}$/)
    const hash = invite.link.slice('https://t.me/+'.length)

    assert.equal((await margaret.invoke({ _: 'messages.checkChatInvite', hash }))._, 'chatInviteAlready')
    await margaret.invoke({ _: 'messages.deleteChatUser', chat_id: weekendHike, user_id: { _: 'inputUserSelf' } })
    const preview = await margaret.invoke({ _: 'messages.checkChatInvite', hash })
    assert.ok(preview._ === 'chatInvite')
    assert.equal(preview.title, 'Weekend Hike')
    assert.ok(!preview.channel)
    assert.equal(preview.participants_count, file.sandbox.world.chats.groupMemberIds(weekendHike).length)

    const joined = await margaret.invoke({ _: 'messages.importChatInvite', hash })
    assert.ok(joined._ === 'updates')
    const notice = joined.updates.find((u) => u._ === 'updateNewMessage')
    assert.ok(notice?._ === 'updateNewMessage' && notice.message._ === 'messageService')
    assert.deepEqual(notice.message.action, { _: 'messageActionChatJoinedByLink', inviter_id: account('katherine').id })
    assert.ok(file.sandbox.world.chats.isGroupMember(weekendHike, account('margaret').id))
    assert.equal((await rpcError(margaret.invoke({ _: 'messages.importChatInvite', hash }))).name, 'USER_ALREADY_PARTICIPANT')
    assert.equal((await rpcError(margaret.invoke({ _: 'messages.checkChatInvite', hash: 'nosuchinvitehash' }))).name, 'INVITE_HASH_INVALID')
    assert.equal(file.sandbox.world.invites.usable(hash)?.usage, 1)
  })

  it('admits to a supergroup through a link its admin exported, with the joined-by-link notice', async () => {
    const { typescriptGuild } = file.sandbox.seed!.chats
    const ada = await signIn('ada')
    const katherine = await signIn('katherine')
    const guild = await inputChannel(katherine, typescriptGuild)
    await katherine.invoke({ _: 'channels.leaveChannel', channel: { _: 'inputChannel', channel_id: guild.channel_id, access_hash: guild.access_hash } })
    const invite = await ada.invoke({ _: 'messages.exportChatInvite', peer: await inputChannel(ada, typescriptGuild) })
    assert.ok(invite._ === 'chatInviteExported')
    const hash = invite.link.slice('https://t.me/+'.length)
    const preview = await katherine.invoke({ _: 'messages.checkChatInvite', hash })
    assert.ok(preview._ === 'chatInvite' && preview.channel === true && preview.megagroup === true && preview.public === true)
    const joined = await katherine.invoke({ _: 'messages.importChatInvite', hash })
    assert.ok(joined._ === 'updates')
    assert.ok(joined.updates.some((u) => u._ === 'updateChannel'))
    const last = file.sandbox.world.messages.history(account('katherine').id, channelPeer(typescriptGuild)).at(-1)
    assert.deepEqual(last?.action, { _: 'messageActionChatJoinedByLink', inviter_id: account('ada').id })
    assert.ok(file.sandbox.world.dialogs.get(account('katherine').id, channelPeer(typescriptGuild)))
  })
})
