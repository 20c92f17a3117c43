// Updates against the real sandbox over TCP with our MtprotoClient: what a connected session receives when the
// world changes (Telegram's short and full forms, pts and seq), and updates.getDifference /
// getChannelDifference from earlier states, including the slice and too-long forms.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { TlConstructors } from '../../schema/codec/generated/types'
import { authKeyId } from './crypto'
import { startSandbox, type Sandbox } from './server'
import { DIFFERENCE_SLICE_EVENTS } from './updates/difference'
import { recordingClient, signIn, subscribedClient, type RecordingClient } from './updates/test-clients'
import { channelPeer, chatPeer, userPeer, type UpdateOrigin } from './world'
import { UPDATE_LOG_LIMIT } from './world/updates'

type State = TlConstructors['updates.state']

let sandbox: Sandbox
const clients: RecordingClient[] = []
let nextPhone = 9_997_700_000

before(async () => {
  sandbox = await startSandbox()
})
after(async () => {
  for (const client of clients) client.close()
  await sandbox.stop()
})

/** A fresh account per test, so that pts and pushes of one test never leak into another. */
function newAccount(firstName: string, homeDc = 1): bigint {
  return sandbox.world.accounts.create({ phone: String(nextPhone++), firstName, homeDc }).id
}

async function connect(accountId: bigint): Promise<RecordingClient> {
  const client = await subscribedClient(sandbox, accountId)
  clients.push(client)
  return client
}

async function stateOf(client: RecordingClient): Promise<State> {
  return (await client.client.invoke({ _: 'updates.getState' })) as State
}

/** The origin of a call made by `client`'s single session, as a method handler would record it. */
function originOf(client: RecordingClient, dcId: number): UpdateOrigin {
  const key = sandbox.world.authKeys.get(dcId, authKeyId(client.client.session(dcId).keyState!.authKey))!
  const [session] = key.sessions.values()
  return { dcId, authKeyId: key.id, sessionId: session!.id }
}

const send = (senderId: bigint, to: ReturnType<typeof userPeer>, text: string, origin?: UpdateOrigin) =>
  sandbox.world.messages.send({ senderId, to, text, origin })

describe('pushing updates to connected sessions', () => {
  test('a private text message arrives as updateShortMessage, with pts, on both sides', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await connect(uma)
    const paxClient = await connect(pax)
    const umaBefore = await stateOf(umaClient)
    const paxBefore = await stateOf(paxClient)

    send(pax, userPeer(uma), 'hello, Uma')

    const incoming = await umaClient.nextPush()
    assert.equal(incoming._, 'updateShortMessage')
    assert.equal(incoming.user_id, pax, 'user_id is the other party')
    assert.equal(incoming.message, 'hello, Uma')
    assert.equal(incoming.out, false)
    assert.equal(incoming.pts, umaBefore.pts + 1)
    assert.equal(incoming.pts_count, 1)
    const outgoing = await paxClient.nextPush()
    assert.equal(outgoing._, 'updateShortMessage')
    assert.equal(outgoing.out, true, "the sender's other sessions see it as outgoing")
    assert.equal(outgoing.user_id, uma)
    assert.equal(outgoing.pts, paxBefore.pts + 1)
  })

  test('skips the session whose request caused the update, and only that one', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const paxPhone = await connect(pax)
    const paxLaptop = await connect(pax)
    await connect(uma)
    const before = await stateOf(paxPhone)

    send(pax, userPeer(uma), 'sent from the phone', originOf(paxPhone, 1))
    const onLaptop = await paxLaptop.nextPush()
    assert.equal(onLaptop.message, 'sent from the phone')
    send(pax, userPeer(uma), 'sent from elsewhere')

    // The phone got the first message in its answer; the first push it sees is the second one.
    const onPhone = await paxPhone.nextPush()
    assert.equal(onPhone.message, 'sent from elsewhere')
    assert.equal(onPhone.pts, before.pts + 2)
  })

  test('a basic group text message arrives as updateShortChatMessage', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const group = sandbox.world.chats.createGroup({ title: 'Reading group', creatorId: pax, memberIds: [uma] })
    const umaClient = await connect(uma)

    sandbox.world.messages.send({ senderId: pax, to: chatPeer(group.id), text: 'chapter 3 tonight' })

    const push = await umaClient.nextPush()
    assert.equal(push._, 'updateShortChatMessage')
    assert.equal(push.from_id, pax)
    assert.equal(push.chat_id, group.id)
    assert.equal(push.message, 'chapter 3 tonight')
  })

  test('a message with media, or a channel post, comes as `updates` with its users and chats', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const channel = sandbox.world.chats.createChannel({ title: 'Release notes', creatorId: pax, broadcast: true, memberIds: [uma] })
    const umaClient = await connect(uma)
    const paxClient = await connect(pax)
    const channelPts = sandbox.world.updates.channelPts(channel.id)

    sandbox.world.messages.send({ senderId: pax, to: channelPeer(channel.id), text: 'v1.2 is out' })

    for (const [client, out] of [
      [umaClient, false],
      [paxClient, true],
    ] as const) {
      const push = (await client.nextPush()) as unknown as TlConstructors['updates']
      assert.equal(push._, 'updates')
      assert.equal(push.seq, 0, 'channel updates are outside the account seq')
      const [update] = push.updates as TlConstructors['updateNewChannelMessage'][]
      assert.equal(update!._, 'updateNewChannelMessage')
      assert.equal(update!.pts, channelPts + 1, 'channel updates carry the channel pts')
      assert.equal(update!.pts_count, 1)
      assert.equal((update!.message as TlConstructors['message']).out, out, '`out` as each member sees it')
      assert.ok(push.chats.some((chat) => chat._ === 'channel' && chat.id === channel.id), 'the channel comes along')
    }

    const media: TlConstructors['messageMediaGeo'] = { _: 'messageMediaGeo', geo: { _: 'geoPoint', long: 2.35, lat: 48.85, access_hash: 0n } }
    sandbox.world.messages.send({ senderId: pax, to: userPeer(uma), text: '', media })
    const withMedia = (await umaClient.nextPush()) as unknown as TlConstructors['updates']
    assert.equal(withMedia._, 'updates')
    assert.equal(withMedia.updates[0]!._, 'updateNewMessage')
    assert.ok(withMedia.users.some((user) => user.id === pax), 'the sender comes along')
  })

  test('an update outside pts goes as updateShort; seq-numbered ones as `updates` and `updatesCombined`', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await connect(uma)
    const hub = sandbox.world.updates

    hub.publishForAccount(uma, { _: 'updateUserTyping', user_id: pax, action: { _: 'sendMessageTypingAction' } }, { peers: [userPeer(pax)] })
    const typing = await umaClient.nextPush()
    assert.equal(typing._, 'updateShort')
    assert.equal((typing.update as { _: string })._, 'updateUserTyping')

    const seq = (await stateOf(umaClient)).seq
    const status = (): TlConstructors['updateUserStatus'] => ({ _: 'updateUserStatus', user_id: pax, status: { _: 'userStatusRecently' } })
    hub.publishForAccount(uma, status(), { bumpSeq: true, peers: [userPeer(pax)] })
    const single = await umaClient.nextPush()
    assert.equal(single._, 'updates')
    assert.equal(single.seq, seq + 1)

    // Published in one go: one container covering both seq values.
    hub.publishForAccount(uma, status(), { bumpSeq: true })
    hub.publishForAccount(uma, status(), { bumpSeq: true })
    const combined = await umaClient.nextPush()
    assert.equal(combined._, 'updatesCombined')
    assert.equal(combined.seq_start, seq + 2)
    assert.equal(combined.seq, seq + 3)
    assert.equal((combined.updates as unknown[]).length, 2)
  })

  test('a session that only used invokeWithoutUpdates receives nothing until it asks for updates', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const quiet = recordingClient(sandbox, 1)
    clients.push(quiet)
    await signIn(sandbox, quiet, uma, 1)
    await quiet.client.invoke({ _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } })
    const witness = await connect(uma)

    send(pax, userPeer(uma), 'first')
    assert.equal((await witness.nextPush()).message, 'first')
    await quiet.client.invoke({ _: 'updates.getState' })
    send(pax, userPeer(uma), 'second')

    assert.equal((await quiet.nextPush()).message, 'second', 'the first message was never pushed to it')
  })
})

describe('updates.getDifference and getChannelDifference', () => {
  const difference = (client: RecordingClient, from: State, extra: { pts_total_limit?: number } = {}) =>
    client.client.invoke({ _: 'updates.getDifference', pts: from.pts, date: from.date, qts: from.qts, ...extra })

  test('returns exactly the events missed since an earlier state, then differenceEmpty', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await connect(uma)
    const before = await stateOf(umaClient)

    const sent = ['one', 'two', 'three'].map((text) => send(pax, userPeer(uma), text).copies.get(uma)!.id)
    sandbox.world.messages.edit({ editorId: pax, peer: userPeer(uma), id: send(pax, userPeer(uma), 'typo').message.id, text: 'fixed' })
    sandbox.world.messages.deleteMessages({ accountId: uma, ids: [sent[0]!], revoke: false })

    const diff = await difference(umaClient, before)
    assert.equal(diff._, 'updates.difference')
    if (diff._ !== 'updates.difference') return
    assert.deepEqual(
      diff.new_messages.map((m) => (m as TlConstructors['message']).message),
      ['one', 'two', 'three', 'typo'],
    )
    assert.deepEqual(diff.other_updates.map((u) => u._), ['updateEditMessage', 'updateDeleteMessages'])
    assert.equal(diff.state.pts, before.pts + 6)
    assert.ok(diff.users.some((user) => user.id === pax))
    assert.equal((await stateOf(umaClient)).pts, diff.state.pts, 'the difference ends at the current state')

    const again = await difference(umaClient, diff.state)
    assert.equal(again._, 'updates.differenceEmpty')
  })

  test('hands out a long gap in slices, each continuing from the intermediate state', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await connect(uma)
    const before = await stateOf(umaClient)
    const total = DIFFERENCE_SLICE_EVENTS + 20
    for (let i = 0; i < total; i++) send(pax, userPeer(uma), `message ${i}`)

    const slice = await difference(umaClient, before)
    assert.equal(slice._, 'updates.differenceSlice')
    if (slice._ !== 'updates.differenceSlice') return
    assert.equal(slice.new_messages.length, DIFFERENCE_SLICE_EVENTS)
    assert.equal(slice.intermediate_state.pts, before.pts + DIFFERENCE_SLICE_EVENTS)

    const rest = await difference(umaClient, slice.intermediate_state)
    assert.equal(rest._, 'updates.difference')
    if (rest._ !== 'updates.difference') return
    const texts = [...slice.new_messages, ...rest.new_messages].map((m) => (m as TlConstructors['message']).message)
    assert.deepEqual(texts, Array.from({ length: total }, (_, i) => `message ${i}`))
    assert.equal(rest.state.pts, before.pts + total)
  })

  test('answers differenceTooLong beyond the retained log or the pts_total_limit', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const umaClient = await connect(uma)
    const before = await stateOf(umaClient)
    for (let i = 0; i < 5; i++) send(pax, userPeer(uma), `burst ${i}`)

    assert.deepEqual(await difference(umaClient, before, { pts_total_limit: 3 }), { _: 'updates.differenceTooLong', pts: before.pts + 5 })

    for (let i = 0; i < UPDATE_LOG_LIMIT; i++) send(pax, userPeer(uma), `flood ${i}`)
    const current = await stateOf(umaClient)
    assert.deepEqual(await difference(umaClient, before), { _: 'updates.differenceTooLong', pts: current.pts })
  })

  test('refuses a pts the account never had', async () => {
    const umaClient = await connect(newAccount('Uma'))
    const state = await stateOf(umaClient)
    await assert.rejects(difference(umaClient, { ...state, pts: state.pts + 10 }), /PERSISTENT_TIMESTAMP_INVALID/)
    await assert.rejects(difference(umaClient, { ...state, pts: 0 }), /PERSISTENT_TIMESTAMP_EMPTY/)
  })

  test('channel difference: empty, the missed posts (in pieces of `limit`), and too long', async () => {
    const uma = newAccount('Uma')
    const pax = newAccount('Pax')
    const channel = sandbox.world.chats.createChannel({ title: 'Changelog', creatorId: pax, broadcast: true, memberIds: [uma] })
    const umaClient = await connect(uma)
    const input = { _: 'inputChannel', channel_id: channel.id, access_hash: sandbox.world.accessHashes.of(uma, channelPeer(channel.id)) } as const
    const channelDifference = (pts: number, limit = 100) =>
      umaClient.client.invoke({ _: 'updates.getChannelDifference', channel: input, filter: { _: 'channelMessagesFilterEmpty' }, pts, limit })
    const post = (text: string) => sandbox.world.messages.send({ senderId: pax, to: channelPeer(channel.id), text })

    const start = sandbox.world.updates.channelPts(channel.id)
    const empty = await channelDifference(start)
    assert.equal(empty._, 'updates.channelDifferenceEmpty')
    assert.equal(empty.pts, start)

    for (const text of ['a', 'b', 'c']) post(text)
    const firstTwo = await channelDifference(start, 2)
    assert.equal(firstTwo._, 'updates.channelDifference')
    if (firstTwo._ !== 'updates.channelDifference') return
    assert.equal(firstTwo.final, false, 'more remain')
    assert.equal(firstTwo.pts, start + 2)
    assert.deepEqual(firstTwo.new_messages.map((m) => (m as TlConstructors['message']).message), ['a', 'b'])
    const last = await channelDifference(firstTwo.pts, 2)
    assert.equal(last._, 'updates.channelDifference')
    if (last._ !== 'updates.channelDifference') return
    assert.equal(last.final, true)
    assert.equal(last.pts, start + 3)
    assert.deepEqual(last.new_messages.map((m) => (m as TlConstructors['message']).message), ['c'])

    for (let i = 0; i < UPDATE_LOG_LIMIT; i++) post(`post ${i}`)
    const tooLong = await channelDifference(start, 10)
    assert.equal(tooLong._, 'updates.channelDifferenceTooLong')
    if (tooLong._ !== 'updates.channelDifferenceTooLong') return
    assert.equal(tooLong.messages.length, 10)
    assert.equal((tooLong.messages[0] as TlConstructors['message']).message, `post ${UPDATE_LOG_LIMIT - 1}`, 'newest first')
    assert.equal((tooLong.dialog as TlConstructors['dialog']).pts, sandbox.world.updates.channelPts(channel.id))
    assert.ok(tooLong.chats.some((chat) => chat.id === channel.id))
  })

  test('keeps an outsider out of a private channel', async () => {
    const pax = newAccount('Pax')
    const outsider = newAccount('Oscar')
    const channel = sandbox.world.chats.createChannel({ title: 'Private', creatorId: pax, broadcast: true })
    const client = await connect(outsider)
    const input = { _: 'inputChannel', channel_id: channel.id, access_hash: sandbox.world.accessHashes.of(outsider, channelPeer(channel.id)) } as const
    await assert.rejects(
      client.client.invoke({ _: 'updates.getChannelDifference', channel: input, filter: { _: 'channelMessagesFilterEmpty' }, pts: 1, limit: 10 }),
      /CHANNEL_PRIVATE/,
    )
    await assert.rejects(
      client.client.invoke({ _: 'updates.getChannelDifference', channel: { ...input, access_hash: 1n }, filter: { _: 'channelMessagesFilterEmpty' }, pts: 1, limit: 10 }),
      /CHANNEL_INVALID/,
    )
  })
})
