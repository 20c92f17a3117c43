/**
 * A realistic `messages.messages` reply, the shape a chat view loads most: messages with formatted
 * text, replies, forwards, photos and documents, plus the users and chats they mention. Built
 * deterministically so benchmarks and tests see the same bytes on every run.
 */
import type { TlConstructors, TlTypes } from '../generated/types'

type Message = TlConstructors['message']

const TEXTS = [
  'Pushed the fix for the reconnect loop, can you review?',
  'Looks good to me 👍 merging after CI',
  'Привет! Встреча перенесена на завтра, 11:00',
  'Here is the build log: https://ci.example.org/runs/48213 — the flaky test is back',
  'const client = new TelegramClient(session, apiId, apiHash)',
  'Did anyone try the new layer? Some ids changed in messages.getHistory',
  '今日はいい天気ですね',
  'Ping @alice about the release notes 🚀',
]

export interface FixtureSize {
  messages: number
  users: number
  chats: number
}

/** A small deterministic generator (a 32-bit LCG), so fixtures need no seed plumbing. */
class Numbers {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0
    return this.state
  }
  below(n: number): number {
    return this.next() % n
  }
  long(): bigint {
    return BigInt.asIntN(64, (BigInt(this.next()) << 32n) | BigInt(this.next()))
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = this.next() & 0xff
    return out
  }
}

export function realisticMessages(size: FixtureSize = { messages: 100, users: 20, chats: 5 }): TlConstructors['messages.messages'] {
  const rnd = new Numbers(20240611)
  const baseDate = 1_717_000_000
  const userIds = Array.from({ length: size.users }, (_, i) => 100_000_000n + BigInt(i) * 7919n)
  const chatIds = Array.from({ length: size.chats }, (_, i) => 1_000_000_000n + BigInt(i) * 104_729n)

  const users: TlTypes['User'][] = userIds.map((id, i) => ({
    _: 'user',
    contact: i % 3 === 0,
    mutual_contact: i % 6 === 0,
    bot: i === size.users - 1,
    premium: i % 4 === 1,
    id,
    access_hash: rnd.long(),
    first_name: ['Alice', 'Bob', 'Карина', 'Dmitri', 'Eve', '美咲'][i % 6],
    last_name: i % 2 === 0 ? `Tester${i}` : undefined,
    username: `user_${i}`,
    phone: i % 3 === 0 ? `4479${String(1000000 + i)}` : undefined,
    photo: { _: 'userProfilePhoto', photo_id: rnd.long(), stripped_thumb: rnd.bytes(40), dc_id: 2 },
    status: i % 2 === 0 ? { _: 'userStatusOnline', expires: baseDate + 300 } : { _: 'userStatusRecently', by_me: false },
    bot_info_version: i === size.users - 1 ? 3 : undefined,
    lang_code: 'en',
    color: i % 5 === 0 ? { _: 'peerColor', color: 3, background_emoji_id: rnd.long() } : undefined,
  }))

  const chats: TlTypes['Chat'][] = chatIds.map((id, i) =>
    i % 2 === 0
      ? {
          _: 'channel',
          megagroup: i !== 0,
          broadcast: i === 0,
          signatures: i === 0,
          id,
          access_hash: rnd.long(),
          title: ['Release announcements', 'Dev chat', 'Support', 'Random', 'Design'][i % 5],
          username: `chan_${i}`,
          photo: { _: 'chatPhoto', photo_id: rnd.long(), stripped_thumb: rnd.bytes(32), dc_id: 4 },
          date: baseDate - 86_400 * 30,
          participants_count: 1200 + i,
          default_banned_rights: { _: 'chatBannedRights', send_polls: true, until_date: 0 },
        }
      : {
          _: 'chat',
          id,
          title: `Team ${i}`,
          photo: { _: 'chatPhotoEmpty' },
          participants_count: 12 + i,
          date: baseDate - 86_400 * 90,
          version: 4,
        },
  )

  const messages: Message[] = []
  for (let i = 0; i < size.messages; i++) {
    const text = TEXTS[i % TEXTS.length]
    const fromUser = userIds[rnd.below(userIds.length)]
    const entities: TlTypes['MessageEntity'][] = [{ _: 'messageEntityBold', offset: 0, length: 4 }]
    if (i % 3 === 0) entities.push({ _: 'messageEntityTextUrl', offset: 5, length: 7, url: 'https://example.org/docs' })
    if (i % 4 === 0) entities.push({ _: 'messageEntityMentionName', offset: 0, length: 5, user_id: fromUser })
    if (i % 5 === 0) entities.push({ _: 'messageEntityPre', offset: 0, length: text.length, language: 'typescript' })

    const message: Message = {
      _: 'message',
      out: i % 7 === 0,
      id: 50_000 + i,
      from_id: { _: 'peerUser', user_id: fromUser },
      peer_id: { _: 'peerChannel', channel_id: chatIds[1] },
      date: baseDate + i * 37,
      message: text,
      entities,
      views: i % 2 === 0 ? 100 + i : undefined,
      forwards: i % 2 === 0 ? i : undefined,
      edit_date: i % 9 === 0 ? baseDate + i * 37 + 60 : undefined,
    }
    if (i % 4 === 1) message.reply_to = { _: 'messageReplyHeader', reply_to_msg_id: 50_000 + i - 1, quote: i % 8 === 1, quote_text: i % 8 === 1 ? 'the flaky test' : undefined }
    if (i % 10 === 3) {
      message.fwd_from = { _: 'messageFwdHeader', from_id: { _: 'peerUser', user_id: userIds[(i + 3) % userIds.length] }, date: baseDate - 3600, saved_from_peer: { _: 'peerChannel', channel_id: chatIds[0] }, saved_from_msg_id: 1200 + i }
    }
    if (i % 6 === 2) message.media = photoMedia(rnd, baseDate)
    if (i % 11 === 5) message.media = documentMedia(rnd, baseDate, i)
    if (i % 12 === 0) {
      message.reactions = {
        _: 'messageReactions',
        can_see_list: true,
        results: [
          { _: 'reactionCount', reaction: { _: 'reactionEmoji', emoticon: '👍' }, count: 5 + (i % 4) },
          { _: 'reactionCount', chosen_order: 0, reaction: { _: 'reactionEmoji', emoticon: '❤' }, count: 2 },
        ],
      }
    }
    messages.push(message)
  }

  return { _: 'messages.messages', messages, topics: [], chats, users }
}

function photoMedia(rnd: Numbers, date: number): TlTypes['MessageMedia'] {
  return {
    _: 'messageMediaPhoto',
    photo: {
      _: 'photo',
      id: rnd.long(),
      access_hash: rnd.long(),
      file_reference: rnd.bytes(29),
      date,
      sizes: [
        { _: 'photoStrippedSize', type: 'i', bytes: rnd.bytes(120) },
        { _: 'photoSize', type: 'm', w: 320, h: 240, size: 14_220 },
        { _: 'photoSize', type: 'x', w: 800, h: 600, size: 61_004 },
        { _: 'photoSize', type: 'y', w: 1280, h: 960, size: 130_733 },
      ],
      dc_id: 2,
    },
  }
}

function documentMedia(rnd: Numbers, date: number, i: number): TlTypes['MessageMedia'] {
  return {
    _: 'messageMediaDocument',
    video: i % 2 === 0,
    document: {
      _: 'document',
      id: rnd.long(),
      access_hash: rnd.long(),
      file_reference: rnd.bytes(29),
      date,
      mime_type: i % 2 === 0 ? 'video/mp4' : 'application/pdf',
      size: BigInt(1_000_000 + i * 4096),
      thumbs: [{ _: 'photoSize', type: 'm', w: 320, h: 180, size: 9_900 }],
      dc_id: 4,
      attributes:
        i % 2 === 0
          ? [{ _: 'documentAttributeVideo', supports_streaming: true, duration: 12.5, w: 1280, h: 720 }, { _: 'documentAttributeFilename', file_name: 'demo.mp4' }]
          : [{ _: 'documentAttributeFilename', file_name: `report-${i}.pdf` }],
    },
  }
}
