// Moderation through TelegramClient against the sandbox: admins with chosen rights and a title, members
// restricted and banned, kicking from supergroups and basic groups, permissions as read back, and the admin
// log that records all of it.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { markPeerId, RpcError, type TelegramClient } from '../../extension/mtproto'
import { sandboxPerFile } from './support'

const clients = new Map<string, TelegramClient>()
const as = async (key: string) => {
  let client = clients.get(key)
  if (!client) clients.set(key, (client = await file.signedIn(key)))
  return client
}
let guild: bigint

const file = sandboxPerFile(async () => {
  guild = markPeerId('channel', file.sandbox.seed!.chats.typescriptGuild)
})

describe('TelegramClient moderation', () => {
  it('promotes with chosen rights and a title, reads them back, and demotes', async () => {
    const dennis = await as('dennis')
    const katherine = file.seeded('katherine')
    // Members become known (with their access hashes) by listing them.
    await dennis.getParticipants(guild)
    await dennis.editAdmin(guild, katherine.id, { pinMessages: true, inviteUsers: true, title: 'Doorkeeper' })
    const promoted = await dennis.getPermissions(guild, katherine.id)
    assert.ok(promoted.isAdmin && !promoted.isCreator)
    assert.equal(promoted.title, 'Doorkeeper')
    assert.ok(promoted.adminRights?._ === 'chatAdminRights' && promoted.adminRights.pin_messages && promoted.adminRights.invite_users && !promoted.adminRights.ban_users)
    const own = await dennis.getPermissions(guild)
    assert.ok(own.isCreator)
    await dennis.editAdmin(guild, katherine.id)
    assert.equal((await dennis.getPermissions(guild, katherine.id)).isAdmin, false)
  })

  it('restricts a member from posting until lifted, and bans with viewMessages: false', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const alanId = file.seeded('alan').id
    await ada.editPermissions(guild, alanId, { sendMessages: false })
    const restricted = await ada.getPermissions(guild, alanId)
    assert.ok(restricted.isBanned && !restricted.hasLeft)
    await assert.rejects(alan.sendMessage(guild, 'hello?'), (error: unknown) => error instanceof RpcError && error.name === 'USER_BANNED_IN_CHANNEL')
    await ada.editPermissions(guild, alanId, {})
    assert.equal((await ada.getPermissions(guild, alanId)).isBanned, false)
    await alan.sendMessage(guild, 'thanks')

    const margaretId = file.seeded('margaret').id
    await ada.editPermissions(guild, margaretId, { viewMessages: false })
    const banned = await ada.getPermissions(guild, margaretId)
    assert.ok(banned.isBanned && banned.hasLeft)
    assert.ok(banned.bannedRights?._ === 'chatBannedRights' && banned.bannedRights.view_messages)
    const kickedList = await ada.getParticipants(guild, { filter: { _: 'channelParticipantsKicked', q: '' } })
    assert.deepEqual(kickedList.map((p) => p.user.id), [margaretId])
    await ada.editPermissions(guild, margaretId)
  })

  it('kicks without banning from a supergroup and from a basic group, and kicking yourself leaves', async () => {
    const ada = await as('ada')
    const grace = await as('grace')
    const katherineId = file.seeded('katherine').id
    await ada.kickParticipant(guild, katherineId)
    const { world } = file.sandbox
    const { typescriptGuild, compilerClub } = file.sandbox.seed!.chats
    assert.equal(world.chats.isChannelMember(typescriptGuild, katherineId), false)
    assert.equal((await ada.getPermissions(guild, katherineId)).isBanned, false, 'a kick leaves no ban behind')

    const dennisId = file.seeded('dennis').id
    await grace.getParticipants(markPeerId('chat', compilerClub))
    await grace.kickParticipant(markPeerId('chat', compilerClub), dennisId)
    assert.equal(world.chats.isGroupMember(compilerClub, dennisId), false)
    await ada.kickParticipant(markPeerId('chat', compilerClub), 'me')
    assert.equal(world.chats.isGroupMember(compilerClub, file.seeded('ada').id), false)
    assert.ok(world.chats.group(compilerClub)!.leftIds.includes(file.seeded('ada').id), 'ada left by herself')
  })

  it('reads the admin log newest first, by kind, by admin and page by page', async () => {
    const ada = await as('ada')
    const all = await ada.getAdminLog(guild)
    assert.ok(all.length >= 6)
    const ids = all.map((event) => event.id)
    assert.deepEqual(ids, [...ids].sort((a, b) => (a > b ? -1 : 1)))
    assert.ok(all[0]!.changedRestrictions, 'the last thing done was lifting the kick')
    assert.ok(all.some((event) => event.changedAdmin && event.new?._ === 'channelParticipantAdmin' && event.new.rank === 'Doorkeeper'))

    const kicks = await ada.getAdminLog(guild, { kick: true })
    assert.ok(kicks.length >= 2 && kicks.every((event) => event.new?._ === 'channelParticipantBanned'))
    const byDennis = await ada.getAdminLog(guild, { admins: [file.seeded('dennis').id] })
    assert.ok(byDennis.length === 2 && byDennis.every((event) => event.userId === file.seeded('dennis').id && event.user?._ === 'user'))

    const paged: bigint[] = []
    for await (const event of ada.iterAdminLog(guild, { limit: 5 })) paged.push(event.id)
    assert.deepEqual(paged, ids.slice(0, 5))
    const older = await ada.getAdminLog(guild, { maxId: ids[1]!, limit: 2 })
    assert.deepEqual(older.map((event) => event.id), ids.slice(2, 4))
    await assert.rejects((await as('alan')).getAdminLog(guild), (error: unknown) => error instanceof RpcError && error.name === 'CHAT_ADMIN_REQUIRED')
  })
})
