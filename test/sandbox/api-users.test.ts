// Users and contacts over TCP with our own client: resolving by username and phone with Telegram's errors,
// full user info, the contact list with its hash, contacts.search and profile photos.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { MtprotoClient } from '../../extension/mtproto/network'
import { rpcError, sandboxPerFile } from '../client/support'

let ada: MtprotoClient
const file = sandboxPerFile(async () => {
  ada = await file.rawSignedIn('ada')
})

describe('contacts: resolving', () => {
  it('resolves a username to the user, case-insensitively, and a channel username to the channel', async () => {
    const grace = file.seeded('grace')
    const resolved = await ada.invoke({ _: 'contacts.resolveUsername', username: grace.username!.toUpperCase() })
    assert.ok(resolved.peer._ === 'peerUser' && resolved.peer.user_id === grace.id)
    assert.ok(resolved.users[0]?._ === 'user' && resolved.users[0].access_hash !== undefined)
    const channel = await ada.invoke({ _: 'contacts.resolveUsername', username: 'ts_guild' })
    assert.equal(channel.peer._, 'peerChannel')
  })

  it('answers USERNAME_INVALID for a malformed name and USERNAME_NOT_OCCUPIED for a free one', async () => {
    assert.equal((await rpcError(ada.invoke({ _: 'contacts.resolveUsername', username: 'no spaces allowed' }))).name, 'USERNAME_INVALID')
    assert.equal((await rpcError(ada.invoke({ _: 'contacts.resolveUsername', username: 'nobody_here_yet' }))).name, 'USERNAME_NOT_OCCUPIED')
  })

  it('resolves a phone number, with or without the plus sign, and refuses an unknown one', async () => {
    const alan = file.seeded('alan')
    const resolved = await ada.invoke({ _: 'contacts.resolvePhone', phone: `+${alan.phone}` })
    assert.ok(resolved.peer._ === 'peerUser' && resolved.peer.user_id === alan.id)
    assert.equal((await rpcError(ada.invoke({ _: 'contacts.resolvePhone', phone: '15550000000' }))).name, 'PHONE_NOT_OCCUPIED')
  })

  it('searches by name among known peers and by username among public ones', async () => {
    const found = await ada.invoke({ _: 'contacts.search', q: 'Gra', limit: 10 })
    const ids = [...found.my_results, ...found.results].map((peer) => (peer._ === 'peerUser' ? peer.user_id : undefined))
    assert.ok(ids.includes(file.seeded('grace').id))
    assert.equal((await rpcError(ada.invoke({ _: 'contacts.search', q: '  ', limit: 10 }))).name, 'SEARCH_QUERY_EMPTY')
  })
})

describe('users and contacts', () => {
  it('answers the contact list, and contactsNotModified for its hash', async () => {
    const contacts = await ada.invoke({ _: 'contacts.getContacts', hash: 0n })
    assert.ok(contacts._ === 'contacts.contacts')
    assert.equal(contacts.users.length, contacts.contacts.length)
    assert.ok(contacts.users.every((user) => user._ === 'user' && user.contact))
    // The documented hash over the sorted user ids (core.telegram.org/api/offsets).
    let hash = 0n
    for (const id of contacts.contacts.map((contact) => contact.user_id).sort((a, b) => (a < b ? -1 : 1))) {
      hash ^= hash >> 21n
      hash ^= (hash << 35n) & 0xffffffffffffffffn
      hash ^= hash >> 4n
      hash = (hash + id) & 0xffffffffffffffffn
    }
    const again = await ada.invoke({ _: 'contacts.getContacts', hash: BigInt.asIntN(64, hash) })
    assert.equal(again._, 'contacts.contactsNotModified')
  })

  it('answers full user info and marks the caller itself as self', async () => {
    const me = await ada.invoke({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    assert.ok(me[0]?._ === 'user' && me[0].self && me[0].id === file.seeded('ada').id)
    const full = await ada.invoke({ _: 'users.getFullUser', id: { _: 'inputUserSelf' } })
    assert.equal(full.full_user.id, file.seeded('ada').id)
    assert.equal(full.full_user.about, 'The demo account.')
  })

  it("lists a user's profile photos, and refuses an id it cannot address", async () => {
    const photos = await ada.invoke({ _: 'photos.getUserPhotos', user_id: { _: 'inputUserSelf' }, offset: 0, max_id: 0n, limit: 10 })
    assert.ok(photos._ === 'photos.photos' || photos._ === 'photos.photosSlice')
    assert.ok(photos.photos.every((photo) => photo._ === 'photo' && photo.sizes.length > 0))
    const foreign = ada.invoke({ _: 'photos.getUserPhotos', user_id: { _: 'inputUser', user_id: file.seeded('alan').id, access_hash: 1n }, offset: 0, max_id: 0n, limit: 10 })
    assert.equal((await rpcError(foreign)).name, 'USER_ID_INVALID')
  })
})
