/**
 * Groups and channels: their members, and profile photos (of users, groups and channels).
 * Channel members come 200 a page (the server's cap) with a running offset; a basic group's come all
 * at once from messages.getFullChat; a private chat has the two of you.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel, getInputUser } from '../entities/input-peers'
import { getPeerId } from '../entities/peer-id'
import { totalList, type TotalList } from './message'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

const PARTICIPANTS_PAGE = 200
const PHOTOS_PAGE = 100

export interface Participant {
  user: TlConstructors['user']
  /** The membership record (admin rights, join date, ...); absent for the two sides of a private chat. */
  participant: TlTypes['ChannelParticipant'] | TlTypes['ChatParticipant'] | undefined
}

export interface IterParticipantsOptions {
  limit?: number
  /** Only members whose name or username matches. */
  search?: string
  /** A channel filter, e.g. `{ _: 'channelParticipantsAdmins' }`; `search` sets channelParticipantsSearch. */
  filter?: TlTypes['ChannelParticipantsFilter']
}

export const chatMethods = {
  /** The members of a group or channel (or both sides of a private chat), fetched page by page. */
  iterParticipants(this: TelegramClient, chat: EntityLike, options: IterParticipantsOptions = {}): AsyncIterable<Participant> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of participantPages(client, chat, options)) yield* page.participants
      },
    }
  },

  async getParticipants(this: TelegramClient, chat: EntityLike, options: IterParticipantsOptions = {}): Promise<TotalList<Participant>> {
    const all: Participant[] = []
    let total = 0
    for await (const page of participantPages(this, chat, options)) {
      all.push(...page.participants)
      total = page.total
    }
    return totalList(all, Math.max(total, all.length))
  },

  /** The profile photos of a user, newest first, fetched page by page; for groups and channels, the photo history from their service messages. */
  iterProfilePhotos(this: TelegramClient, peer: EntityLike, options: { limit?: number } = {}): AsyncIterable<TlConstructors['photo']> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of photoPages(client, peer, options.limit ?? Infinity)) yield* page.photos
      },
    }
  },

  async getProfilePhotos(this: TelegramClient, peer: EntityLike, options: { limit?: number } = {}): Promise<TotalList<TlConstructors['photo']>> {
    const photos: TlConstructors['photo'][] = []
    let total = 0
    for await (const page of photoPages(this, peer, options.limit ?? Infinity)) {
      photos.push(...page.photos)
      total = page.total
    }
    return totalList(photos, Math.max(total, photos.length))
  },
}

async function* photoPages(client: TelegramClient, peer: EntityLike, limit: number): AsyncGenerator<{ photos: TlConstructors['photo'][]; total: number }> {
  const input = await client.resolvePeer(peer)
  if (input._ === 'inputPeerUser' || input._ === 'inputPeerSelf' || input._ === 'inputPeerUserFromMessage') {
    let offset = 0
    while (offset < limit) {
      const pageLimit = Math.min(PHOTOS_PAGE, limit - offset)
      const answer = await client.call({ _: 'photos.getUserPhotos', user_id: getInputUser(input), offset, max_id: 0n, limit: pageLimit })
      const photos = answer.photos.filter((photo): photo is TlConstructors['photo'] => photo._ === 'photo')
      const total = answer._ === 'photos.photosSlice' ? answer.count : answer.photos.length
      offset += answer.photos.length
      if (photos.length > 0) yield { photos, total }
      if (answer._ === 'photos.photos' || answer.photos.length < pageLimit || offset >= total) return
    }
    return
  }
  const photos: TlConstructors['photo'][] = []
  for await (const message of client.iterMessages(input, { filter: { _: 'inputMessagesFilterChatPhotos' }, limit })) {
    const action = message.action
    if (action?._ === 'messageActionChatEditPhoto' && action.photo._ === 'photo') photos.push(action.photo)
  }
  yield { photos, total: photos.length }
}

async function* participantPages(client: TelegramClient, chat: EntityLike, options: IterParticipantsOptions): AsyncGenerator<{ participants: Participant[]; total: number }> {
  const input = await client.resolvePeer(chat)
  const limit = options.limit ?? Infinity
  if (input._ === 'inputPeerChannel' || input._ === 'inputPeerChannelFromMessage') {
    const filter: TlTypes['ChannelParticipantsFilter'] = options.filter ?? (options.search ? { _: 'channelParticipantsSearch', q: options.search } : { _: 'channelParticipantsRecent' })
    const seen = new Set<bigint>()
    let offset = 0
    while (seen.size < limit) {
      const pageLimit = Math.min(PARTICIPANTS_PAGE, limit - seen.size)
      const answer = await client.call({ _: 'channels.getParticipants', channel: getInputChannel(input), filter, offset, limit: pageLimit, hash: 0n })
      if (answer._ !== 'channels.channelParticipants' || answer.participants.length === 0) return
      const users = usersById(answer.users)
      const page: Participant[] = []
      for (const participant of answer.participants) {
        const userId = 'user_id' in participant ? participant.user_id : participant.peer._ === 'peerUser' ? participant.peer.user_id : undefined
        const user = userId === undefined ? undefined : users.get(userId)
        if (!user || seen.has(user.id)) continue
        seen.add(user.id)
        page.push({ user, participant })
      }
      offset += answer.participants.length
      if (page.length > 0) yield { participants: page, total: answer.count }
      if (offset >= answer.count || answer.participants.length < pageLimit) return
    }
    return
  }
  if (input._ === 'inputPeerChat') {
    const full = await client.call({ _: 'messages.getFullChat', chat_id: input.chat_id })
    const users = usersById(full.users)
    const members = full.full_chat._ === 'chatFull' && full.full_chat.participants._ === 'chatParticipants' ? full.full_chat.participants.participants : []
    const search = options.search?.toLowerCase()
    const participants = members
      .flatMap((participant): Participant[] => {
        const user = users.get(participant.user_id)
        return user ? [{ user, participant }] : []
      })
      .filter((p) => !search || `${p.user.first_name ?? ''} ${p.user.last_name ?? ''} ${p.user.username ?? ''}`.toLowerCase().includes(search))
      .slice(0, limit)
    yield { participants, total: members.length }
    return
  }
  // A private chat: the other user and yourself.
  const me = client.me ?? (await client.getMe())
  const other = await client.getEntity(input)
  const people = other._ === 'user' && other.id !== me.id ? [other, me] : [me]
  yield { participants: people.slice(0, limit).map((user) => ({ user, participant: undefined })), total: people.length }
}

function usersById(users: readonly TlTypes['User'][]): Map<bigint, TlConstructors['user']> {
  const map = new Map<bigint, TlConstructors['user']>()
  for (const user of users) if (user._ === 'user') map.set(getPeerId(user), user)
  return map
}
