/**
 * Users and peer resolution: who is signed in, and turning anything that names a peer ('me', a marked
 * id, '@username', a t.me or invite link, a contact's phone, a Peer, an InputPeer, a full object)
 * into the input form requests need.
 *
 * The cache answers first. The network is asked only when it must, and only in ways Telegram allows:
 * contacts.resolveUsername for usernames, contacts.resolvePhone then the contact list for phones,
 * messages.checkChatInvite for invite links, an access hash of 0 for ids (bots only), and, as a last
 * resort for ids, one full listing of the dialogs. A failure lists each place that was tried.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { EntityNotFoundError, InvalidPeerError } from '../entities/errors'
import type { PeerLike } from '../entities/entity-cache'
import { getInputChannel, getInputPeer, getInputUser } from '../entities/input-peers'
import { getPeerId, resolveId } from '../entities/peer-id'
import { parsePeerReference } from '../entities/peer-reference'
import { RpcError } from '../errors/rpc-error'
import type { TelegramClient } from './telegram-client'

/** Anything that names a peer: see the module comment. */
export type EntityLike = PeerLike

type InputPeer = TlTypes['InputPeer']
type Entity = TlTypes['User'] | TlTypes['Chat']

export const userMethods = {
  /** The signed-in user, fetched from the server (users.getUsers with inputUserSelf). */
  async getMe(this: TelegramClient): Promise<TlConstructors['user']> {
    const [me] = await this.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] })
    if (me?._ !== 'user') throw new Error('users.getUsers did not return the signed-in user')
    this.me = me
    return me
  },

  /** Whether the signed-in account is a bot (asks the server only the first time). */
  async isBot(this: TelegramClient): Promise<boolean> {
    return (this.me ?? (await this.getMe())).bot ?? false
  },

  /** The input peer for `peer`; the cache first, then the network where it must (see the module comment). */
  async resolvePeer(this: TelegramClient, peer: EntityLike): Promise<InputPeer> {
    try {
      return await this.entities.resolveInputPeer(peer)
    } catch (error) {
      if (!(error instanceof EntityNotFoundError)) throw error
      return resolveFromNetwork(this, peer, error)
    }
  },

  /** Telethon's name for resolvePeer. */
  getInputEntity(this: TelegramClient, peer: EntityLike): Promise<InputPeer> {
    return this.resolvePeer(peer)
  },

  /** The InputUser for `peer` (inputUserSelf for 'me'); a TypeError when it names a chat or channel. */
  async resolveInputUser(this: TelegramClient, peer: EntityLike): Promise<TlTypes['InputUser']> {
    return convertInput(await this.resolvePeer(peer), getInputUser, 'a user', peer)
  },

  /** The InputChannel for `peer`; a TypeError when it names a user or a basic group. */
  async resolveInputChannel(this: TelegramClient, peer: EntityLike): Promise<TlTypes['InputChannel']> {
    return convertInput(await this.resolvePeer(peer), getInputChannel, 'a channel or supergroup', peer)
  },

  /** The full User, Chat or Channel object for `peer`, fresh from the server. */
  async getEntity(this: TelegramClient, peer: EntityLike): Promise<Entity> {
    const input = await this.resolvePeer(peer)
    switch (input._) {
      case 'inputPeerSelf':
        return this.getMe()
      case 'inputPeerUser':
      case 'inputPeerUserFromMessage': {
        const [user] = await this.call({ _: 'users.getUsers', id: [getInputUser(input)] })
        if (!user || user._ === 'userEmpty') throw new EntityNotFoundError(describePeer(peer), ['users.getUsers (the server returned no user)'])
        return user
      }
      case 'inputPeerChat': {
        const full = await this.call({ _: 'messages.getFullChat', chat_id: input.chat_id })
        const chat = full.chats.find((c) => c.id === input.chat_id)
        if (!chat) throw new EntityNotFoundError(describePeer(peer), ['messages.getFullChat (the chat was not in the answer)'])
        return chat
      }
      case 'inputPeerChannel':
      case 'inputPeerChannelFromMessage': {
        const channel = getInputChannel(input)
        const answer = await this.call({ _: 'channels.getChannels', id: [channel] })
        const found = answer.chats.find((c) => 'id' in c && getPeerId(input) === getPeerId(c))
        if (!found) throw new EntityNotFoundError(describePeer(peer), ['channels.getChannels (the channel was not in the answer)'])
        return found
      }
      case 'inputPeerEmpty':
        throw new InvalidPeerError('inputPeerEmpty names no peer')
    }
  },

  /** The marked id of `peer` (users as is, chats negated, channels -100…), resolving 'me' and usernames. */
  async getPeerId(this: TelegramClient, peer: EntityLike): Promise<bigint> {
    if (typeof peer === 'object' && peer._ !== 'inputPeerSelf' && peer._ !== 'inputUserSelf') {
      try {
        return getPeerId(peer)
      } catch {
        // Forms without an id of their own fall through to resolution.
      }
    }
    const input = await this.resolvePeer(peer)
    if (input._ === 'inputPeerSelf') return (this.me ?? (await this.getMe())).id
    return getPeerId(input)
  },
}

async function resolveFromNetwork(client: TelegramClient, peer: EntityLike, cacheMiss: EntityNotFoundError): Promise<InputPeer> {
  const shown = describePeer(peer)
  const tried = [...cacheMiss.tried]
  if (typeof peer === 'object') return resolveById(client, getPeerId(peer), shown, tried)
  const reference = parsePeerReference(peer)!
  switch (reference.kind) {
    case 'username': {
      tried.push(`contacts.resolveUsername("${reference.username}")`)
      const resolved = await orNotFound(client.call({ _: 'contacts.resolveUsername', username: reference.username }), ['USERNAME_NOT_OCCUPIED', 'USERNAME_INVALID'])
      if (!resolved) throw new EntityNotFoundError(shown, tried, 'No user, group or channel has this username.')
      return client.entities.resolveInputPeer(resolved.peer)
    }
    case 'phone': {
      tried.push(`contacts.resolvePhone(+${reference.phone})`)
      const resolved = await orNotFound(client.call({ _: 'contacts.resolvePhone', phone: reference.phone }), ['PHONE_NOT_OCCUPIED', 'PHONE_NUMBER_INVALID'])
      if (resolved) {
        // The user object may hide the phone (privacy settings); the answer still ties this number to it.
        const user = resolved.users.find((u) => u._ === 'user' && resolved.peer._ === 'peerUser' && u.id === resolved.peer.user_id)
        if (user?._ === 'user' && !user.phone) client.entities.add({ ...user, phone: reference.phone })
        return client.entities.resolveInputPeer(resolved.peer)
      }
      tried.push('contacts.getContacts')
      await client.call({ _: 'contacts.getContacts', hash: 0n })
      const contact = await client.entities.findByPhone(reference.phone)
      if (contact) return client.entities.resolveInputPeer(contact.id)
      throw new EntityNotFoundError(shown, tried, PHONE_HINT)
    }
    case 'invite':
      return resolveInvite(client, reference.hash, shown, tried)
    case 'id':
      return resolveById(client, reference.markedId, shown, tried)
    case 'self':
      return { _: 'inputPeerSelf' }
  }
}

/** An id the cache does not know: bots may use access hash 0; anyone may learn hashes from the dialogs. */
async function resolveById(client: TelegramClient, markedId: bigint, shown: string, tried: string[]): Promise<InputPeer> {
  const { id, type } = resolveId(markedId)
  if (type === 'chat') return { _: 'inputPeerChat', chat_id: id }
  const me = client.me ?? (await client.getMe())
  if (me.bot) {
    tried.push(type === 'user' ? 'users.getUsers with access hash 0 (allowed for bots)' : 'channels.getChannels with access hash 0 (allowed for bots)')
    const answer =
      type === 'user'
        ? await orNotFound(client.call({ _: 'users.getUsers', id: [{ _: 'inputUser', user_id: id, access_hash: 0n }] }), ['USER_ID_INVALID'])
        : await orNotFound(client.call({ _: 'channels.getChannels', id: [{ _: 'inputChannel', channel_id: id, access_hash: 0n }] }), ['CHANNEL_INVALID', 'CHANNEL_PRIVATE'])
    if (answer) return fromCacheOrThrow(client, markedId, shown, tried)
  } else if (!client.dialogsListed) {
    tried.push('listing every dialog (messages.getDialogs) to learn access hashes')
    for await (const _dialog of client.iterDialogs()) {
      // Each page's entities are cached as it arrives; stop as soon as the one we want is among them.
      if (client.entities.get(markedId)?.accessHash !== undefined) break
    }
  } else {
    tried.push('the dialogs (already listed since connecting)')
  }
  return fromCacheOrThrow(client, markedId, shown, tried)
}

async function fromCacheOrThrow(client: TelegramClient, markedId: bigint, shown: string, tried: string[]): Promise<InputPeer> {
  const record = await client.entities.find(markedId)
  if (record && !record.min && record.accessHash !== undefined) return client.entities.resolveInputPeer(markedId)
  throw new EntityNotFoundError(shown, tried)
}

async function resolveInvite(client: TelegramClient, hash: string, shown: string, tried: string[]): Promise<InputPeer> {
  tried.push('messages.checkChatInvite')
  const invite = await orNotFound(client.call({ _: 'messages.checkChatInvite', hash }), ['INVITE_HASH_INVALID', 'INVITE_HASH_EXPIRED'])
  if (!invite) throw new EntityNotFoundError(shown, tried, 'The invite link is invalid or has expired.')
  if (invite._ === 'chatInvite') {
    throw new EntityNotFoundError(
      shown,
      tried,
      `The link invites to "${invite.title}", which you have not joined: join it (messages.importChatInvite) to learn the chat.`,
    )
  }
  return getInputPeer(invite.chat)
}

/** The call's result, or undefined when it failed with one of `names` (the server's way of saying "no such peer"). */
async function orNotFound<T>(promise: Promise<T>, names: readonly string[]): Promise<T | undefined> {
  try {
    return await promise
  } catch (error) {
    if (error instanceof RpcError && names.includes(error.name)) return undefined
    throw error
  }
}

function convertInput<T>(input: InputPeer, convert: (peer: InputPeer) => T, wanted: string, peer: EntityLike): T {
  try {
    return convert(input)
  } catch (error) {
    if (error instanceof InvalidPeerError) throw new InvalidPeerError(`${describePeer(peer)} is not ${wanted} (it resolved to ${input._})`)
    throw error
  }
}

export function describePeer(peer: EntityLike): string {
  if (typeof peer === 'string') return JSON.stringify(peer)
  if (typeof peer === 'object') {
    try {
      return `${peer._} ${getPeerId(peer)}`
    } catch {
      return peer._
    }
  }
  return String(peer)
}

const PHONE_HINT =
  'Phone numbers resolve only for people in your contacts, or who let everyone find them by number: import the contact (contacts.importContacts) first.'
