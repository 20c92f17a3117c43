// Supergroups and broadcast channels over TCP with our own client: one shared box with the channel's ids and
// pts, participants with filters and paging, joining and leaving, and the rights Telegram checks.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import type { TlMethods, TlTypes } from '../../schema/codec/generated/types'
import type { MtprotoClient } from '../../extension/mtproto/network'
import { rpcError, sandboxPerFile } from '../client/support'

const file = sandboxPerFile()
const signedIn = new Map<string, Promise<MtprotoClient>>()

/** A client signed in as a seeded account on its home DC; one per account, shared by the tests. */
function as(key: string): Promise<MtprotoClient> {
  let client = signedIn.get(key)
  if (!client) signedIn.set(key, (client = file.rawSignedIn(key)))
  return client
}

type InputChannel = TlTypes['InputChannel'] & { _: 'inputChannel' }

/** The channel as `client` resolves it by username, with that account's own access hash. */
async function channel(client: MtprotoClient, username: string): Promise<InputChannel> {
  const resolved = await client.invoke({ _: 'contacts.resolveUsername', username })
  const found = resolved.chats[0]
  assert.ok(found?._ === 'channel' && found.access_hash !== undefined)
  return { _: 'inputChannel', channel_id: found.id, access_hash: found.access_hash }
}

const asPeer = (input: InputChannel): TlTypes['InputPeer'] => ({ _: 'inputPeerChannel', channel_id: input.channel_id, access_hash: input.access_hash })

const participants = (client: MtprotoClient, input: InputChannel, filter: TlTypes['ChannelParticipantsFilter'], offset = 0, limit = 100) =>
  client.invoke({ _: 'channels.getParticipants', channel: input, filter, offset, limit, hash: 0n })

describe('channels: the shared box', () => {
  it('gives a supergroup message one id for every member, with the channel pts', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const adaGuild = await channel(ada, 'ts_guild')
    const sent = await ada.invoke({ _: 'messages.sendMessage', peer: asPeer(adaGuild), message: 'one box for all', random_id: randomBytes(8).readBigInt64LE() })
    assert.ok(sent._ === 'updates')
    const update = sent.updates.find((candidate) => candidate._ === 'updateNewChannelMessage')
    assert.ok(update?._ === 'updateNewChannelMessage' && update.message._ === 'message' && update.message.out)
    const alanGuild = await channel(alan, 'ts_guild')
    const seen = await alan.invoke({ _: 'channels.getMessages', channel: alanGuild, id: [{ _: 'inputMessageID', id: update.message.id }] })
    assert.ok(seen._ === 'messages.channelMessages')
    assert.equal(seen.pts, update.pts)
    const message = seen.messages[0]
    assert.ok(message?._ === 'message' && message.message === 'one box for all' && !message.out)
  })

  it('refuses a channel access hash that belongs to another account', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const adaGuild = await channel(ada, 'ts_guild')
    const alanGuild = await channel(alan, 'ts_guild')
    assert.notEqual(adaGuild.access_hash, alanGuild.access_hash)
    assert.equal((await rpcError(alan.invoke({ _: 'channels.getFullChannel', channel: adaGuild }))).name, 'CHANNEL_INVALID')
  })

  it('lets authors delete their own messages and only admins delete others', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const adaGuild = await channel(ada, 'ts_guild')
    const alanGuild = await channel(alan, 'ts_guild')
    const sent = await alan.invoke({ _: 'messages.sendMessage', peer: asPeer(alanGuild), message: 'oops', random_id: randomBytes(8).readBigInt64LE() })
    assert.ok(sent._ === 'updates')
    const id = sent.updates.find((update) => update._ === 'updateMessageID')!.id as number
    const own = await ada.invoke({ _: 'messages.sendMessage', peer: asPeer(adaGuild), message: 'mine', random_id: randomBytes(8).readBigInt64LE() })
    assert.ok(own._ === 'updates')
    const adaId = own.updates.find((update) => update._ === 'updateMessageID')!.id as number
    assert.equal((await rpcError(alan.invoke({ _: 'channels.deleteMessages', channel: alanGuild, id: [adaId] }))).name, 'MESSAGE_DELETE_FORBIDDEN')
    const deleted = await ada.invoke({ _: 'channels.deleteMessages', channel: adaGuild, id: [id] })
    assert.equal(deleted.pts_count, 1)
    const gone = await alan.invoke({ _: 'channels.getMessages', channel: alanGuild, id: [{ _: 'inputMessageID', id }] })
    assert.ok(gone._ === 'messages.channelMessages' && gone.messages[0]?._ === 'messageEmpty')
  })

  it('refuses posts from subscribers of a broadcast channel, and hides its member list from them', async () => {
    const alan = await as('alan')
    const news = await channel(alan, 'workbench_news')
    const post = alan.invoke({ _: 'messages.sendMessage', peer: asPeer(news), message: 'hi', random_id: randomBytes(8).readBigInt64LE() })
    assert.equal((await rpcError(post)).name, 'CHAT_ADMIN_REQUIRED')
    assert.equal((await rpcError(participants(alan, news, { _: 'channelParticipantsRecent' }))).name, 'CHAT_ADMIN_REQUIRED')
    const history = await alan.invoke({ _: 'messages.getHistory', peer: asPeer(news), offset_id: 0, offset_date: 0, add_offset: 0, limit: 10, max_id: 0, min_id: 0, hash: 0n })
    assert.ok(history._ === 'messages.channelMessages' && history.messages.length > 0)
  })
})

describe('channels: participants, joining and leaving', () => {
  it('lists participants by filter, with paging and counts', async () => {
    const ada = await as('ada')
    const guild = await channel(ada, 'ts_guild')
    const admins = await participants(ada, guild, { _: 'channelParticipantsAdmins' })
    assert.ok(admins._ === 'channels.channelParticipants')
    assert.deepEqual(admins.participants.map((p) => p._).sort(), ['channelParticipantAdmin', 'channelParticipantCreator'])
    const all = await participants(ada, guild, { _: 'channelParticipantsRecent' })
    assert.ok(all._ === 'channels.channelParticipants')
    assert.equal(all.count, all.participants.length)
    const pages = [await participants(ada, guild, { _: 'channelParticipantsRecent' }, 0, 4), await participants(ada, guild, { _: 'channelParticipantsRecent' }, 4, 4)]
    const userIdOf = (p: TlTypes['ChannelParticipant']) => ('user_id' in p ? p.user_id : undefined)
    const paged = pages.flatMap((page) => (page._ === 'channels.channelParticipants' ? page.participants.map(userIdOf) : []))
    assert.deepEqual(paged, all.participants.map(userIdOf))
    const search = await participants(ada, guild, { _: 'channelParticipantsSearch', q: 'gra' })
    assert.ok(search._ === 'channels.channelParticipants')
    assert.deepEqual(search.users.map((user) => (user._ === 'user' ? user.first_name : '')), ['Grace'])
  })

  it('leaves and rejoins a public supergroup with Telegram errors on the way', async () => {
    const alan = await as('alan')
    const dennis = await as('dennis')
    const guild = await channel(alan, 'ts_guild')
    const left = await alan.invoke({ _: 'channels.leaveChannel', channel: guild })
    assert.ok(left._ === 'updates' && left.updates.some((update) => update._ === 'updateChannel'))
    const leftChannel = left.chats.find((chat) => chat.id === guild.channel_id)
    assert.ok(leftChannel?._ === 'channel' && leftChannel.left)
    assert.equal((await rpcError(alan.invoke({ _: 'channels.leaveChannel', channel: guild }))).name, 'USER_NOT_PARTICIPANT')
    const joined = await alan.invoke({ _: 'channels.joinChannel', channel: guild })
    assert.ok(joined._ === 'updates')
    const notice = joined.updates.find((update) => update._ === 'updateNewChannelMessage')
    assert.ok(notice?._ === 'updateNewChannelMessage' && notice.message._ === 'messageService' && notice.message.action._ === 'messageActionChatAddUser')
    assert.equal((await rpcError(alan.invoke({ _: 'channels.joinChannel', channel: guild }))).name, 'USER_ALREADY_PARTICIPANT')
    assert.equal((await rpcError(dennis.invoke({ _: 'channels.leaveChannel', channel: await channel(dennis, 'ts_guild') }))).name, 'USER_CREATOR')
  })

  it('answers full channel info with counts and read positions', async () => {
    const ada = await as('ada')
    const guild = await channel(ada, 'ts_guild')
    const full = await ada.invoke({ _: 'channels.getFullChannel', channel: guild })
    assert.ok(full.full_chat._ === 'channelFull')
    assert.equal(full.full_chat.participants_count, 6)
    assert.equal(full.full_chat.admins_count, 2)
    assert.ok(full.full_chat.pts >= 1)
    const chats = await ada.invoke({ _: 'channels.getChannels', id: [guild] })
    assert.equal(chats.chats[0]?.id, guild.channel_id)
  })
})

describe('channels: moderation and the admin log', () => {
  const userOf = async (client: MtprotoClient, key: string): Promise<TlTypes['InputUser'] & { _: 'inputUser' }> => {
    const person = file.seeded(key)
    const resolved = await client.invoke({ _: 'contacts.resolveUsername', username: file.sandbox.world.accounts.get(person.id)!.username! })
    const user = resolved.users[0]
    assert.ok(user?._ === 'user' && user.access_hash !== undefined)
    return { _: 'inputUser', user_id: user.id, access_hash: user.access_hash }
  }
  const peerOf = (user: TlTypes['InputUser'] & { _: 'inputUser' }): TlTypes['InputPeer'] => ({ _: 'inputPeerUser', user_id: user.user_id, access_hash: user.access_hash })
  const rights = (flags: Partial<Omit<TlTypes['ChatBannedRights'], '_' | 'until_date'>> = {}): TlTypes['ChatBannedRights'] => ({ _: 'chatBannedRights', until_date: 0, ...flags })
  const send = (client: MtprotoClient, input: InputChannel, message: string) =>
    client.invoke({ _: 'messages.sendMessage', peer: asPeer(input), message, random_id: randomBytes(8).readBigInt64LE() })

  it('restricts a member from posting, shows it in the participant, and lifts it', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const guild = await channel(ada, 'ts_guild')
    const alanUser = await userOf(ada, 'alan')
    await ada.invoke({ _: 'channels.editBanned', channel: guild, participant: peerOf(alanUser), banned_rights: rights({ send_messages: true }) })
    const alansGuild = await channel(alan, 'ts_guild')
    assert.equal((await rpcError(send(alan, alansGuild, 'may I?'))).name, 'USER_BANNED_IN_CHANNEL')
    const seen = await ada.invoke({ _: 'channels.getParticipant', channel: guild, participant: peerOf(alanUser) })
    assert.ok(seen.participant._ === 'channelParticipantBanned' && !seen.participant.left)
    assert.ok(seen.participant.banned_rights._ === 'chatBannedRights' && seen.participant.banned_rights.send_messages)
    const banned = await participants(ada, guild, { _: 'channelParticipantsBanned', q: '' })
    assert.ok(banned._ === 'channels.channelParticipants' && banned.participants.some((p) => p._ === 'channelParticipantBanned'))

    await ada.invoke({ _: 'channels.editBanned', channel: guild, participant: peerOf(alanUser), banned_rights: rights() })
    await send(alan, alansGuild, 'thanks for lifting it')
    const lifted = await ada.invoke({ _: 'channels.getParticipant', channel: guild, participant: peerOf(alanUser) })
    assert.equal(lifted.participant._, 'channelParticipant')
  })

  it('bans a member out of the channel until the ban is lifted, and refuses to ban the creator', async () => {
    const ada = await as('ada')
    const margaret = await as('margaret')
    const guild = await channel(ada, 'ts_guild')
    const margaretsGuild = await channel(margaret, 'ts_guild')
    const margaretUser = await userOf(ada, 'margaret')
    const answer = await ada.invoke({ _: 'channels.editBanned', channel: guild, participant: peerOf(margaretUser), banned_rights: rights({ view_messages: true }) })
    assert.ok(answer._ === 'updates' && answer.updates.some((u) => u._ === 'updateChannel'))
    assert.equal(file.sandbox.world.chats.isChannelMember(guild.channel_id, margaretUser.user_id), false)
    const kicked = await participants(ada, guild, { _: 'channelParticipantsKicked', q: '' })
    assert.ok(kicked._ === 'channels.channelParticipants')
    assert.deepEqual(kicked.participants.map((p) => p._ === 'channelParticipantBanned' && p.left), [true])
    const rejoin = await rpcError(margaret.invoke({ _: 'channels.joinChannel', channel: margaretsGuild }))
    assert.equal(rejoin.name, 'CHANNEL_PRIVATE')

    await ada.invoke({ _: 'channels.editBanned', channel: guild, participant: peerOf(margaretUser), banned_rights: rights() })
    await margaret.invoke({ _: 'channels.joinChannel', channel: margaretsGuild })
    assert.ok(file.sandbox.world.chats.isChannelMember(guild.channel_id, margaretUser.user_id))

    const creator = await userOf(ada, 'dennis')
    assert.equal((await rpcError(ada.invoke({ _: 'channels.editBanned', channel: guild, participant: peerOf(creator), banned_rights: rights({ view_messages: true }) }))).name, 'USER_ADMIN_INVALID')
  })

  it('promotes with chosen rights and a title only by someone who may add admins, and demotes', async () => {
    const ada = await as('ada')
    const dennis = await as('dennis')
    const katherine = await as('katherine')
    const guild = await channel(dennis, 'ts_guild')
    const katherineUser = await userOf(dennis, 'katherine')
    const pinOnly: TlTypes['ChatAdminRights'] = { _: 'chatAdminRights', pin_messages: true }
    const notAllowed = await rpcError(ada.invoke({ _: 'channels.editAdmin', channel: await channel(ada, 'ts_guild'), user_id: await userOf(ada, 'katherine'), admin_rights: pinOnly, rank: 'Pinner' }))
    assert.equal(notAllowed.name, 'CHAT_ADMIN_REQUIRED')
    await dennis.invoke({ _: 'channels.editAdmin', channel: guild, user_id: katherineUser, admin_rights: pinOnly, rank: 'Pinner' })
    const promoted = await dennis.invoke({ _: 'channels.getParticipant', channel: guild, participant: peerOf(katherineUser) })
    assert.ok(promoted.participant._ === 'channelParticipantAdmin')
    assert.equal(promoted.participant.rank, 'Pinner')
    assert.ok(promoted.participant.admin_rights._ === 'chatAdminRights' && promoted.participant.admin_rights.pin_messages && !promoted.participant.admin_rights.ban_users)
    // Her rights do not include banning.
    const katherinesGuild = await channel(katherine, 'ts_guild')
    const cannotBan = await rpcError(katherine.invoke({ _: 'channels.editBanned', channel: katherinesGuild, participant: peerOf(await userOf(katherine, 'alan')), banned_rights: rights({ send_messages: true }) }))
    assert.equal(cannotBan.name, 'CHAT_ADMIN_REQUIRED')

    await dennis.invoke({ _: 'channels.editAdmin', channel: guild, user_id: katherineUser, admin_rights: { _: 'chatAdminRights' } })
    const demoted = await dennis.invoke({ _: 'channels.getParticipant', channel: guild, participant: peerOf(katherineUser) })
    assert.equal(demoted.participant._, 'channelParticipant')
  })

  it('shows admins what was done, newest first, by filter and page, and nothing to members', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const guild = await channel(ada, 'ts_guild')
    const log = (extra: Partial<TlMethods['channels.getAdminLog']> = {}) => ada.invoke({ _: 'channels.getAdminLog', channel: guild, q: '', max_id: 0n, min_id: 0n, limit: 100, ...extra })
    const all = await log()
    const kinds = all.events.map((e) => e.action._)
    // The tests above, newest first: demote, promote, the ban lifted, the ban, ...
    assert.deepEqual(kinds.slice(0, 2), ['channelAdminLogEventActionParticipantToggleAdmin', 'channelAdminLogEventActionParticipantToggleAdmin'])
    assert.ok(kinds.includes('channelAdminLogEventActionParticipantToggleBan'))
    assert.ok(kinds.includes('channelAdminLogEventActionParticipantJoin'), 'joining is recorded too')
    const ids = all.events.map((e) => e.id)
    assert.deepEqual(ids, [...ids].sort((a, b) => (a > b ? -1 : 1)))

    const kicks = await log({ events_filter: { _: 'channelAdminLogEventsFilter', kick: true } })
    assert.equal(kicks.events.length, 1)
    const kick = kicks.events[0]!
    assert.ok(kick.action._ === 'channelAdminLogEventActionParticipantToggleBan' && kick.action.new_participant._ === 'channelParticipantBanned')
    assert.ok(kicks.users.some((u) => u.id === kick.user_id))

    const firstPage = await log({ limit: 2 })
    const secondPage = await log({ limit: 2, max_id: firstPage.events.at(-1)!.id })
    assert.deepEqual(secondPage.events.map((e) => e.id), ids.slice(2, 4))
    const byName = await log({ q: 'hamilton' })
    assert.ok(byName.events.length > 0 && byName.events.length < all.events.length)

    const forbidden = await rpcError(alan.invoke({ _: 'channels.getAdminLog', channel: await channel(alan, 'ts_guild'), q: '', max_id: 0n, min_id: 0n, limit: 10 }))
    assert.equal(forbidden.name, 'CHAT_ADMIN_REQUIRED')
  })
})
