// Peer resolution of TelegramClient against the sandbox: what the cache answers alone, what needs the
// network (counted), what the session keeps across clients, and what a failure says.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EntityNotFoundError, InvalidPeerError, MemorySession, getPeerId, markPeerId, type TelegramClient } from '../../extension/mtproto'
import { RequestLog, sandboxPerFile } from './support'

let client: TelegramClient
const log = new RequestLog()
const session = new MemorySession()

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada', { session, log })
})

describe('TelegramClient peer resolution', () => {
  it("resolves 'me' and 'self' without a request", async () => {
    log.clear()
    assert.deepEqual(await client.resolvePeer('me'), { _: 'inputPeerSelf' })
    assert.deepEqual(await client.getInputEntity('self'), { _: 'inputPeerSelf' })
    assert.equal(log.count(), 0)
  })

  it('resolves a username over the network once, then from the cache, also as a t.me link', async () => {
    const grace = file.seeded('grace')
    const fresh = new RequestLog()
    const other = await file.signedIn('alan', { log: fresh })
    fresh.clear()
    const first = await other.resolvePeer('@grace_hopper')
    assert.equal(first._, 'inputPeerUser')
    assert.equal(first._ === 'inputPeerUser' && first.user_id, grace.id)
    assert.equal(fresh.count('contacts.resolveUsername'), 1)
    fresh.clear()
    assert.deepEqual(await other.resolvePeer('https://t.me/grace_hopper'), first)
    assert.deepEqual(await other.resolvePeer('GRACE_HOPPER'), first)
    assert.equal(fresh.count(), 0)
  })

  it('resolves marked ids, Peer objects and full objects from the cache once dialogs were listed', async () => {
    const dialogs = await client.getDialogs()
    const channel = dialogs.find((d) => d.isChannel)
    assert.ok(channel, 'Ada has a channel among her dialogs')
    const user = dialogs.find((d) => d.isUser && d.entity?._ === 'user' && !d.entity.self)!
    log.clear()
    const byMarkedId = await client.resolvePeer(channel.id)
    assert.equal(byMarkedId._, 'inputPeerChannel')
    assert.equal(getPeerId(byMarkedId), channel.id)
    assert.equal(String(channel.id).startsWith('-100'), true)
    assert.deepEqual(await client.resolvePeer(String(channel.id)), byMarkedId)
    assert.deepEqual(await client.resolvePeer(channel.peer), byMarkedId)
    assert.deepEqual(await client.resolvePeer(user.entity!), await client.resolvePeer(user.id))
    assert.equal(log.count(), 0)
  })

  it("resolves a contact's phone number (contacts.resolvePhone), then from the cache", async () => {
    const grace = file.seeded('grace')
    const fresh = new RequestLog()
    const other = await file.signedIn('margaret', { log: fresh })
    fresh.clear()
    const input = await other.resolvePeer('+' + grace.phone)
    assert.equal(input._ === 'inputPeerUser' && input.user_id, grace.id)
    assert.equal(fresh.count(), 1)
    fresh.clear()
    await other.resolvePeer('+' + grace.phone)
    assert.equal(fresh.count(), 0)
  })

  it('keeps what it learned in the session: a new client resolves without asking', async () => {
    await client.resolvePeer('@alan_turing')
    client.entities.flush()
    const fresh = new RequestLog()
    const again = await file.signedIn('ada', { session, log: fresh })
    fresh.clear()
    const alan = file.seeded('alan')
    const input = await again.resolvePeer('@alan_turing')
    assert.equal(input._ === 'inputPeerUser' && input.user_id, alan.id)
    assert.equal(fresh.count(), 0)
  })

  it('learns an unknown id from the dialogs as a last resort, once', async () => {
    const katherine = file.seeded('katherine')
    const fresh = new RequestLog()
    const other = await file.signedIn('ada', { log: fresh })
    fresh.clear()
    const input = await other.resolvePeer(katherine.id)
    assert.equal(input._ === 'inputPeerUser' && input.user_id, katherine.id)
    assert.ok(fresh.count('messages.getDialogs') >= 1)
  })

  it('says what it tried and how to make the entity known when nothing knows the peer', async () => {
    const stranger = file.sandbox.world.accounts.create({ phone: '9996628080', firstName: 'Stranger', homeDc: 1 })
    await assert.rejects(client.resolvePeer(stranger.id), (error: unknown) => {
      assert.ok(error instanceof EntityNotFoundError)
      assert.match(error.message, new RegExp(`^Could not find the entity for ${stranger.id}: tried the entity cache`))
      assert.match(error.message, /listing every dialog \(messages\.getDialogs\)|the dialogs \(already listed/)
      assert.match(error.message, /Make it known first: use its @username or t\.me link/)
      return true
    })
    await assert.rejects(client.resolvePeer('@nobody_has_this'), (error: unknown) => {
      assert.ok(error instanceof EntityNotFoundError)
      assert.match(error.message, /contacts\.resolveUsername\("nobody_has_this"\)/)
      return true
    })
    await assert.rejects(client.resolvePeer('not a peer at all!'), InvalidPeerError)
  })

  it('fetches full objects with getEntity and marked ids with getPeerId', async () => {
    const ada = file.seeded('ada')
    const grace = await client.getEntity('@grace_hopper')
    assert.equal(grace._ === 'user' && grace.first_name, 'Grace')
    const me = await client.getEntity('me')
    assert.equal(me._ === 'user' && me.self, true)
    assert.equal(await client.getPeerId('me'), ada.id)
    const guild = file.sandbox.seed!.chats.typescriptGuild
    const channel = await client.getEntity(markPeerId('channel', guild))
    assert.equal(channel._, 'channel')
    await assert.rejects(client.resolveInputChannel('@grace_hopper'), /is not a channel or supergroup/)
  })
})
