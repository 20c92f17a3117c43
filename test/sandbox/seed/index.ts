// Seeds a fresh world: people, a bot, the service account 777000, two basic groups, a supergroup and a broadcast
// channel, and a dozen dialogs with history for the demo account (Ada). Deterministic: the same PRNG seed gives
// the same ids, texts, salts and order on every run; only dates follow the clock so the demo looks recent.
import type { MessageMedia, PeerKey, PeerRef, World } from '../world'
import { channelPeer, chatPeer, peerKey, SERVICE_USER_ID, userPeer } from '../world'
import { makePasswordRecord } from '../world/password'
import { compose } from './compose'
import { BROADCAST_CHANNEL, GROUP_CHATS, PRIVATE_CHATS, SUPERGROUP, type ScriptLine } from './history'
import { SEED_BOT, SEED_PEOPLE, type SeedPersonKey } from './people'
import { SeededRandom } from './prng'

/**
 * How seeded media gets made: the media module (S3) turns placeholders into real media. Without a hook the
 * placeholders stay on the messages (`mediaPlaceholder`), and the hook can be applied later with fillSeedMedia.
 */
export interface SeedMediaHook {
  /** `photo:<name>`, `document:<file name>` or `voice:<name>` → message media, or undefined to leave it. */
  messageMedia(placeholder: string, context: { readonly date: number }): MessageMedia | undefined
  /** A generated profile photo for a seeded peer; returns its photo id. */
  profilePhoto?(owner: PeerKey, seedKey: string): bigint | undefined
}

export interface SeedOptions {
  readonly media?: SeedMediaHook
  /** PRNG seed; the default gives the world the tests are written against. */
  readonly seed?: number
}

export interface SeededAccount {
  readonly key: string
  readonly id: bigint
  readonly phone: string
  readonly firstName: string
  readonly lastName: string
  readonly username: string | undefined
  readonly homeDc: number
  readonly loginCode: string
  readonly password?: string
  readonly passwordHint?: string
}

export interface SeedInfo {
  /** People, demo account (`ada`) first. */
  readonly accounts: readonly SeededAccount[]
  readonly bot: { readonly id: bigint; readonly username: string; readonly token: string; readonly homeDc: number }
  readonly serviceUserId: bigint
  readonly chats: {
    readonly compilerClub: bigint
    readonly weekendHike: bigint
    readonly typescriptGuild: bigint
    readonly workbenchNews: bigint
  }
}

export const DEFAULT_SEED = 4

/** Ada's dialogs and how many of their last messages she has not read yet. */
const ADA_UNREAD: Readonly<Record<string, number>> = { grace: 2, compilerClub: 3, typescriptGuild: 2, workbenchNews: 1, dennis: 1 }

export async function seedWorld(world: World, options: SeedOptions = {}): Promise<SeedInfo> {
  const random = new SeededRandom(options.seed ?? DEFAULT_SEED)
  const randomBytes = (size: number) => random.bytes(size)
  const now = world.clock.nowSeconds()
  const ids = new Map<string, bigint>()

  world.accounts.create({
    id: SERVICE_USER_ID,
    phone: '42777',
    firstName: 'Telegram',
    verified: true,
    support: true,
    homeDc: 1,
  })
  const accounts: SeededAccount[] = []
  for (const person of SEED_PEOPLE) {
    const password = 'password' in person ? person.password : undefined
    const account = world.accounts.create({
      phone: person.phone,
      firstName: person.firstName,
      lastName: person.lastName,
      username: person.username,
      about: 'about' in person ? person.about : undefined,
      homeDc: person.homeDc,
      password: password && (await makePasswordRecord(password.password, password.hint, randomBytes)),
    })
    ids.set(person.key, account.id)
    world.state.signIn.fixedCodes.set(account.phone, person.loginCode)
    accounts.push({
      key: person.key,
      id: account.id,
      phone: account.phone,
      firstName: account.firstName,
      lastName: account.lastName,
      username: account.username,
      homeDc: account.homeDc,
      loginCode: person.loginCode,
      ...(password ? { password: password.password, passwordHint: password.hint } : {}),
    })
  }
  const bot = world.accounts.create({
    phone: '',
    firstName: SEED_BOT.firstName,
    username: SEED_BOT.username,
    bot: true,
    botSecret: SEED_BOT.secret,
    homeDc: SEED_BOT.homeDc,
  })
  ids.set(SEED_BOT.key, bot.id)
  const id = (key: string): bigint => ids.get(key) ?? failUnknown(key)
  const ada = id('ada')

  // Contacts: Ada knows everyone; everyone but Margaret has Ada back; Grace and Alan know each other.
  for (const person of SEED_PEOPLE) {
    if (person.key === 'ada') continue
    world.accounts.addContact(ada, id(person.key))
    if (person.key !== 'margaret') world.accounts.addContact(id(person.key), ada)
  }
  world.accounts.addContact(id('grace'), id('alan'))
  world.accounts.addContact(id('alan'), id('grace'))

  // History runs backwards from now: each chat ends a few minutes to a few hours ago.
  let clock = now - 60 * 60 * 24 * 3
  const tick = () => (clock += random.int(40, 900))
  const play = (to: (from: bigint) => PeerRef, script: readonly ScriptLine[]): void => {
    const sentIds: number[] = []
    for (const entry of script) {
      const senderId = entry.from === 'self' ? ada : id(entry.from)
      const { text, entities } = compose(...entry.parts)
      const replyTo = entry.replyTo === undefined ? undefined : sentIds[entry.replyTo]
      const result = world.messages.send({
        senderId,
        to: to(senderId),
        text,
        entities,
        mediaPlaceholder: entry.media,
        date: tick(),
        randomId: random.long(),
        publish: false,
        ...(replyTo === undefined ? {} : { replyToMsgId: replyToIdIn(world, replyTo, senderId, to(senderId)) }),
      })
      // Remember replies by Ada's copy, translated per sender above.
      sentIds.push(result.copies.get(ada)?.id ?? result.message.id)
    }
  }

  world.messages.send({ senderId: SERVICE_USER_ID, to: userPeer(ada), ...compose('Welcome to the ', { bold: 'Telegram Workbench sandbox' }, '. Login codes arrive here.'), date: tick(), publish: false })
  for (const [key, script] of Object.entries(PRIVATE_CHATS)) {
    if (key === 'self') play(() => userPeer(ada), script)
    else play((from) => (from === ada ? userPeer(id(key)) : userPeer(ada)), script)
  }

  const groupIds: bigint[] = []
  for (const group of GROUP_CHATS) {
    const creatorId = id(group.creator)
    const memberIds = group.members.map(id)
    const chat = world.chats.createGroup({ title: group.title, creatorId, memberIds })
    groupIds.push(chat.id)
    world.messages.send({ senderId: creatorId, to: chatPeer(chat.id), text: '', action: { _: 'messageActionChatCreate', title: group.title, users: [creatorId, ...memberIds] }, date: tick(), publish: false })
    play(() => chatPeer(chat.id), group.script)
  }

  const guild = world.chats.createChannel({
    title: SUPERGROUP.title,
    username: SUPERGROUP.username,
    about: SUPERGROUP.about,
    creatorId: id(SUPERGROUP.creator),
    broadcast: false,
    memberIds: SUPERGROUP.members.map(id),
    adminIds: SUPERGROUP.admins.map(id),
  })
  world.messages.send({ senderId: id(SUPERGROUP.creator), to: channelPeer(guild.id), text: '', action: { _: 'messageActionChannelCreate', title: guild.title }, date: tick(), publish: false })
  play(() => channelPeer(guild.id), SUPERGROUP.script)
  const guildTop = world.messages.history(ada, channelPeer(guild.id)).at(-1)!
  guildTop.pinned = true

  const news = world.chats.createChannel({
    title: BROADCAST_CHANNEL.title,
    username: BROADCAST_CHANNEL.username,
    about: BROADCAST_CHANNEL.about,
    creatorId: id(BROADCAST_CHANNEL.creator),
    broadcast: true,
    memberIds: BROADCAST_CHANNEL.members.map(id),
  })
  world.messages.send({ senderId: id(BROADCAST_CHANNEL.creator), to: channelPeer(news.id), text: '', action: { _: 'messageActionChannelCreate', title: news.title }, date: tick(), publish: false })
  BROADCAST_CHANNEL.posts.forEach((parts, index) => {
    const post = world.messages.send({ senderId: id(BROADCAST_CHANNEL.creator), to: channelPeer(news.id), ...compose(...parts), mediaPlaceholder: BROADCAST_CHANNEL.media[index], date: tick(), publish: false })
    post.message.views = random.int(40, 900)
  })

  // Everyone has read everything, except what Ada is meant to find unread in the demo.
  for (const account of world.accounts.all()) for (const dialog of world.dialogs.list(account.id)) {
    dialog.readInboxMaxId = dialog.topMessage
    dialog.readOutboxMaxId = dialog.topMessage
  }
  const adaPeers: Record<string, PeerRef> = {
    grace: userPeer(id('grace')),
    dennis: userPeer(id('dennis')),
    compilerClub: chatPeer(groupIds[0]!),
    typescriptGuild: channelPeer(guild.id),
    workbenchNews: channelPeer(news.id),
  }
  for (const [key, unread] of Object.entries(ADA_UNREAD)) {
    const peer = adaPeers[key]!
    const history = world.messages.history(ada, peer)
    const incoming = history.filter((m) => !world.messages.isOutgoing(ada, m)).slice(-unread)
    world.dialogs.get(ada, peer)!.readInboxMaxId = incoming.length > 0 ? incoming[0]!.id - 1 : history.at(-1)!.id
    // The senders of what Ada has not read see their outbox unread too.
    for (const message of incoming) {
      if (message.fromId === undefined || peer.kind === 'channel') continue
      const senderPeer = peer.kind === 'user' ? userPeer(ada) : peer
      const copyId = world.messages.copyIdIn(message.linkId, message.fromId)
      const senderDialog = world.dialogs.get(message.fromId, senderPeer)
      if (senderDialog && copyId !== undefined) senderDialog.readOutboxMaxId = Math.min(senderDialog.readOutboxMaxId, copyId - 1)
    }
  }
  world.dialogs.get(ada, userPeer(id('grace')))!.readOutboxMaxId = world.dialogs.get(ada, userPeer(id('grace')))!.topMessage
  world.dialogs.setPinned(ada, channelPeer(guild.id), true)
  world.dialogs.setPinned(ada, userPeer(id('grace')), true)
  world.dialogs.get(ada, chatPeer(groupIds[1]!))!.folderId = 1
  world.dialogs.get(ada, channelPeer(news.id))!.notify.muteUntil = 2147483647

  if (options.media) fillSeedMedia(world, options.media)
  return {
    accounts,
    bot: { id: bot.id, username: SEED_BOT.username, token: bot.botToken!, homeDc: bot.homeDc },
    serviceUserId: SERVICE_USER_ID,
    chats: { compilerClub: groupIds[0]!, weekendHike: groupIds[1]!, typescriptGuild: guild.id, workbenchNews: news.id },
  }
}

/** Turns every media placeholder still on a message into media, and gives seeded peers profile photos. */
export function fillSeedMedia(world: World, hook: SeedMediaHook): void {
  const boxes = [...world.state.messages.accountBoxes.values(), ...world.state.messages.channelBoxes.values()]
  // Copies of one message share their media.
  const byLink = new Map<number, MessageMedia | undefined>()
  for (const box of boxes) {
    for (const message of box.messages.values()) {
      if (!message.mediaPlaceholder || message.media) continue
      if (!byLink.has(message.linkId)) byLink.set(message.linkId, hook.messageMedia(message.mediaPlaceholder, { date: message.date }))
      message.media = byLink.get(message.linkId)
    }
  }
  if (!hook.profilePhoto) return
  for (const account of world.accounts.all()) {
    if (account.photoIds.length > 0) continue
    const photoId = hook.profilePhoto(peerKey(userPeer(account.id)), account.username ?? String(account.id))
    if (photoId !== undefined) account.photoIds.unshift(photoId)
  }
  for (const channel of world.state.chats.channels.values()) {
    channel.photoId ??= hook.profilePhoto(peerKey(channelPeer(channel.id)), channel.username ?? channel.title)
  }
  for (const group of world.state.chats.groups.values()) {
    group.photoId ??= hook.profilePhoto(peerKey(chatPeer(group.id)), group.title)
  }
}

/** `replyTo` is remembered as Ada's copy id; a sender replies with the id in its own box. */
function replyToIdIn(world: World, adaCopyId: number, senderId: bigint, to: PeerRef): number | undefined {
  if (to.kind === 'channel') return adaCopyId
  const ada = world.accounts.byUsername('ada_lovelace')!.id
  const original = world.messages.inAccountBox(ada, adaCopyId)
  return original && world.messages.copyIdIn(original.linkId, senderId)
}

function failUnknown(key: string): never {
  throw new Error(`seed refers to unknown person ${key}`)
}

export type { SeedPersonKey }
export { SEED_BOT, SEED_PEOPLE } from './people'
