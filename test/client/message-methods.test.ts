// The friendly methods of Message and a few client helpers against the sandbox: forwarding, the replied
// message, read marks, pins, sender and chat, media download, a lasting chat action, and isBot.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { markPeerId, type TelegramClient } from '../../extension/mtproto'
import { UserUpdate, type UserUpdateEvent } from '../../extension/mtproto/events'
import { userPeer } from '../sandbox/world'
import { sandboxClient, sandboxPerFile } from './support'
import { Collector } from './updates-support'

let ada: TelegramClient

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada')
})

describe('Message methods', () => {
  it('forwards itself, finds the message it replies to, pins, unpins and marks the chat read', async () => {
    const grace = file.seeded('grace')
    const original = await ada.sendMessage('me', 'worth keeping')
    const reply = await ada.sendMessage('me', 'about that', { replyTo: original.id })
    assert.equal((await reply.getReplyMessage())?.text, 'worth keeping')
    assert.equal(await original.getReplyMessage(), undefined)

    const forwarded = await original.forwardTo(grace.id)
    assert.equal(forwarded.text, 'worth keeping')
    assert.equal(forwarded.chatId, grace.id)
    assert.ok(forwarded.forward, 'it carries the forward header')

    await forwarded.pin()
    assert.ok(file.sandbox.world.messages.get(file.seeded('ada').id, userPeer(grace.id), forwarded.id)?.pinned)
    await forwarded.unpin()
    assert.equal(file.sandbox.world.messages.get(file.seeded('ada').id, userPeer(grace.id), forwarded.id)?.pinned, false)

    const [last] = await ada.getMessages(grace.id)
    await last!.markRead()
    assert.equal((await ada.getDialogs()).find((d) => d.id === grace.id)?.unreadCount, 0)
  })

  it('gets its sender and chat, and downloads its photo', async () => {
    const news = markPeerId('channel', file.sandbox.seed!.chats.workbenchNews)
    let withPhoto
    for await (const message of ada.iterMessages(news)) if (message.media?._ === 'messageMediaPhoto') withPhoto = message
    assert.ok(withPhoto, 'the seeded channel has a photo post')
    const chat = await withPhoto.getChat()
    assert.equal(chat._ === 'channel' && chat.id, file.sandbox.seed!.chats.workbenchNews)
    assert.equal((await withPhoto.getSender())?.id, file.sandbox.seed!.chats.workbenchNews, 'a channel post is sent by the channel')
    const bytes = await withPhoto.downloadMedia()
    assert.ok(bytes instanceof Uint8Array && bytes.length > 0)
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8], 'a JPEG')
    const text = await ada.sendMessage('me', 'no media here')
    await assert.rejects(text.downloadMedia(), /no media/)
  })
})

describe('TelegramClient helpers', () => {
  it('keeps a chat action on until stopped, then cancels it', async () => {
    const graceClient = await file.signedIn('grace')
    await graceClient.startUpdates()
    const seen = new Collector<UserUpdateEvent>()
    graceClient.on(new UserUpdate({ chats: file.seeded('ada').id }), seen.add)
    const typing = await ada.action(file.seeded('grace').id, 'typing')
    await seen.waitFor(1)
    assert.ok(seen.items[0]!.typing)
    await typing.stop()
    // Repeats of "typing" may come first on a slow machine; the cancel comes last.
    while (seen.items.at(-1)!.action?._ !== 'sendMessageCancelAction') await seen.waitFor(seen.items.length + 1)
    assert.ok(seen.items.slice(0, -1).every((event) => event.typing))
    await typing.stop()
  })

  it('tells a bot from a person', async () => {
    assert.equal(await ada.isBot(), false)
    const bot = file.track(sandboxClient(file.sandbox))
    await bot.signInBot(file.sandbox.seed!.bot.token)
    assert.equal(await bot.isBot(), true)
  })
})
