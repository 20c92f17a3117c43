// Events through TelegramClient.on against the sandbox: other accounts act through the control hook, and Ada's
// handlers see each update once, in order, through the filters they were registered with; handlers come and go
// while the client runs.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TelegramClient } from '../../extension/mtproto'
import {
  ChatAction,
  MessageDeleted,
  MessageEdited,
  MessageRead,
  NewMessage,
  Raw,
  StopPropagation,
  UserUpdate,
  type ChatActionEvent,
  type MessageDeletedEvent,
  type MessageEditedEvent,
  type MessageReadEvent,
  type NewMessageEvent,
  type UserUpdateEvent,
} from '../../extension/mtproto/events'
import { markPeerId } from '../../extension/mtproto/entities/peer-id'
import { channelPeer, chatPeer } from '../sandbox/world'
import { sandboxPerFile } from './support'
import { Collector } from './updates-support'

let ada: TelegramClient
/** Every new message Ada's client dispatches: the tests' way to know a push has arrived. */
const arrivals = new Collector<NewMessageEvent>()

const file = sandboxPerFile(async () => {
  ada = await file.signedIn('ada', process.env.CL4_DEBUG ? { logger: (level, message) => console.error(level, message) } : {})
  await ada.startUpdates()
  ada.on(NewMessage, arrivals.add)
})

const grace = () => file.sandbox.control.as(graceId())
const adaId = () => file.seeded('ada').id
const graceId = () => file.seeded('grace').id

/** Resolves once a message with this text has been through every handler. */
async function arrived(text: string): Promise<void> {
  while (!arrivals.items.some((event) => event.text === text)) await arrivals.waitFor(arrivals.items.length + 1)
  await ada.eventsSettled()
}

describe('NewMessage', () => {
  it('hands every message to the handler once, in the order it was sent', async () => {
    const seen = new Collector<NewMessageEvent>()
    const off = ada.on(new NewMessage({ incoming: true, chats: graceId() }), seen.add)
    const texts = Array.from({ length: 25 }, (_, i) => `in order ${i}`)
    for (const text of texts) await grace().sendMessage(adaId(), text)
    await seen.waitFor(texts.length)
    await ada.eventsSettled()
    off()
    assert.deepEqual(seen.items.map((e) => e.text), texts)
    assert.ok(seen.items.every((e) => e.senderId === graceId() && e.chatId === graceId() && !e.out && e.isPrivate))
    const ids = seen.items.map((e) => e.id)
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b))
  })

  it('filters by pattern (with the match), direction, sender and chat, and by func', async () => {
    const commands = new Collector<NewMessageEvent>()
    const outgoing = new Collector<NewMessageEvent>()
    const fromAlan = new Collector<NewMessageEvent>()
    const notGrace = new Collector<NewMessageEvent>()
    const long = new Collector<NewMessageEvent>()
    const offs = [
      ada.on(new NewMessage({ pattern: /^\/echo (.+)$/ }), commands.add),
      ada.on(new NewMessage({ outgoing: true }), outgoing.add),
      ada.on(new NewMessage({ fromUsers: '@alan_turing' }), fromAlan.add),
      ada.on(new NewMessage({ chats: [graceId()], blacklistChats: true, incoming: true }), notGrace.add),
      ada.on(new NewMessage({ func: (e) => e.text.length > 20 }), long.add),
    ]
    await grace().sendMessage(adaId(), '/echo hello there')
    await file.sandbox.control.as(file.seeded('alan').id).sendMessage(adaId(), 'alan says a long enough hello')
    // Ada writing from another device: this client learns of it as an outgoing update. (Its own sends are
    // answered with updateShortSentMessage, which names no chat, so they make no event, as in Telethon.)
    await file.sandbox.control.as(adaId()).sendMessage(graceId(), 'ada writes')
    await grace().sendMessage(adaId(), 'short')
    await notGrace.waitFor(1)
    await commands.waitFor(1)
    await outgoing.waitFor(1)
    await long.waitFor(1)
    await ada.eventsSettled()
    for (const off of offs) off()

    assert.deepEqual(commands.items.map((e) => e.patternMatch?.[1]), ['hello there'])
    assert.deepEqual(outgoing.items.map((e) => e.text), ['ada writes'])
    assert.ok(outgoing.items[0]!.out)
    assert.deepEqual(fromAlan.items.map((e) => e.text), ['alan says a long enough hello'])
    assert.deepEqual(notGrace.items.map((e) => e.text), ['alan says a long enough hello'])
    assert.deepEqual(long.items.map((e) => e.text), ['alan says a long enough hello'])
  })

  it('replies and responds from the event into the same chat', async () => {
    const off = ada.on(new NewMessage({ pattern: /^ping$/, incoming: true }), async (event) => {
      await event.reply('pong')
      await event.respond('and again')
    })
    const before = file.sandbox.world.messages.history(graceId(), { kind: 'user', id: adaId() }).length
    await grace().sendMessage(adaId(), 'ping')
    // Grace's box grows by her ping and Ada's two answers; the reply points at the ping.
    const history = await waitForHistory(() => file.sandbox.world.messages.history(graceId(), { kind: 'user', id: adaId() }), before + 3)
    off()
    const [ping, pong, again] = history.slice(-3)
    assert.deepEqual([ping!.text, pong!.text, again!.text], ['ping', 'pong', 'and again'])
    assert.equal(pong!.replyTo?.msgId, ping!.id)
    assert.equal(again!.replyTo, undefined)
  })

  it('sees channel messages, with the channel as the chat', async () => {
    const guild = file.sandbox.seed!.chats.typescriptGuild
    const seen = new Collector<NewMessageEvent>()
    const off = ada.on(new NewMessage({ chats: markPeerId('channel', guild) }), seen.add)
    await grace().sendMessage(channelPeer(guild), 'to the guild')
    await seen.waitFor(1)
    off()
    assert.equal(seen.items[0]!.text, 'to the guild')
    assert.equal(seen.items[0]!.chatId, markPeerId('channel', guild))
    assert.ok(seen.items[0]!.isChannel && seen.items[0]!.isGroup)
  })
})

describe('handlers at run time', () => {
  it('starts and stops calling a handler as it is added and removed', async () => {
    const seen = new Collector<NewMessageEvent>()
    const handler = seen.add
    await grace().sendMessage(adaId(), 'before adding')
    await arrived('before adding')
    ada.addEventHandler(handler, new NewMessage({ chats: graceId() }))
    await grace().sendMessage(adaId(), 'while added')
    await seen.waitFor(1)
    assert.equal(ada.removeEventHandler(handler), 1)
    await grace().sendMessage(adaId(), 'after removing')
    await arrived('after removing')
    assert.deepEqual(seen.items.map((e) => e.text), ['while added'])
    assert.equal(ada.listEventHandlers().some(([h]) => h === handler), false)
  })

  it('stops later handlers of the same update when one throws StopPropagation', async () => {
    const first = new Collector<NewMessageEvent>()
    const second = new Collector<NewMessageEvent>()
    const offs = [
      ada.on(new NewMessage({ chats: graceId() }), (event) => {
        first.add(event)
        if (event.text === 'stop here') throw new StopPropagation()
      }),
      ada.on(new NewMessage({ chats: graceId() }), second.add),
    ]
    await grace().sendMessage(adaId(), 'stop here')
    await grace().sendMessage(adaId(), 'go on')
    await second.waitFor(1)
    await ada.eventsSettled()
    for (const off of offs) off()
    assert.deepEqual(first.items.map((e) => e.text), ['stop here', 'go on'])
    assert.deepEqual(second.items.map((e) => e.text), ['go on'])
  })

  it('keeps calling the other handlers when one fails', async () => {
    const seen = new Collector<NewMessageEvent>()
    const offs = [
      ada.on(new NewMessage({ chats: graceId() }), () => {
        throw new Error('a broken handler')
      }),
      ada.on(new NewMessage({ chats: graceId() }), seen.add),
    ]
    await grace().sendMessage(adaId(), 'one')
    await grace().sendMessage(adaId(), 'two')
    await seen.waitFor(2)
    for (const off of offs) off()
    assert.deepEqual(seen.items.map((e) => e.text), ['one', 'two'])
  })
})

describe('other events', () => {
  it('reports edits and deletions of messages', async () => {
    const edits = new Collector<MessageEditedEvent>()
    const deletions = new Collector<MessageDeletedEvent>()
    const created = new Collector<NewMessageEvent>()
    const offs = [ada.on(new MessageEdited({ incoming: true }), edits.add), ada.on(MessageDeleted, deletions.add), ada.on(new NewMessage({ chats: graceId() }), created.add)]
    await grace().sendMessage(adaId(), 'to be edited')
    await created.waitFor(1)
    const graceCopy = file.sandbox.world.messages.history(graceId(), { kind: 'user', id: adaId() }).at(-1)!
    await grace().editMessage(adaId(), graceCopy.id, 'edited')
    await edits.waitFor(1)
    await grace().deleteMessages(adaId(), [graceCopy.id], { revoke: true })
    await deletions.waitFor(1)
    for (const off of offs) off()
    assert.equal(edits.items[0]!.text, 'edited')
    assert.equal(edits.items[0]!.id, created.items[0]!.id)
    assert.deepEqual(deletions.items[0]!.deletedIds, [created.items[0]!.id])
    assert.equal(deletions.items[0]!.chatId, undefined)
  })

  it('reports the outbox read by the other side, and the inbox only when asked', async () => {
    const outbox = new Collector<MessageReadEvent>()
    const inbox = new Collector<MessageReadEvent>()
    const offs = [ada.on(MessageRead, outbox.add), ada.on(new MessageRead({ inbox: true }), inbox.add)]
    const sent = await ada.sendMessage('@grace_hopper', 'please read me')
    await grace().readHistory(adaId())
    await outbox.waitFor(1)
    // Ada reading on another device; her reads from this client are answered, not pushed.
    await grace().sendMessage(adaId(), 'read me back')
    await arrived('read me back')
    await file.sandbox.control.as(adaId()).readHistory(graceId())
    await inbox.waitFor(1)
    for (const off of offs) off()
    assert.equal(outbox.items[0]!.chatId, graceId())
    assert.ok(outbox.items[0]!.outbox && outbox.items[0]!.isRead(sent.id))
    assert.ok(inbox.items.every((e) => e.inbox && e.chatId === graceId()))
    assert.ok(inbox.items.at(-1)!.isRead(arrivals.items.at(-1)!.id))
  })

  it('reports typing as a user update in the chat it happens in', async () => {
    const typing = new Collector<UserUpdateEvent>()
    const off = ada.on(new UserUpdate({ chats: graceId() }), typing.add)
    await grace().setTyping(adaId())
    await grace().setTyping(adaId(), { _: 'sendMessageUploadPhotoAction', progress: 10 })
    await typing.waitFor(2)
    off()
    assert.equal(typing.items[0]!.userId, graceId())
    assert.ok(typing.items[0]!.typing && !typing.items[0]!.uploading)
    assert.ok(typing.items[1]!.uploading && !typing.items[1]!.typing)
  })

  it('reports title changes and joins as chat actions, with the service message', async () => {
    const actions = new Collector<ChatActionEvent>()
    const club = file.sandbox.seed!.chats.compilerClub
    const off = ada.on(new ChatAction({ chats: markPeerId('chat', club) }), actions.add)
    file.sandbox.world.messages.send({ senderId: graceId(), to: chatPeer(club), text: '', action: { _: 'messageActionChatEditTitle', title: 'Compiler Club II' } })
    const katherine = file.seeded('katherine').id
    file.sandbox.world.messages.send({ senderId: graceId(), to: chatPeer(club), text: '', action: { _: 'messageActionChatAddUser', users: [katherine] } })
    await actions.waitFor(2)
    off()
    const [title, added] = actions.items
    assert.equal(title!.kind, 'title')
    assert.equal(title!.newTitle, 'Compiler Club II')
    assert.equal(title!.actorId, graceId())
    assert.ok(added!.userAdded)
    assert.deepEqual(added!.userIds, [katherine])
    assert.equal(added!.addedBy, graceId())
  })

  it('hands raw updates over, narrowed by constructor', async () => {
    const raw = new Collector<{ _: string }>()
    const off = ada.on(new Raw({ types: ['updateUserTyping'] }), raw.add)
    await grace().setTyping(adaId())
    await raw.waitFor(1)
    off()
    assert.equal(raw.items[0]!._, 'updateUserTyping')
  })
})

async function waitForHistory<T>(read: () => T[], length: number): Promise<T[]> {
  for (;;) {
    const history = read()
    if (history.length >= length) return history
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
