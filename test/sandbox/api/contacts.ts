// contacts.*: finding people and public chats by username, phone or name, and the caller's contact list.
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { channelPeer, isValidUsername, normalizePhone, userPeer, type PeerRef } from '../world'
import { callerOf, type Caller } from './messages/caller'
import { listHash } from './messages/list-hash'

/** What contacts.search returns when the client asks for zero or more than this. */
const SEARCH_LIMIT_MAX = 50

function resolveUsername(request: TlMethods['contacts.resolveUsername'], context: CallContext): TlConstructors['contacts.resolvedPeer'] {
  const caller = callerOf(context)
  const username = request.username.replace(/^@/, '')
  if (!isValidUsername(username)) throw RpcError.badRequest('USERNAME_INVALID')
  const { world } = context
  const user = world.accounts.byUsername(username)
  const channel = user ? undefined : world.chats.channelByUsername(username)
  const peer: PeerRef | undefined = user ? userPeer(user.id) : channel ? channelPeer(channel.id) : undefined
  if (!peer) throw RpcError.badRequest('USERNAME_NOT_OCCUPIED')
  return resolved(caller, peer)
}

/** Anyone may be found by phone number: the default privacy setting, which the sandbox's accounts keep. */
function resolvePhone(request: TlMethods['contacts.resolvePhone'], context: CallContext): TlConstructors['contacts.resolvedPeer'] {
  const caller = callerOf(context)
  const digits = normalizePhone(request.phone)
  const user = digits ? context.world.accounts.byPhone(digits) : undefined
  if (!user) throw RpcError.badRequest('PHONE_NOT_OCCUPIED')
  return resolved(caller, userPeer(user.id))
}

function resolved(caller: Caller, peer: PeerRef): TlConstructors['contacts.resolvedPeer'] {
  return { _: 'contacts.resolvedPeer', peer: caller.view.peer(peer), ...caller.view.entities([peer]) }
}

function getContacts(request: TlMethods['contacts.getContacts'], context: CallContext): TlTypes['contacts.Contacts'] {
  const caller = callerOf(context)
  const ids = [...caller.account.contacts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  // The contact list hash is over the sorted user ids (core.telegram.org/api/offsets#hash-generation).
  if (request.hash !== 0n && request.hash === listHash(ids)) return { _: 'contacts.contactsNotModified' }
  const contacts = ids.map((userId): TlConstructors['contact'] => ({
    _: 'contact',
    user_id: userId,
    mutual: context.world.accounts.isContact(userId, caller.accountId),
  }))
  return { _: 'contacts.contacts', contacts, saved_count: 0, users: ids.map((id) => caller.view.user(id)) }
}

/**
 * contacts.search: `my_results` are peers the caller already has (contacts and dialogs) whose name or username
 * matches; `results` are public users and channels whose username starts with the query.
 */
function search(request: TlMethods['contacts.search'], context: CallContext): TlConstructors['contacts.found'] {
  const caller = callerOf(context)
  const query = request.q.trim().replace(/^@/, '').toLowerCase()
  if (query === '') throw RpcError.badRequest('SEARCH_QUERY_EMPTY')
  const limit = request.limit > 0 ? Math.min(request.limit, SEARCH_LIMIT_MAX) : SEARCH_LIMIT_MAX
  const { world } = context
  const known = new Map<string, PeerRef>()
  for (const id of caller.account.contacts) known.set(`user:${id}`, userPeer(id))
  for (const dialog of world.dialogs.list(caller.accountId)) known.set(`${dialog.peer.kind}:${dialog.peer.id}`, dialog.peer)
  const mine = [...known.values()].filter((peer) => namesOf(caller, peer).some((name) => wordStarts(name, query))).slice(0, limit)
  const publicPeers: PeerRef[] = [
    ...[...world.accounts.all()].filter((account) => account.username !== undefined).map((account) => userPeer(account.id)),
    ...[...world.state.chats.channels.values()].filter((channel) => channel.username).map((channel) => channelPeer(channel.id)),
  ]
  const others = publicPeers
    .filter((peer) => !known.has(`${peer.kind}:${peer.id}`) && peer.id !== caller.accountId)
    .filter((peer) => usernameOf(caller, peer)?.toLowerCase().startsWith(query))
    .slice(0, limit)
  return {
    _: 'contacts.found',
    my_results: mine.map((peer) => caller.view.peer(peer)),
    results: others.map((peer) => caller.view.peer(peer)),
    ...caller.view.entities([...mine, ...others]),
  }
}

function usernameOf(caller: Caller, peer: PeerRef): string | undefined {
  const { world } = caller.context
  return peer.kind === 'user' ? world.accounts.get(peer.id)?.username : peer.kind === 'channel' ? world.chats.channel(peer.id)?.username : undefined
}

function namesOf(caller: Caller, peer: PeerRef): string[] {
  const { world } = caller.context
  const username = usernameOf(caller, peer)
  if (peer.kind === 'user') {
    const account = world.accounts.get(peer.id)
    return [account?.firstName ?? '', account?.lastName ?? '', username ?? '']
  }
  const title = peer.kind === 'chat' ? world.chats.group(peer.id)?.title : world.chats.channel(peer.id)?.title
  return [title ?? '', username ?? '']
}

/** Some word of `text` starts with `query`, ignoring case. */
function wordStarts(text: string, query: string): boolean {
  return text.toLowerCase().split(/[^\p{L}\p{N}_]+/u).some((word) => word.startsWith(query))
}

export const contactsMethods = {
  'contacts.resolveUsername': resolveUsername,
  'contacts.resolvePhone': resolvePhone,
  'contacts.getContacts': getContacts,
  'contacts.search': search,
}
