// Conversations through TelegramClient against the sandbox: responses in order (also those that came
// before they were asked for), replies to the last message sent, edits, any event type, timeouts and
// cancelling. The other side is Grace, acting through the sandbox's control connection.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConversationCancelledError, ConversationTimeoutError, type TelegramClient } from '../../extension/mtproto'
import { UserUpdate } from '../../extension/mtproto/events'
import { userPeer } from '../sandbox/world'
import { sandboxPerFile } from './support'

let ada: TelegramClient

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada')
  await ada.startUpdates()
})

const adaId = () => file.seeded('ada').id
const graceId = () => file.seeded('grace').id
const grace = () => file.sandbox.control.as(graceId())
/** Grace's id of a message Ada sent her (each side has its own ids). */
const graceCopyOf = (adaMessageId: number) => {
  const record = file.sandbox.world.messages.get(adaId(), userPeer(graceId()), adaMessageId)!
  return file.sandbox.world.messages.copyIdIn(record.linkId, graceId())!
}

describe('TelegramClient conversation', () => {
  it('hands out responses in order, including those that arrived before they were asked for, and replies', async () => {
    await using conv = await ada.conversation(graceId(), { timeoutMs: 30_000 })
    const question = await conv.sendMessage('ping?')
    await grace().sendMessage(adaId(), 'one')
    await grace().sendMessage(adaId(), 'two')
    assert.equal((await conv.getResponse()).text, 'one')
    assert.equal((await conv.getResponse()).text, 'two')
    const response = conv.getResponse()
    await grace().sendMessage(adaId(), 'three')
    assert.equal((await response).text, 'three')

    const asked = await conv.sendMessage('and the answer?')
    const reply = conv.getReply()
    await grace().sendMessage(adaId(), 'not a reply')
    await grace().sendMessage(adaId(), 'forty-two', { replyTo: graceCopyOf(asked.id) })
    const answer = await reply
    assert.equal(answer.text, 'forty-two')
    assert.equal(answer.replyToMessageId, asked.id)
    assert.notEqual(question.id, asked.id)
  })

  it('waits for edits and for any event type in the chat', async () => {
    await using conv = await ada.conversation(graceId())
    await conv.sendMessage('edit something')
    const updates = await grace().sendMessage(adaId(), 'frist')
    const sentId = 'updates' in updates ? updates.updates.flatMap((u) => (u._ === 'updateNewMessage' ? [u.message.id] : []))[0] : 'id' in updates ? updates.id : undefined
    assert.ok(sentId !== undefined)
    await conv.getResponse()
    const edit = conv.getEdit()
    await grace().editMessage(adaId(), sentId, 'first')
    assert.equal((await edit).text, 'first')

    const typing = conv.waitEvent(new UserUpdate({ chats: graceId() }))
    await grace().setTyping(adaId())
    assert.equal((await typing).userId, graceId())
  })

  it('rejects a wait that sees nothing in time, and every wait when cancelled', async () => {
    const conv = await ada.conversation(graceId())
    await conv.sendMessage('anyone?')
    await assert.rejects(conv.getResponse({ timeoutMs: 300 }), ConversationTimeoutError)
    const pending = conv.getResponse()
    conv.cancel()
    await assert.rejects(pending, ConversationCancelledError)
    await assert.rejects(conv.sendMessage('too late'), ConversationCancelledError)
  })
})
