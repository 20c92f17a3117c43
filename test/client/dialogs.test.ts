// Dialogs and members through TelegramClient against the seeded sandbox: unread counts, pinned and
// archived dialogs, pagination across pages, participants of each kind of chat, profile photos.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { markPeerId, type TelegramClient } from '../../extension/mtproto'
import { userPeer } from '../sandbox/world'
import { RequestLog, sandboxPerFile } from './support'

let client: TelegramClient
const log = new RequestLog()

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada', { log })
})

describe('TelegramClient dialogs', () => {
  it('lists the main folder with pinned dialogs first and the unread counts the server keeps', async () => {
    const ada = file.seeded('ada')
    const grace = file.seeded('grace')
    const { chats } = file.sandbox.seed!
    const dialogs = await client.getDialogs()
    const world = file.sandbox.world
    const expectedIds = world.dialogs.list(ada.id).map((d) => (d.peer.kind === 'user' ? d.peer.id : markPeerId(d.peer.kind, d.peer.id)))
    assert.deepEqual(dialogs.map((d) => d.id), expectedIds)
    assert.equal(dialogs.total, expectedIds.length)
    const pinned = dialogs.filter((d) => d.pinned).map((d) => d.id)
    assert.deepEqual(new Set(pinned), new Set([grace.id, markPeerId('channel', chats.typescriptGuild)]))
    assert.ok(dialogs.slice(0, pinned.length).every((d) => d.pinned), 'pinned dialogs come first')
    const unread = (id: bigint) => dialogs.find((d) => d.id === id)!.unreadCount
    assert.equal(unread(grace.id), 2)
    assert.equal(unread(markPeerId('chat', chats.compilerClub)), 3)
    assert.equal(unread(markPeerId('channel', chats.workbenchNews)), 1)
    const guild = dialogs.find((d) => d.id === markPeerId('channel', chats.typescriptGuild))!
    assert.equal(guild.name, world.chats.channel(chats.typescriptGuild)!.title)
    assert.ok(guild.isChannel && guild.isGroup)
    assert.ok(guild.message && guild.message.date instanceof Date)
    // Without a folder the sandbox lists every dialog; the archived one says so.
    assert.deepEqual(dialogs.filter((d) => d.archived).map((d) => d.id), [markPeerId('chat', chats.weekendHike)])
    // Sanity against the world: the top message of Grace's dialog is the last one of that history.
    const top = world.messages.history(ada.id, userPeer(grace.id)).at(-1)!
    assert.equal(dialogs.find((d) => d.id === grace.id)!.message?.id, top.id)
  })

  it('pages through the list with the offsets of each page, yielding each dialog once', async () => {
    const all = await client.getDialogs()
    log.clear()
    const paged: bigint[] = []
    for await (const dialog of client.iterDialogs({ pageSize: 3 })) paged.push(dialog.id)
    assert.deepEqual(paged, all.map((d) => d.id))
    assert.equal(log.count('messages.getDialogs'), Math.ceil(all.length / 3) + (all.length % 3 === 0 ? 1 : 0))
    log.clear()
    const firstFour = await client.getDialogs({ limit: 4, pageSize: 3 })
    assert.deepEqual(firstFour.map((d) => d.id), all.slice(0, 4).map((d) => d.id))
    assert.equal(log.count('messages.getDialogs'), 2)
  })

  it('lists the archive (folder 1) on its own', async () => {
    const { chats } = file.sandbox.seed!
    const archived = await client.getDialogs({ archived: true })
    assert.deepEqual(archived.map((d) => d.id), [markPeerId('chat', chats.weekendHike)])
    assert.ok(archived[0]!.archived)
  })
})

describe('TelegramClient participants and photos', () => {
  it('lists the members of a supergroup page by page, and of a basic group at once', async () => {
    const ada = file.seeded('ada')
    const { chats } = file.sandbox.seed!
    const world = file.sandbox.world
    const guildMembers = world.chats.channelMemberIds(chats.typescriptGuild)
    log.clear()
    const guild = await client.getParticipants(markPeerId('channel', chats.typescriptGuild))
    assert.ok(guild.some((p) => p.user.id === ada.id))
    assert.equal(guild.total, guild.length)
    assert.deepEqual(new Set(guild.map((p) => p.user.id)), new Set(guildMembers))
    const paged: bigint[] = []
    for await (const p of client.iterParticipants(markPeerId('channel', chats.typescriptGuild), { limit: guild.length })) paged.push(p.user.id)
    assert.deepEqual(new Set(paged), new Set(guild.map((p) => p.user.id)))

    const club = await client.getParticipants(markPeerId('chat', chats.compilerClub))
    assert.deepEqual(new Set(club.map((p) => p.user.id)), new Set(world.chats.groupMemberIds(chats.compilerClub)))
    const searched = await client.getParticipants(markPeerId('chat', chats.compilerClub), { search: 'grace' })
    assert.deepEqual(searched.map((p) => p.user.first_name), ['Grace'])
    const privateChat = await client.getParticipants('@grace_hopper')
    assert.deepEqual(new Set(privateChat.map((p) => p.user.id)), new Set([ada.id, file.seeded('grace').id]))
  })

  it('returns the profile photos the server has for a user', async () => {
    const photos = await client.getProfilePhotos('@grace_hopper')
    const direct = await client.invoke({ _: 'photos.getUserPhotos', user_id: '@grace_hopper', offset: 0, max_id: 0n, limit: 100 })
    assert.deepEqual(photos.map((p) => p.id), direct.photos.map((p) => p.id))
    assert.equal(photos.total, photos.length)
    const one = await client.getProfilePhotos('@grace_hopper', { limit: 1 })
    assert.equal(one.length, Math.min(1, photos.length))
    const iterated: bigint[] = []
    for await (const photo of client.iterProfilePhotos('@grace_hopper')) iterated.push(photo.id)
    assert.deepEqual(iterated, photos.map((p) => p.id))
  })
})
