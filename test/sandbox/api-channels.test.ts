// Supergroups and broadcast channels over TCP with our own client: one shared box with the channel's ids and
// pts, participants with filters and paging, joining and leaving, and the rights Telegram checks.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { MtprotoClient } from '../../extension/mtproto/network'
import { startSandbox, type Sandbox } from './server'

let sandbox: Sandbox
const clients = new Map<string, MtprotoClient>()

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
})
after(async () => {
  for (const client of clients.values()) client.close()
  await sandbox.stop()
})

async function as(key: string): Promise<MtprotoClient> {
  const existing = clients.get(key)
  if (existing) return existing
  const account = sandbox.seed!.accounts.find((candidate) => candidate.key === key)!
  const client = new MtprotoClient({ dcs: sandbox.dcs, mainDcId: account.homeDc, rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)], apiId: 1, requestTimeoutMs: 10_000 })
  clients.set(key, client)
  const sent = await client.invoke({ _: 'auth.sendCode', phone_number: account.phone, api_id: 1, api_hash: 'sandbox', settings: { _: 'codeSettings' } })
  assert.equal(sent._, 'auth.sentCode')
  await client.invoke({ _: 'auth.signIn', phone_number: account.phone, phone_code_hash: sent.phone_code_hash, phone_code: account.loginCode })
  return client
}

async function rpcError(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof RpcError, `expected an RPC error, got ${String(error)}`)
    return error
  }
  assert.fail('the call succeeded')
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
