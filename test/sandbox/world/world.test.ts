import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MethodRegistry } from '../rpc/method-registry'
import { chatPeer, channelPeer, userPeer, World, type PublishedUpdate } from '.'

function worldWithPeople() {
  const world = new World(new MethodRegistry())
  const alice = world.accounts.create({ phone: '+1 555 0001', firstName: 'Alice', username: 'alice', homeDc: 1 })
  const bob = world.accounts.create({ phone: '15550002', firstName: 'Bob', username: 'bobby', homeDc: 2 })
  const carol = world.accounts.create({ phone: '15550003', firstName: 'Carol', homeDc: 1 })
  return { world, alice, bob, carol }
}

describe('world message boxes', () => {
  it('gives one private message a different id in the sender and receiver boxes', () => {
    const { world, alice, bob } = worldWithPeople()
    world.messages.send({ senderId: bob.id, to: userPeer(carolId(world)), text: 'first in bob box' })
    const sent = world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'hi bob' })
    assert.equal(sent.message.id, 1)
    const bobCopy = sent.copies.get(bob.id)!
    assert.equal(bobCopy.id, 2)
    assert.equal(bobCopy.out, false)
    assert.deepEqual(bobCopy.peer, userPeer(alice.id))
    const asBob = world.viewAs(bob.id).message(bobCopy)
    assert.equal(asBob._, 'message')
    assert.equal(asBob._ === 'message' && asBob.out, undefined)
    assert.deepEqual(asBob._ === 'message' && asBob.peer_id, { _: 'peerUser', user_id: alice.id })
  })

  it('does not post twice for a resent random_id', () => {
    const { world, alice, bob } = worldWithPeople()
    const first = world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'once', randomId: 42n })
    const again = world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'once', randomId: 42n })
    assert.equal(again.duplicate, true)
    assert.equal(again.message.id, first.message.id)
    assert.equal(again.updates.length, 0)
    assert.equal(world.messages.history(bob.id, userPeer(alice.id)).length, 1)
  })

  it('advances pts of both accounts and logs the updates for getDifference', () => {
    const { world, alice, bob } = worldWithPeople()
    const seen: PublishedUpdate[] = []
    world.updates.subscribe((event) => seen.push(event))
    const before = world.updates.accountState(bob.id).pts
    world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'a' })
    world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'b' })
    assert.equal(seen.length, 4)
    assert.equal(world.updates.accountState(bob.id).pts, before + 2)
    const difference = world.updates.accountDifference(bob.id, before + 1)
    assert.equal(difference.kind, 'entries')
    assert.equal(difference.kind === 'entries' && difference.entries.length, 1)
    const update = difference.kind === 'entries' ? difference.entries[0]!.update : undefined
    assert.equal(update?._, 'updateNewMessage')
    assert.equal(update?._ === 'updateNewMessage' && update.pts, before + 2)
  })

  it('counts unread messages and moves the sender outbox when the receiver reads', () => {
    const { world, alice, bob } = worldWithPeople()
    for (const text of ['1', '2', '3']) world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text })
    const bobDialog = world.dialogs.get(bob.id, userPeer(alice.id))!
    assert.equal(world.viewAs(bob.id).dialog(bobDialog).unread_count, 3)
    const read = world.messages.readHistory({ accountId: bob.id, peer: userPeer(alice.id), maxId: 2 })
    assert.equal(read.stillUnread, 1)
    assert.equal(world.dialogs.get(alice.id, userPeer(bob.id))!.readOutboxMaxId, 2)
    assert.deepEqual(
      read.updates.map((u) => u.update._),
      ['updateReadHistoryInbox', 'updateReadHistoryOutbox'],
    )
  })

  it('copies a basic group message into every member box and marks a reply as a mention', () => {
    const { world, alice, bob, carol } = worldWithPeople()
    const group = world.chats.createGroup({ title: 'Team', creatorId: alice.id, memberIds: [bob.id, carol.id] })
    const question = world.messages.send({ senderId: bob.id, to: chatPeer(group.id), text: 'question' })
    const answer = world.messages.send({ senderId: alice.id, to: chatPeer(group.id), text: 'answer', replyToMsgId: question.copies.get(alice.id)!.id })
    assert.equal(answer.copies.size, 3)
    const bobCopy = answer.copies.get(bob.id)!
    assert.equal(bobCopy.replyTo?.msgId, question.message.id)
    assert.equal(bobCopy.mentioned, true)
    assert.equal(answer.copies.get(carol.id)!.mentioned, false)
  })

  it('keeps one shared box per channel and renders out per viewer', () => {
    const { world, alice, bob } = worldWithPeople()
    const channel = world.chats.createChannel({ title: 'News', creatorId: alice.id, broadcast: true, memberIds: [bob.id] })
    const post = world.messages.send({ senderId: alice.id, to: channelPeer(channel.id), text: 'post' })
    assert.equal(post.updates.length, 1)
    assert.equal(post.updates[0]!.target.kind, 'channel')
    assert.equal(world.updates.channelPts(channel.id), 2)
    const asAlice = world.viewAs(alice.id).message(post.message)
    const asBob = world.viewAs(bob.id).message(post.message)
    assert.equal(asAlice._ === 'message' && asAlice.out, true)
    assert.equal(asBob._ === 'message' && asBob.out, undefined)
    assert.equal(asBob._ === 'message' && asBob.from_id, undefined)
    assert.equal(world.viewAs(bob.id).dialog(world.dialogs.get(bob.id, channelPeer(channel.id))!).unread_count, 1)
  })

  it('deletes for everyone with revoke, and only for oneself without it', () => {
    const { world, alice, bob } = worldWithPeople()
    const a = world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'a' })
    const b = world.messages.send({ senderId: alice.id, to: userPeer(bob.id), text: 'b' })
    world.messages.deleteMessages({ accountId: alice.id, ids: [a.message.id], revoke: false })
    assert.equal(world.messages.history(bob.id, userPeer(alice.id)).length, 2)
    const revoked = world.messages.deleteMessages({ accountId: alice.id, ids: [b.message.id], revoke: true })
    assert.deepEqual(revoked.deleted, [b.message.id])
    assert.deepEqual(world.messages.history(bob.id, userPeer(alice.id)).map((m) => m.text), ['a'])
    assert.equal(revoked.updates.length, 2)
  })

  it('gives each viewer its own access hash and accepts only that one', () => {
    const { world, alice, bob, carol } = worldWithPeople()
    const forAlice = world.viewAs(alice.id).user(carol.id)
    const forBob = world.viewAs(bob.id).user(carol.id)
    assert.ok(forAlice._ === 'user' && forBob._ === 'user')
    assert.notEqual(forAlice.access_hash, forBob.access_hash)
    const input = { _: 'inputPeerUser' as const, user_id: carol.id, access_hash: forAlice.access_hash! }
    assert.deepEqual(world.inputsOf(alice.id).peer(input), userPeer(carol.id))
    assert.throws(() => world.inputsOf(bob.id).peer(input), /PEER_ID_INVALID/)
  })
})

function carolId(world: World): bigint {
  return world.accounts.byPhone('15550003')!.id
}
