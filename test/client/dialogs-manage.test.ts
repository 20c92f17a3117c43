// Managing dialogs through TelegramClient against the sandbox: drafts as objects that save, send and delete
// themselves, the archive folder, deleting each kind of dialog, and invite links from export to join.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { markPeerId, RpcError } from '../../extension/mtproto'
import { chatPeer, userPeer } from '../sandbox/world'
import { sandboxPerFile } from './support'

const file = sandboxPerFile()
const as = (key: string) => file.signedIn(key)

describe('TelegramClient drafts', () => {
  it('saves a formatted draft with a reply, lists it, sends it (clearing it) and deletes another', async () => {
    const client = await as('ada')
    const grace = file.seeded('grace')
    const alan = file.seeded('alan')
    const [last] = await client.getMessages(grace.id)
    const draft = await client.saveDraft(grace.id, '**see** you at 5', { replyTo: last!.id })
    assert.equal(draft.rawText, 'see you at 5')
    assert.deepEqual(draft.entities.map((e) => [e._, e.offset, e.length]), [['messageEntityBold', 0, 3]])
    assert.equal(draft.text, '**see** you at 5')
    assert.equal(draft.replyToMessageId, last!.id)
    assert.equal(draft.chatId, grace.id)
    assert.ok(draft.date instanceof Date)

    await client.saveDraft('@' + file.sandbox.world.accounts.get(alan.id)!.username, 'for Alan, later')
    const all = await client.getDrafts()
    assert.deepEqual(new Set(all.map((d) => d.chatId)), new Set([grace.id, alan.id]))
    assert.equal(all.find((d) => d.chatId === alan.id)!.entity?._, 'user')

    const sent = await all.find((d) => d.chatId === grace.id)!.send()
    assert.equal(sent.text, 'see you at 5')
    assert.equal(sent.replyToMessageId, last!.id)
    assert.equal(file.sandbox.world.drafts.get(file.seeded('ada').id, userPeer(grace.id)), undefined, 'sending cleared the draft')

    const [forAlan] = await client.getDrafts([alan.id])
    assert.equal(forAlan!.rawText, 'for Alan, later')
    await forAlan!.delete()
    const [empty] = await client.getDrafts([alan.id])
    assert.ok(empty!.isEmpty)
    assert.deepEqual(await client.getDrafts(), [])
  })
})

describe('TelegramClient folders and deleting dialogs', () => {
  it('archives a dialog with Dialog.archive() and brings it back with editFolder', async () => {
    const client = await as('ada')
    const dennis = file.seeded('dennis')
    const dialog = (await client.getDialogs()).find((d) => d.id === dennis.id)!
    assert.equal(dialog.archived, false)
    await dialog.archive()
    const archived = await client.getDialogs({ archived: true })
    assert.ok(archived.some((d) => d.id === dennis.id && d.archived))
    await client.editFolder([dennis.id], 0)
    assert.ok((await client.getDialogs({ folderId: 0 })).some((d) => d.id === dennis.id && !d.archived))
  })

  it('deletes a private chat for both sides, leaves a basic group, and leaves a channel', async () => {
    const client = await as('ada')
    const ada = file.seeded('ada')
    const margaret = file.seeded('margaret')
    const { world } = file.sandbox
    await client.sendMessage(margaret.id, 'this chat is about to go')
    await client.deleteDialog(margaret.id, { revoke: true })
    assert.equal(world.dialogs.get(ada.id, userPeer(margaret.id)), undefined)
    assert.equal(world.messages.ids(margaret.id, userPeer(ada.id)).length, 0, 'revoke deleted the other side too')

    const { weekendHike, workbenchNews } = file.sandbox.seed!.chats
    const hike = (await client.getDialogs({ archived: true })).find((d) => d.id === markPeerId('chat', weekendHike))!
    await hike.delete()
    assert.equal(world.chats.isGroupMember(weekendHike, ada.id), false)
    assert.equal(world.dialogs.get(ada.id, chatPeer(weekendHike)), undefined)
    assert.equal(world.messages.ids(ada.id, chatPeer(weekendHike)).length, 0)

    await client.deleteDialog(markPeerId('channel', workbenchNews))
    assert.equal(world.chats.isChannelMember(workbenchNews, ada.id), false)
    assert.ok(!(await client.getDialogs()).some((d) => d.id === markPeerId('channel', workbenchNews)))
  })
})

describe('TelegramClient invite links', () => {
  it('exports a link, previews it for an outsider, joins through it, and then resolves the chat by it', async () => {
    const { compilerClub } = file.sandbox.seed!.chats
    const grace = await as('grace')
    const alan = await as('alan')
    const alanId = file.seeded('alan').id
    const { link, hash } = await grace.exportChatInvite(markPeerId('chat', compilerClub), { title: 'for Alan' })
    assert.ok(link.endsWith(hash))
    await alan.deleteDialog(markPeerId('chat', compilerClub))
    assert.equal(file.sandbox.world.chats.isGroupMember(compilerClub, alanId), false)

    const preview = await alan.checkChatInvite(link)
    assert.ok(!preview.joined)
    assert.equal(preview.title, 'Compiler Club')
    assert.equal(preview.isChannel, false)
    // Not a member: resolving the link says what to do instead of failing blindly.
    await assert.rejects(alan.resolvePeer(link), /join it/)

    const chat = await alan.joinChat(link.replace('https://t.me/+', 't.me/joinchat/'))
    assert.equal(chat.id, compilerClub)
    assert.ok(file.sandbox.world.chats.isGroupMember(compilerClub, alanId))
    assert.deepEqual(await alan.resolvePeer(link), { _: 'inputPeerChat', chat_id: compilerClub })
    const again = await alan.checkChatInvite(hash)
    assert.ok(again.joined && again.chat.id === compilerClub)
    await assert.rejects(alan.joinChat(link), (error: unknown) => error instanceof RpcError && error.name === 'USER_ALREADY_PARTICIPANT')
  })
})
