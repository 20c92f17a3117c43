// The chat API of the sandbox over TCP with our own client: history windows and slices, per-account message ids
// and access hashes, random_id dedup, read states, edits, deletes, forwards, pins, dialogs and their pagination.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, describe, it } from 'node:test'
import type { TlTypes } from '../../schema/codec/generated/types'
import type { MtprotoClient } from '../../extension/mtproto/network'
import { rpcError, sandboxPerFile } from '../client/support'

const file = sandboxPerFile()
const seeded = (key: string) => file.seeded(key)
const signedIn = new Map<string, Promise<MtprotoClient>>()

/** A client signed in as a seeded account on its home DC; one per account, shared by the tests. */
function as(key: string): Promise<MtprotoClient> {
  let client = signedIn.get(key)
  if (!client) signedIn.set(key, (client = file.rawSignedIn(key)))
  return client
}

const randomId = () => randomBytes(8).readBigInt64LE()

/** The input peer `viewer` uses for a seeded user, from its own contacts.resolveUsername (its own access hash). */
async function resolveUser(viewer: MtprotoClient, key: string): Promise<TlTypes['InputPeer'] & { _: 'inputPeerUser' }> {
  const resolved = await viewer.invoke({ _: 'contacts.resolveUsername', username: seeded(key).username! })
  const user = resolved.users[0]
  assert.ok(user?._ === 'user' && user.access_hash !== undefined)
  return { _: 'inputPeerUser', user_id: user.id, access_hash: user.access_hash }
}

async function sendText(client: MtprotoClient, peer: TlTypes['InputPeer'], text: string, extra: { random_id?: bigint } = {}) {
  const answer = await client.invoke({ _: 'messages.sendMessage', peer, message: text, random_id: extra.random_id ?? randomId() })
  assert.equal(answer._, 'updateShortSentMessage')
  return answer
}

const history = (client: MtprotoClient, peer: TlTypes['InputPeer'], window: Partial<{ offset_id: number; offset_date: number; add_offset: number; limit: number; max_id: number; min_id: number }> = {}) =>
  client.invoke({ _: 'messages.getHistory', peer, offset_id: 0, offset_date: 0, add_offset: 0, limit: 100, max_id: 0, min_id: 0, hash: 0n, ...window })

function messageIds(answer: TlTypes['messages.Messages']): number[] {
  assert.notEqual(answer._, 'messages.messagesNotModified')
  return answer._ === 'messages.messagesNotModified' ? [] : answer.messages.map((message) => message.id)
}

function texts(answer: TlTypes['messages.Messages']): string[] {
  return answer._ === 'messages.messagesNotModified' ? [] : answer.messages.map((message) => (message._ === 'message' ? message.message : ''))
}

describe('messages: sending and per-account boxes', () => {
  it('stores a private message under a different id in each box', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const sent = await sendText(ada, toAlan, 'two boxes, two ids')
    const toAda = await resolveUser(alan, 'ada')
    const alanView = await history(alan, toAda, { limit: 1 })
    const received = alanView._ === 'messages.messagesNotModified' ? undefined : alanView.messages[0]
    assert.ok(received?._ === 'message')
    assert.equal(received.message, 'two boxes, two ids')
    assert.ok(!received.out, 'incoming for Alan')
    assert.notEqual(received.id, sent.id, 'the boxes hold different numbers of messages, so the ids differ')
    const adaView = await history(ada, toAlan, { limit: 1 })
    assert.deepEqual(messageIds(adaView), [sent.id])
  })

  it('does not post twice when a send is repeated with the same random_id', async () => {
    const ada = await as('ada')
    const toAlan = await resolveUser(ada, 'alan')
    const id = randomId()
    const first = await sendText(ada, toAlan, 'sent once', { random_id: id })
    const again = await sendText(ada, toAlan, 'sent once', { random_id: id })
    assert.equal(again.id, first.id)
    assert.equal(again.pts_count, 0, 'a resend takes no pts')
    const recent = await history(ada, toAlan, { limit: 5 })
    assert.equal(texts(recent).filter((text) => text === 'sent once').length, 1)
  })

  it('refuses an access hash that belongs to another account', async () => {
    const ada = await as('ada')
    const dennis = await as('dennis')
    const adasViewOfAlan = await resolveUser(ada, 'alan')
    const dennisViewOfAlan = await resolveUser(dennis, 'alan')
    assert.notEqual(adasViewOfAlan.access_hash, dennisViewOfAlan.access_hash)
    assert.equal((await rpcError(history(dennis, adasViewOfAlan))).name, 'PEER_ID_INVALID')
    assert.equal((await rpcError(sendText(dennis, adasViewOfAlan, 'hello'))).name, 'PEER_ID_INVALID')
    const full = dennis.invoke({ _: 'users.getFullUser', id: { _: 'inputUser', user_id: adasViewOfAlan.user_id, access_hash: adasViewOfAlan.access_hash } })
    assert.equal((await rpcError(full)).name, 'USER_ID_INVALID')
    const users = await dennis.invoke({ _: 'users.getUsers', id: [{ _: 'inputUser', user_id: adasViewOfAlan.user_id, access_hash: dennisViewOfAlan.access_hash }] })
    assert.equal(users[0]?.id, adasViewOfAlan.user_id, 'with its own hash Dennis gets the user')
  })

  it('answers Telegram errors for empty, long and badly placed text', async () => {
    const ada = await as('ada')
    const toAlan = await resolveUser(ada, 'alan')
    assert.equal((await rpcError(sendText(ada, toAlan, '   '))).name, 'MESSAGE_EMPTY')
    assert.equal((await rpcError(sendText(ada, toAlan, 'x'.repeat(4097)))).name, 'MESSAGE_TOO_LONG')
    const badEntity = ada.invoke({
      _: 'messages.sendMessage',
      peer: toAlan,
      message: 'short',
      random_id: randomId(),
      entities: [{ _: 'messageEntityBold', offset: 2, length: 10 }],
    })
    assert.equal((await rpcError(badEntity)).name, 'ENTITY_BOUNDS_INVALID')
  })

  it('keeps entities, replies and the silent flag', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const first = await sendText(ada, toAlan, 'question?')
    const entities: TlTypes['MessageEntity'][] = [{ _: 'messageEntityPre', offset: 0, length: 9, language: 'ts' }]
    await ada.invoke({
      _: 'messages.sendMessage',
      peer: toAlan,
      message: 'const x=1',
      entities,
      silent: true,
      reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: first.id },
      random_id: randomId(),
    })
    const alanView = await history(alan, await resolveUser(alan, 'ada'), { limit: 2 })
    assert.ok(alanView._ !== 'messages.messagesNotModified')
    const [reply, question] = alanView.messages
    assert.ok(reply?._ === 'message' && question?._ === 'message')
    assert.deepEqual(reply.entities, entities)
    assert.equal(reply.silent, true)
    assert.equal(reply.reply_to?._ === 'messageReplyHeader' && reply.reply_to.reply_to_msg_id, question.id, "the reply points at Alan's own id of the question")
  })
})

describe('messages: history windows', () => {
  let peer: TlTypes['InputPeer']
  /** Ids of 30 messages just sent, oldest first. */
  const sent: number[] = []

  before(async () => {
    const dennis = await as('dennis')
    peer = await resolveUser(dennis, 'ada')
    for (let i = 0; i < 30; i++) sent.push((await sendText(dennis, peer, `window ${i}`)).id)
  })

  it('answers a partial window as messagesSlice with the total count', async () => {
    const dennis = await as('dennis')
    const whole = await history(dennis, peer)
    const page = await history(dennis, peer, { limit: 5 })
    assert.equal(page._, 'messages.messagesSlice')
    assert.equal(page._ === 'messages.messagesSlice' && page.count, messageIds(whole).length)
    assert.deepEqual(messageIds(page), sent.slice(-5).reverse())
  })

  it('pages older, newer and around an offset as core.telegram.org/api/offsets describes', async () => {
    const dennis = await as('dennis')
    const pivot = sent[15]!
    assert.deepEqual(messageIds(await history(dennis, peer, { offset_id: pivot, limit: 4 })), sent.slice(11, 15).reverse())
    assert.deepEqual(messageIds(await history(dennis, peer, { offset_id: pivot, add_offset: -4, limit: 4 })), sent.slice(15, 19).reverse())
    assert.deepEqual(messageIds(await history(dennis, peer, { offset_id: pivot, add_offset: -2, limit: 4 })), sent.slice(13, 17).reverse(), 'one newer, the offset message, two older')
    assert.deepEqual(messageIds(await history(dennis, peer, { offset_id: sent[28]!, add_offset: -5, limit: 5 })), [sent[29]!, sent[28]!])
  })

  it('narrows a window with max_id and min_id after slicing', async () => {
    const dennis = await as('dennis')
    assert.deepEqual(messageIds(await history(dennis, peer, { limit: 6, max_id: sent[27]! })), [sent[26]!, sent[25]!, sent[24]!])
    assert.deepEqual(messageIds(await history(dennis, peer, { limit: 100, min_id: sent[26]! })), [sent[29]!, sent[28]!, sent[27]!])
  })

  it('answers messagesNotModified when the hash matches', async () => {
    const dennis = await as('dennis')
    const ids = messageIds(await history(dennis, peer, { limit: 3 }))
    // core.telegram.org/api/offsets: hash = fold of (h ^= h >> 21; h ^= h << 35; h ^= h >> 4; h += id), 64-bit.
    let hash = 0n
    for (const id of ids) {
      hash ^= hash >> 21n
      hash ^= (hash << 35n) & 0xffffffffffffffffn
      hash ^= hash >> 4n
      hash = (hash + BigInt(id)) & 0xffffffffffffffffn
    }
    const again = await dennis.invoke({ _: 'messages.getHistory', peer, offset_id: 0, offset_date: 0, add_offset: 0, limit: 3, max_id: 0, min_id: 0, hash: BigInt.asIntN(64, hash) })
    assert.equal(again._, 'messages.messagesNotModified')
  })

  it('finds messages by text and by filter', async () => {
    const dennis = await as('dennis')
    const search = (q: string, filter: TlTypes['MessagesFilter'] = { _: 'inputMessagesFilterEmpty' }) =>
      dennis.invoke({ _: 'messages.search', peer, q, filter, min_date: 0, max_date: 0, offset_id: 0, add_offset: 0, limit: 100, max_id: 0, min_id: 0, hash: 0n })
    const found = await search('window 1')
    assert.ok(texts(found).includes('window 1') && texts(found).includes('window 12'), 'a word matches by its start')
    assert.ok(!texts(found).includes('window 2'))
    assert.deepEqual(messageIds(await search('', { _: 'inputMessagesFilterPhotos' })), [])
    assert.equal((await rpcError(search(''))).name, 'SEARCH_QUERY_EMPTY')
  })
})

describe('messages: read states, edits, deletes, forwards and pins', () => {
  it('moves the reader inbox and the sender outbox on readHistory', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const toAda = await resolveUser(alan, 'ada')
    const sent = await sendText(ada, toAlan, 'read me')
    const before = await alan.invoke({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: toAda }] })
    assert.ok((before.dialogs[0] as TlTypes['Dialog'] & { unread_count: number }).unread_count >= 1)
    const affected = await alan.invoke({ _: 'messages.readHistory', peer: toAda, max_id: 0 })
    assert.equal(affected.pts_count, 1)
    const after = await alan.invoke({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: toAda }] })
    assert.equal((after.dialogs[0] as TlTypes['Dialog'] & { unread_count: number }).unread_count, 0)
    const senderSide = await ada.invoke({ _: 'messages.getPeerDialogs', peers: [{ _: 'inputDialogPeer', peer: toAlan }] })
    const dialog = senderSide.dialogs[0]
    assert.ok(dialog?._ === 'dialog')
    assert.equal(dialog.read_outbox_max_id, sent.id, "Ada's outbox is read up to her own id of the message")
  })

  it('edits a message in both boxes and refuses an edit that changes nothing', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const sent = await sendText(ada, toAlan, 'draft')
    const edited = await ada.invoke({ _: 'messages.editMessage', peer: toAlan, id: sent.id, message: 'final' })
    assert.ok(edited._ === 'updates' && edited.updates.some((update) => update._ === 'updateEditMessage'))
    const alanView = await history(alan, await resolveUser(alan, 'ada'), { limit: 1 })
    assert.deepEqual(texts(alanView), ['final'])
    assert.ok(alanView._ !== 'messages.messagesNotModified' && alanView.messages[0]?._ === 'message' && alanView.messages[0].edit_date)
    assert.equal((await rpcError(ada.invoke({ _: 'messages.editMessage', peer: toAlan, id: sent.id, message: 'final' }))).name, 'MESSAGE_NOT_MODIFIED')
    assert.equal((await rpcError(ada.invoke({ _: 'messages.editMessage', peer: toAlan, id: 999_999, message: 'x' }))).name, 'MESSAGE_ID_INVALID')
  })

  it('deletes for one side only, or for both with revoke', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const toAda = await resolveUser(alan, 'ada')
    const kept = await sendText(ada, toAlan, 'delete only mine')
    const revoked = await sendText(ada, toAlan, 'delete for both')
    const mine = await ada.invoke({ _: 'messages.deleteMessages', id: [kept.id] })
    assert.equal(mine.pts_count, 1)
    const both = await ada.invoke({ _: 'messages.deleteMessages', id: [revoked.id], revoke: true })
    assert.equal(both.pts_count, 1)
    const adaTexts = texts(await history(ada, toAlan, { limit: 10 }))
    const alanTexts = texts(await history(alan, toAda, { limit: 10 }))
    assert.ok(!adaTexts.includes('delete only mine') && !adaTexts.includes('delete for both'))
    assert.ok(alanTexts.includes('delete only mine'), 'without revoke the other box keeps it')
    assert.ok(!alanTexts.includes('delete for both'))
  })

  it('forwards with the original author and refuses repeated random_ids', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const fromAda = await resolveUser(alan, 'ada')
    const toDennis = await resolveUser(alan, 'dennis')
    const original = await sendText(ada, toAlan, 'worth forwarding')
    const alanCopy = messageIds(await history(alan, fromAda, { limit: 1 }))[0]!
    const forwarded = await alan.invoke({ _: 'messages.forwardMessages', from_peer: fromAda, to_peer: toDennis, id: [alanCopy], random_id: [randomId()] })
    assert.ok(forwarded._ === 'updates')
    const newMessage = forwarded.updates.find((update) => update._ === 'updateNewMessage')
    assert.ok(newMessage?._ === 'updateNewMessage' && newMessage.message._ === 'message')
    assert.equal(newMessage.message.message, 'worth forwarding')
    const header = newMessage.message.fwd_from
    assert.ok(header?.from_id?._ === 'peerUser')
    assert.equal(header.from_id.user_id, seeded('ada').id)
    const twice = randomId()
    const duplicate = alan.invoke({ _: 'messages.forwardMessages', from_peer: fromAda, to_peer: toDennis, id: [alanCopy, alanCopy], random_id: [twice, twice] })
    assert.equal((await rpcError(duplicate)).name, 'RANDOM_ID_DUPLICATE')
    assert.ok(original.id > 0)
  })

  it('pins a message for both sides and posts the pin notice', async () => {
    const ada = await as('ada')
    const alan = await as('alan')
    const toAlan = await resolveUser(ada, 'alan')
    const sent = await sendText(ada, toAlan, 'pin this')
    const answer = await ada.invoke({ _: 'messages.updatePinnedMessage', peer: toAlan, id: sent.id })
    assert.ok(answer._ === 'updates')
    const pinned = answer.updates.find((update) => update._ === 'updatePinnedMessages')
    assert.ok(pinned?._ === 'updatePinnedMessages' && pinned.pinned)
    assert.deepEqual(pinned.messages, [sent.id])
    const alanView = await history(alan, await resolveUser(alan, 'ada'), { limit: 2 })
    assert.ok(alanView._ !== 'messages.messagesNotModified')
    const [notice, message] = alanView.messages
    assert.ok(notice?._ === 'messageService' && notice.action._ === 'messageActionPinMessage')
    assert.ok(message?._ === 'message' && message.pinned)
  })
})

describe('messages: dialogs', () => {
  it('pages through every dialog once with offsets taken from the last one', async () => {
    const ada = await as('ada')
    const full = await ada.invoke({ _: 'messages.getDialogs', offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n })
    assert.ok(full._ === 'messages.dialogs')
    const all = full.dialogs.map((dialog) => JSON.stringify(dialog.peer, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)))
    assert.ok(all.length >= 8, `Ada has a dozen dialogs (got ${all.length})`)
    assert.ok(full.dialogs[0]?._ === 'dialog' && full.dialogs[0].pinned, 'pinned dialogs come first')

    const seen: string[] = []
    let offset = { offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' } as TlTypes['InputPeer'] }
    for (let page = 0; page < 20 && seen.length < all.length; page++) {
      const answer = await ada.invoke({ _: 'messages.getDialogs', ...offset, limit: 3, hash: 0n })
      assert.ok(answer._ === 'messages.dialogsSlice' || answer._ === 'messages.dialogs')
      if (answer._ === 'messages.dialogsSlice') assert.equal(answer.count, all.length)
      if (answer.dialogs.length === 0) break
      for (const dialog of answer.dialogs) seen.push(JSON.stringify(dialog.peer, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)))
      const last = answer.dialogs.at(-1)!
      assert.ok(last._ === 'dialog')
      const top = answer.messages.find((message) => message.id === last.top_message && JSON.stringify(message.peer_id, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)) === seen.at(-1))
      assert.ok(top && top._ !== 'messageEmpty')
      offset = { offset_date: top.date, offset_id: top.id, offset_peer: inputPeerOf(last.peer, answer) }
    }
    assert.deepEqual(seen, all)
  })

  it('lists the archive through folder_id 1 and leaves pinned dialogs out with exclude_pinned', async () => {
    const ada = await as('ada')
    const main = await ada.invoke({ _: 'messages.getDialogs', folder_id: 0, offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n })
    const archive = await ada.invoke({ _: 'messages.getDialogs', folder_id: 1, offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n })
    const unpinned = await ada.invoke({ _: 'messages.getDialogs', exclude_pinned: true, offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n })
    assert.ok(main._ === 'messages.dialogs' && archive._ === 'messages.dialogs' && unpinned._ === 'messages.dialogs')
    assert.ok(archive.dialogs.length >= 1 && archive.dialogs.every((dialog) => dialog._ === 'dialog' && dialog.folder_id === 1))
    assert.ok(main.dialogs.every((dialog) => dialog._ === 'dialog' && dialog.folder_id === undefined))
    assert.ok(unpinned.dialogs.every((dialog) => dialog._ === 'dialog' && !dialog.pinned))
  })
})

/** The input peer for a dialog's peer, with the access hash from the users/chats that came with it. */
function inputPeerOf(peer: TlTypes['Peer'], answer: { users: TlTypes['User'][]; chats: TlTypes['Chat'][] }): TlTypes['InputPeer'] {
  switch (peer._) {
    case 'peerUser': {
      const user = answer.users.find((candidate) => candidate.id === peer.user_id)
      return { _: 'inputPeerUser', user_id: peer.user_id, access_hash: (user?._ === 'user' && user.access_hash) || 0n }
    }
    case 'peerChat':
      return { _: 'inputPeerChat', chat_id: peer.chat_id }
    case 'peerChannel': {
      const channel = answer.chats.find((candidate) => candidate.id === peer.channel_id)
      return { _: 'inputPeerChannel', channel_id: peer.channel_id, access_hash: (channel?._ === 'channel' && channel.access_hash) || 0n }
    }
  }
}
