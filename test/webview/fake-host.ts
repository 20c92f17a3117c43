/**
 * A fake extension host for the dev harness: it stands in for `acquireVsCodeApi()` and answers the webview
 * protocol from generated data (dialogs in two folders, a 10,000-message chat, photos drawn on a canvas,
 * code blocks, documents with download progress, channel posts, a bot keyboard, and the hostile corpus), so
 * the app runs in plain chromium. Tests drive it through `window.__harness`.
 */
import {
  notification,
  response,
  type ChatView,
  type DialogView,
  type MessageView,
  type NotificationMethod,
  type NotificationParams,
  type PeerId,
  type PeerKind,
  type ProfilePhotoView,
  type RequestMessage,
  type SessionView,
  type UserView,
  type WebviewToHost,
} from '../../webview/protocol'
import { hostileCorpus, hostileNames } from './hostile-corpus'

const params = new URLSearchParams(location.search)
const ME = '1000'
const NOW = Math.floor(Date.UTC(2025, 5, 12, 15, 30) / 1000)

// A small deterministic PRNG, so every run (and every screenshot) shows the same data.
let seed = 42
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x7fffffff)
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]

// ---------------------------------------------------------------------------------------------------------
// Generated images
// ---------------------------------------------------------------------------------------------------------

function drawPhoto(width: number, height: number, hue: number, quality: number): string {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const g = canvas.getContext('2d')!
  const sky = g.createLinearGradient(0, 0, 0, height)
  sky.addColorStop(0, `hsl(${hue}, 70%, 70%)`)
  sky.addColorStop(1, `hsl(${(hue + 40) % 360}, 60%, 45%)`)
  g.fillStyle = sky
  g.fillRect(0, 0, width, height)
  g.fillStyle = `hsl(${(hue + 180) % 360}, 80%, 85%)`
  g.beginPath()
  g.arc(width * 0.75, height * 0.3, height * 0.12, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = `hsl(${(hue + 90) % 360}, 35%, 25%)`
  g.beginPath()
  g.moveTo(0, height)
  g.lineTo(width * 0.3, height * 0.45)
  g.lineTo(width * 0.55, height * 0.75)
  g.lineTo(width * 0.8, height * 0.5)
  g.lineTo(width, height)
  g.fill()
  return canvas.toDataURL('image/jpeg', quality)
}

/** A head-and-shoulders avatar; at a few pixels wide it stands in for Telegram's stripped preview. */
function drawAvatar(hue: number, size = 80): string {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = size
  const g = canvas.getContext('2d')!
  g.scale(size / 80, size / 80)
  g.fillStyle = `hsl(${hue}, 55%, 55%)`
  g.fillRect(0, 0, 80, 80)
  g.fillStyle = `hsl(${hue}, 60%, 85%)`
  g.beginPath()
  g.arc(40, 32, 15, 0, Math.PI * 2)
  g.fill()
  g.beginPath()
  g.arc(40, 84, 30, 0, Math.PI * 2)
  g.fill()
  return canvas.toDataURL(size < 80 ? 'image/jpeg' : 'image/png')
}

/** A round "thumbs up"-ish sticker as a lossy WebP with transparency. */
function drawSticker(): string {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 256
  const g = canvas.getContext('2d')!
  g.fillStyle = 'hsl(45, 95%, 60%)'
  g.beginPath()
  g.arc(128, 128, 110, 0, Math.PI * 2)
  g.fill()
  g.fillStyle = 'hsl(30, 60%, 25%)'
  for (const x of [90, 166]) {
    g.beginPath()
    g.arc(x, 105, 14, 0, Math.PI * 2)
    g.fill()
  }
  g.lineWidth = 12
  g.strokeStyle = 'hsl(30, 60%, 25%)'
  g.beginPath()
  g.arc(128, 140, 55, 0.15 * Math.PI, 0.85 * Math.PI)
  g.stroke()
  return canvas.toDataURL('image/webp', 0.9)
}

/** One second of a quiet 440 Hz tone as a WAV, for the audio element. */
function toneWav(): string {
  const rate = 8000
  const samples = rate
  const bytes = new Uint8Array(44 + samples)
  const view = new DataView(bytes.buffer)
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)))
  text(0, 'RIFF'); view.setUint32(4, 36 + samples, true); text(8, 'WAVEfmt ')
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true)
  view.setUint32(24, rate, true); view.setUint32(28, rate, true); view.setUint16(32, 1, true); view.setUint16(34, 8, true)
  text(36, 'data'); view.setUint32(40, samples, true)
  for (let i = 0; i < samples; i++) bytes[44 + i] = 128 + Math.round(20 * Math.sin((2 * Math.PI * 440 * i) / rate))
  let binary = ''
  bytes.forEach((b) => (binary += String.fromCharCode(b)))
  return `data:audio/wav;base64,${btoa(binary)}`
}

// ---------------------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------------------

const firstNames = ['Alice', 'Bob', 'Carol', 'Dmitri', 'Eve', 'Farida', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya']
const lastNames = ['Johnson', 'Ivanov', 'Müller', 'Tanaka', 'Haddad', 'Silva', 'Kowalski', 'Okafor', 'Nguyen', 'Rossi']

const users = new Map<PeerId, UserView>()
/** Profile photos by peer id: the small size `peer/photo` answers with. */
const profilePhotos = new Map<PeerId, string>()
/** A profile photo for `peerId`: the stripped preview travels in the view, the small size is asked for. */
function withPhoto(peerId: PeerId, hue: number): ProfilePhotoView {
  profilePhotos.set(peerId, drawAvatar(hue))
  return { id: `photo-${peerId}`, previewUri: drawAvatar(hue, 8) }
}
users.set(ME, { id: ME, name: 'You' })
for (let i = 0; i < 40; i++) {
  const id = String(2000 + i)
  users.set(id, { id, name: `${firstNames[i % firstNames.length]} ${lastNames[i % lastNames.length]}`, username: `${firstNames[i % firstNames.length].toLowerCase()}${i}`, ...(i % 3 === 0 ? { photo: withPhoto(id, (210 + i * 47) % 360) } : {}) })
}
users.set('2100', { id: '2100', name: 'نادية الحسن', username: 'nadia_h' })
users.set('2101', { id: '2101', name: 'BotFather', username: 'BotFather', bot: true, verified: true })
hostileNames.forEach((name, i) => users.set(String(3000 + i), { id: String(3000 + i), name }))
const members = [...users.keys()].filter((id) => id !== ME && Number(id) < 2100)

interface Chat {
  info: ChatView
  dialog: DialogView
  messages: MessageView[]
  folder: 'main' | 'archive'
}
const chats = new Map<PeerId, Chat>()
/** Photos by `peerId:messageId`: the stripped-size preview in the message, the small rendition and the full size. */
const photos = new Map<string, { preview: string; thumb: string; full: string }>()

const words = 'the protocol sends a message over MTProto with salts and acks while the client keeps its session alive and the server answers every request in order'.split(' ')
const sentence = () => {
  const n = 3 + Math.floor(random() * 18)
  const text = Array.from({ length: n }, () => pick(words)).join(' ')
  return text[0].toUpperCase() + text.slice(1) + pick(['.', '!', '?', '.'])
}

const code = {
  ts: `import { TelegramClient } from './client'\n\n// Send a message and wait for the server's answer.\nconst result = await client.invoke({\n  _: 'messages.sendMessage',\n  peer: { _: 'inputPeerSelf' },\n  message: "Hello from VS Code",\n  randomId: 42n,\n})\nconsole.log(result)`,
  py: `from telethon import TelegramClient\n\nasync def main():\n    """Print the last ten dialogs."""\n    async for dialog in client.iter_dialogs(limit=10):\n        print(dialog.name, dialog.unread_count)`,
  tl: `---functions---\nmessages.sendMessage#983f9745 flags:# peer:InputPeer message:string random_id:long = Updates;`,
}

function makeChat(peerId: PeerId, kind: PeerKind, title: string, options: Partial<DialogView> & { members?: number; folder?: 'main' | 'archive' } = {}): Chat {
  const chat: Chat = {
    info: { peerId, kind, title, readInboxMaxId: 0, readOutboxMaxId: 0, unreadCount: 0, canSend: kind !== 'channel', canDeleteForEveryone: kind !== 'channel', membersCount: options.members, verified: options.verified, photo: options.photo },
    dialog: { peerId, kind, title, date: NOW, unreadCount: 0, unreadMentions: 0, ...options },
    messages: [],
    folder: options.folder ?? 'main',
  }
  chats.set(peerId, chat)
  return chat
}

function finish(chat: Chat, unread: number): void {
  const messages = chat.messages
  const last = messages[messages.length - 1]
  const incoming = messages.filter((m) => !m.out)
  const firstUnread = incoming[Math.max(0, incoming.length - unread)]
  chat.info.readInboxMaxId = unread > 0 && firstUnread ? firstUnread.id - 1 : last?.id ?? 0
  chat.info.unreadCount = unread
  chat.info.readOutboxMaxId = Math.max(0, (last?.id ?? 0) - 2)
  chat.dialog.unreadCount = unread
  if (last) {
    chat.dialog.date = last.date
    chat.dialog.preview = previewOf(chat, last)
    chat.dialog.outRead = last.out && last.id <= chat.info.readOutboxMaxId
  }
}

function previewOf(chat: Chat, message: MessageView): DialogView['preview'] {
  const mediaLabel = message.media ? ({ photo: 'Photo', document: 'File', sticker: 'Sticker', audio: 'Voice message', video: 'Video', unsupported: 'Message' } as const)[message.media.kind] : undefined
  return {
    text: message.service ? 'Service message' : message.text.slice(0, 120),
    out: message.out,
    ...(chat.info.kind === 'group' && !message.out ? { senderName: users.get(message.senderId ?? '')?.name ?? '' } : {}),
    ...(mediaLabel ? { mediaLabel } : {}),
  }
}

function generate(chat: Chat, count: number, startDate: number, senders: PeerId[], richEvery = 0): void {
  let date = startDate
  for (let i = 1; i <= count; i++) {
    date += 20 + Math.floor(random() * 900)
    const senderId = random() < 0.3 ? ME : pick(senders)
    const message: MessageView = { id: i, peerId: chat.info.peerId, date, out: senderId === ME, senderId, text: sentence(), entities: [] }
    if (random() < 0.15) message.text += ' ' + sentence() + ' ' + sentence()
    if (richEvery && i % richEvery === 0) {
      const text = code.ts
      message.text = text
      message.entities = [{ type: 'pre', offset: 0, length: text.length, language: 'typescript' }]
    } else if (random() < 0.1) {
      message.entities = [{ type: 'bold', offset: 0, length: Math.min(8, message.text.length) }]
    }
    if (i > 5 && random() < 0.06) message.replyTo = { messageId: i - 1 - Math.floor(random() * 4), senderName: users.get(pick(senders))?.name ?? '', snippet: sentence() }
    chat.messages.push(message)
  }
}

/** Shifts a chat's dates so its newest message is at `date`. */
function endAt(chat: Chat, date: number): void {
  const shift = date - chat.messages[chat.messages.length - 1].date
  for (const message of chat.messages) message.date += shift
}

function buildWorld(): void {
  const start = NOW - 3 * 86_400
  // 1. The project group: every kind of rendering in a few dozen messages.
  const devs = makeChat('-100500', 'group', 'Telegram Workbench Devs', { pinnedOrder: 0, members: 12, unreadMentions: 1 })
  generate(devs, 18, start, members.slice(0, 6))
  let id = devs.messages.length
  let date = NOW - 3600
  const add = (m: Omit<MessageView, 'id' | 'peerId' | 'date'> & { date?: number }) => {
    date += 60
    devs.messages.push({ id: ++id, peerId: devs.info.peerId, date, ...m })
    return id
  }
  add({ out: false, senderId: '2000', text: '', entities: [], service: { type: 'usersJoined', userIds: ['2003', '2100'] } })
  const photoId = add({ out: false, senderId: '2003', text: 'Sunset over the data centre 🌅', entities: [], media: { kind: 'photo', width: 1280, height: 853 } })
  photos.set(`${devs.info.peerId}:${photoId}`, { preview: drawPhoto(30, 20, 20, 0.5), thumb: drawPhoto(320, 213, 20, 0.7), full: drawPhoto(1280, 853, 20, 0.85) })
  add({ out: false, senderId: '2100', text: 'مرحبا! The handshake works now.', entities: [] })
  const codeText = `Here is the call:\n${code.ts}`
  add({ out: false, senderId: '2001', text: codeText, entities: [{ type: 'pre', offset: 18, length: code.ts.length, language: 'typescript' }] })
  const notes = 'Call notes are filed under #mtproto as usual.'
  add({ out: false, senderId: '2004', text: notes, entities: [{ type: 'hashtag', offset: notes.indexOf('#'), length: 8 }] })
  const formatted = 'Bold, italic, underline, strike, spoiler, `inline code`, https://core.telegram.org, @alice0 and #mtproto'
  const at = (s: string) => formatted.indexOf(s)
  add({
    out: true, senderId: ME, text: formatted,
    entities: [
      { type: 'bold', offset: 0, length: 4 }, { type: 'italic', offset: at('italic'), length: 6 }, { type: 'underline', offset: at('underline'), length: 9 },
      { type: 'strike', offset: at('strike'), length: 6 }, { type: 'spoiler', offset: at('spoiler'), length: 7 }, { type: 'code', offset: at('`inline'), length: 13 },
      { type: 'url', offset: at('https'), length: 25 }, { type: 'mention', offset: at('@alice0'), length: 7 }, { type: 'hashtag', offset: at('#mtproto'), length: 8 },
    ],
  })
  add({ out: false, senderId: '2002', text: 'Spec attached, see section 4.', entities: [], replyTo: { messageId: photoId, senderName: 'Dmitri Ivanov', snippet: 'Sunset over the data centre 🌅' }, media: { kind: 'document', fileName: 'mtproto-spec.pdf', mimeType: 'application/pdf', size: 2_457_600 } })
  add({ out: false, senderId: '2004', text: 'Forwarding the schema diff', entities: [], forward: { fromName: 'TL Schema News', date: NOW - 7200 }, media: { kind: 'document', fileName: 'api-223.tl', mimeType: 'text/plain', size: 612_000 } })
  add({ out: false, senderId: '2005', text: '', entities: [], media: { kind: 'audio', voice: true, duration: 14, size: 22_000 } })
  const videoId = add({ out: false, senderId: '2001', text: 'Demo recording', entities: [], media: { kind: 'video', width: 1920, height: 1080, duration: 95, size: 18_400_000, fileName: 'demo.mp4' } })
  photos.set(`${devs.info.peerId}:${videoId}`, { preview: drawPhoto(32, 18, 200, 0.5), thumb: drawPhoto(320, 180, 200, 0.7), full: drawPhoto(1280, 720, 200, 0.85) })
  add({ out: false, senderId: '2003', text: '', entities: [], media: { kind: 'sticker', emoji: '👍', width: 512, height: 512, uri: drawSticker() } })
  add({ out: true, senderId: ME, text: 'Pushed the fix for the salt rotation, please review.', entities: [], editDate: date + 30 })
  add({ out: false, senderId: '2000', text: '', entities: [], service: { type: 'pinned', messageId: photoId } })
  add({ out: false, senderId: '2002', text: '@you can you look at the Python sample?\n' + code.py, entities: [{ type: 'mention', offset: 0, length: 4 }, { type: 'pre', offset: 40, length: code.py.length, language: 'python' }] })
  add({ out: false, senderId: '2004', text: 'Looks good to me. Shipping it today!', entities: [] })
  finish(devs, 3)
  for (const m of devs.messages) {
    const photo = photos.get(`${devs.info.peerId}:${m.id}`)
    if (photo && (m.media?.kind === 'photo' || m.media?.kind === 'video')) m.media.thumbUri = photo.preview
  }

  // 2. A private chat with a photo avatar.
  const alice = makeChat('2000', 'user', 'Alice Johnson', { pinnedOrder: 1, photo: users.get('2000')!.photo, username: 'alice0' })
  generate(alice, 60, start, ['2000'])
  finish(alice, 0)

  // 3. A channel with views and signatures.
  const news = makeChat('-100600', 'channel', 'TL Schema News', { members: 48_211, verified: true, muted: true })
  generate(news, 40, start, ['2006'], 7)
  for (const m of news.messages) {
    m.out = false
    m.senderId = undefined
    m.views = 1000 + Math.floor(random() * 90_000)
    m.signature = 'Grace Kowalski'
  }
  finish(news, 12)

  // 4. The big chat: 10,000 messages.
  const big = makeChat('-100700', 'group', 'MTProto Implementers', { members: 2_431 })
  generate(big, 10_000, NOW - 120 * 86_400, members, 97)
  endAt(big, NOW - 1800)
  finish(big, 25)

  // 5. The bench chat: 1,000 messages.
  const bench = makeChat('-100800', 'group', 'Bench: 1,000 messages', { members: 30 })
  generate(bench, 1000, NOW - 20 * 86_400, members, 53)
  endAt(bench, NOW - 2400)
  finish(bench, 0)

  // 6. A bot with a keyboard.
  const bot = makeChat('2101', 'bot', 'BotFather', { verified: true })
  bot.messages.push({
    id: 1, peerId: '2101', date: NOW - 600, out: false, senderId: '2101', text: 'Choose a bot to change its settings.', entities: [],
    buttons: [[{ text: '@workbench_bot', action: { type: 'callback', data: 'AQ==' } }, { text: '@sandbox_bot', action: { type: 'callback', data: 'Ag==' } }], [{ text: 'Docs', action: { type: 'url', url: 'https://core.telegram.org/bots' } }]],
  })
  finish(bot, 1)

  // 7. The hostile corpus, sent by hostile names.
  const hostile = makeChat('-100900', 'group', `Hostile <img src=x onerror=window.__pwned=1> \u202Eevil`, { members: 7 })
  hostileCorpus.forEach((payload, i) => {
    hostile.messages.push({ id: i + 1, peerId: hostile.info.peerId, date: NOW - 5000 + i, out: false, senderId: String(3000 + (i % hostileNames.length)), text: payload.text, entities: payload.entities as MessageView['entities'] })
  })
  hostile.messages.push({
    id: hostileCorpus.length + 1, peerId: hostile.info.peerId, date: NOW - 100, out: false, senderId: '3003', text: 'buttons', entities: [],
    buttons: [[{ text: '<img src=x onerror=window.__pwned=1>', action: { type: 'url', url: 'javascript:window.__pwned=1' } }]],
    media: { kind: 'document', fileName: 'report\u202Efdp.exe', mimeType: 'application/x-msdownload', size: 1234 },
  })
  finish(hostile, 0)

  // 8. Filler, for pagination, and a few archived chats.
  for (let i = 0; i < 110; i++) {
    const archived = i < 6
    const isGroup = i % 3 === 0
    const sender = members[i % members.length]
    const peerId = isGroup ? String(-(200 + i)) : String(4000 + i)
    const photo = !isGroup && i % 5 === 1 ? { photo: withPhoto(peerId, (i * 29) % 360) } : {}
    const chat = makeChat(peerId, isGroup ? 'group' : 'user', isGroup ? `${pick(['Rust', 'Go', 'Kotlin', 'Python', 'Infra', 'Design'])} ${pick(['club', 'team', 'chat', 'guild'])} ${i}` : `${pick(firstNames)} ${pick(lastNames)}`, { folder: archived ? 'archive' : 'main', muted: i % 7 === 0, ...photo })
    generate(chat, 3 + (i % 5), NOW - (i + 1) * 40_000, isGroup ? members.slice(0, 5) : [sender])
    finish(chat, i % 4 === 0 ? i % 17 : 0)
  }
}

buildWorld()

// ---------------------------------------------------------------------------------------------------------
// The protocol
// ---------------------------------------------------------------------------------------------------------

const commands: WebviewToHost[] = []
let state: unknown = null
let session: SessionView = params.get('signedOut')
  ? { state: 'signedOut', signIn: { step: 'choose' } }
  : { state: 'ready', account: { id: 'a1', name: 'You', kind: 'user' }, connection: 'connected' }

function post<M extends NotificationMethod>(method: M, body: NotificationParams[M]): void {
  deliver(notification(method, body))
}

function deliver(message: unknown): void {
  window.dispatchEvent(new MessageEvent('message', { data: message }))
}

function sortedDialogs(folder: 'main' | 'archive'): DialogView[] {
  return [...chats.values()]
    .filter((c) => c.folder === folder)
    .map((c) => c.dialog)
    .sort((a, b) => (a.pinnedOrder ?? Infinity) - (b.pinnedOrder ?? Infinity) || b.date - a.date)
}

function usersOf(messages: MessageView[]): UserView[] {
  const ids = new Set(messages.map((m) => m.senderId).filter((id): id is string => !!id))
  return [...ids].map((id) => users.get(id)).filter((u): u is UserView => !!u)
}

/** The bench asks for one big page; the app asks for 100 at a time. */
const pageOverride = Number(params.get('historyPage') ?? 0)

/** Set by the `connection` hook: while not connected, every request fails as a real host's would. */
let unreachable = false

function answer(request: RequestMessage): void {
  if (unreachable) return deliver({ kind: 'error', id: request.id, method: request.method, message: 'Request timed out: no connection' })
  switch (request.method) {
    case 'dialogs/list': {
      const { folder, cursor, limit, query } = request.params
      let list = sortedDialogs(folder)
      if (query) {
        const q = query.toLowerCase().replace(/^@/, '')
        list = [...list.filter((d) => d.title.toLowerCase().includes(q)), ...list.filter((d) => !d.title.toLowerCase().includes(q) && d.username?.includes(q))]
      }
      const from = cursor ? Number(cursor) : 0
      const page = list.slice(from, from + limit)
      const next = from + limit < list.length ? String(from + limit) : undefined
      return deliver(response(request.id, 'dialogs/list', { dialogs: page, users: [], ...(next ? { next } : {}), ...(folder === 'main' ? { archivedCount: sortedDialogs('archive').length } : {}) }))
    }
    case 'chat/info': {
      const chat = chats.get(request.params.peerId)
      if (!chat) return deliver({ kind: 'error', id: request.id, method: request.method, message: 'PEER_ID_INVALID' })
      return deliver(response(request.id, 'chat/info', chat.info))
    }
    case 'chat/history': {
      const chat = chats.get(request.params.peerId)!
      const { before, around } = request.params
      const limit = pageOverride || request.params.limit
      const all = chat.messages
      let end = all.length
      if (before !== undefined) end = all.findIndex((m) => m.id >= before)
      if (end < 0) end = all.length
      if (around !== undefined) {
        const centre = all.findIndex((m) => m.id >= around)
        end = Math.min(all.length, (centre < 0 ? all.length : centre) + Math.floor(limit / 2))
      }
      const start = Math.max(0, end - limit)
      const messages = all.slice(start, end)
      return deliver(response(request.id, 'chat/history', { messages, users: usersOf(messages), hasOlder: start > 0, hasNewer: end < all.length }))
    }
    case 'chat/send': {
      const chat = chats.get(request.params.peerId)!
      const message: MessageView = { id: chat.messages.length + 1, peerId: chat.info.peerId, date: Math.floor(Date.now() / 1000), out: true, senderId: ME, text: request.params.text, entities: [] }
      if (request.params.replyToId) message.replyTo = { messageId: request.params.replyToId, snippet: chat.messages.find((m) => m.id === request.params.replyToId)?.text.slice(0, 80) ?? '' }
      chat.messages.push(message)
      chat.dialog = { ...chat.dialog, date: message.date, preview: previewOf(chat, message), unreadCount: 0 }
      deliver(response(request.id, 'chat/send', { message }))
      post('dialogs/upsert', { dialogs: [chat.dialog] })
      // The other side reads it a moment later.
      setTimeout(() => post('chat/readOutbox', { peerId: chat.info.peerId, maxId: message.id }), 800)
      return
    }
    case 'chat/edit': {
      const chat = chats.get(request.params.peerId)!
      const index = chat.messages.findIndex((m) => m.id === request.params.messageId)
      const message = { ...chat.messages[index], text: request.params.text, entities: [], editDate: Math.floor(Date.now() / 1000) }
      chat.messages[index] = message
      return deliver(response(request.id, 'chat/edit', { message }))
    }
    case 'media/thumb': {
      const photo = photos.get(`${request.params.peerId}:${request.params.messageId}`)
      if (!photo) return deliver({ kind: 'error', id: request.id, method: request.method, message: 'This message has no thumbnail.' })
      setTimeout(() => deliver(response(request.id, 'media/thumb', { uri: photo.thumb })), 50)
      return
    }
    case 'peer/photo': {
      const uri = profilePhotos.get(request.params.peerId)
      if (!uri) return deliver({ kind: 'error', id: request.id, method: request.method, message: 'This chat has no photo.' })
      setTimeout(() => deliver(response(request.id, 'peer/photo', { uri })), 50)
      return
    }
    case 'chat/search': {
      const { peerId, query, limit } = request.params
      const wanted = query.toLowerCase()
      const found = (chats.get(peerId)?.messages ?? []).filter((m) => m.text.toLowerCase().includes(wanted)).reverse().slice(0, limit)
      return deliver(response(request.id, 'chat/search', { messages: found, users: usersOf(found) }))
    }
    case 'media/photo': {
      const photo = photos.get(`${request.params.peerId}:${request.params.messageId}`)
      if (!photo) return deliver({ kind: 'error', id: request.id, method: request.method, message: 'FILE_REFERENCE_EXPIRED' })
      // A real download takes a moment: the lightbox shows the thumbnail first.
      setTimeout(() => deliver(response(request.id, 'media/photo', { uri: photo.full })), 150)
      return
    }
  }
}

const downloads = new Map<string, number>()

function handle(message: WebviewToHost): void {
  if (message.kind === 'request') return answer(message)
  switch (message.method) {
    case 'app/ready':
      return post('session/changed', session)
    case 'auth/choose': {
      const step = message.params.method
      session = { state: 'signedOut', signIn: step === 'phone' ? { step: 'phone' } : step === 'botToken' ? { step: 'botToken' } : { step: 'qr', modules: fakeQr(), expiresAt: NOW + 30 } }
      return post('session/changed', session)
    }
    case 'auth/submitPhone':
      session = { state: 'signedOut', signIn: { step: 'code', phone: message.params.phone, codeLength: 5, via: 'app' } }
      return post('session/changed', session)
    case 'auth/submitCode':
      session = message.params.code === '12345' ? { state: 'signedOut', signIn: { step: 'password', hint: 'the usual' } } : { state: 'signedOut', signIn: { step: 'code', phone: '+99966', codeLength: 5, via: 'app', error: 'The code is wrong. Check it and try again.' } }
      return post('session/changed', session)
    case 'auth/submitPassword':
    case 'auth/submitBotToken':
      session = { state: 'ready', account: { id: 'a1', name: 'You', kind: 'user' }, connection: 'connected' }
      return post('session/changed', session)
    case 'auth/cancel':
      session = { state: 'signedOut', signIn: { step: 'choose' } }
      return post('session/changed', session)
    case 'media/download': {
      const { peerId, messageId } = message.params
      const media = chats.get(peerId)?.messages.find((m) => m.id === messageId)?.media
      const total = media && 'size' in media ? media.size : 100_000
      let received = 0
      const key = `${peerId}:${messageId}`
      clearInterval(downloads.get(key))
      downloads.set(key, window.setInterval(() => {
        received = Math.min(total, received + Math.ceil(total / 8))
        const done = received >= total
        post('media/progress', { peerId, messageId, state: done ? 'done' : 'downloading', received, total, ...(done && media?.kind === 'audio' ? { uri: toneWav() } : {}) })
        if (done) clearInterval(downloads.get(key))
      }, 120))
      return
    }
    case 'media/cancel': {
      const { peerId, messageId } = message.params
      clearInterval(downloads.get(`${peerId}:${messageId}`))
      return post('media/progress', { peerId, messageId, state: 'cancelled', received: 0, total: 0 })
    }
    case 'chat/markRead': {
      const chat = chats.get(message.params.peerId)
      if (!chat) return
      chat.info.readInboxMaxId = Math.max(chat.info.readInboxMaxId, message.params.maxId)
      chat.info.unreadCount = chat.messages.filter((m) => !m.out && m.id > chat.info.readInboxMaxId).length
      chat.dialog = { ...chat.dialog, unreadCount: chat.info.unreadCount, unreadMentions: 0 }
      return post('dialogs/upsert', { dialogs: [chat.dialog] })
    }
    default:
      // Everything else (links, clipboard, open in editor, …) is only recorded, for the tests to inspect.
      return
  }
}

/** A QR-looking matrix with the three finder patterns; the harness has no encoder and needs none. */
function fakeQr(): string[] {
  const size = 29
  const finder = (x: number, y: number) => {
    for (const [fx, fy] of [[0, 0], [size - 7, 0], [0, size - 7]]) {
      const dx = x - fx
      const dy = y - fy
      if (dx >= 0 && dx < 7 && dy >= 0 && dy < 7) return dx === 0 || dx === 6 || dy === 0 || dy === 6 || (dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4)
    }
    return undefined
  }
  return Array.from({ length: size }, (_, y) => Array.from({ length: size }, (_, x) => (finder(x, y) ?? random() < 0.5) ? '1' : '0').join(''))
}

// What `acquireVsCodeApi()` gives a real webview.
;(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({
  postMessage(message: WebviewToHost) {
    commands.push(JSON.parse(JSON.stringify(message)))
    // The host answers asynchronously, as VS Code's message channel does.
    setTimeout(() => handle(message), 0)
  },
  getState: () => state,
  setState: (next: unknown) => {
    state = JSON.parse(JSON.stringify(next))
    sessionStorage.setItem('harness-state', JSON.stringify(state))
  },
})
state = JSON.parse(sessionStorage.getItem('harness-state') ?? 'null')

/** Test hooks. */
;(window as unknown as { __harness: unknown }).__harness = {
  commands,
  notify: post,
  chats: () => [...chats.keys()],
  /** A message from someone else arrives in `peerId`: the dialog moves to the top. */
  incoming(peerId: PeerId, text: string) {
    const chat = chats.get(peerId)!
    const message: MessageView = { id: chat.messages.length + 1, peerId, date: Math.floor(Date.now() / 1000), out: false, senderId: chat.info.kind === 'user' ? peerId : members[0], text, entities: [] }
    chat.messages.push(message)
    chat.dialog = { ...chat.dialog, date: message.date, preview: previewOf(chat, message), unreadCount: chat.dialog.unreadCount + 1 }
    post('chat/newMessages', { peerId, messages: [message] })
    post('dialogs/upsert', { dialogs: [chat.dialog] })
    return message.id
  },
  /** The account's connection changes: offline, every request fails until connected again. */
  connection(connection: 'connecting' | 'connected' | 'offline', retryAt?: number) {
    unreachable = connection !== 'connected'
    session = { state: 'ready', account: { id: 'a1', name: 'You', kind: 'user' }, connection, ...(retryAt !== undefined ? { retryAt } : {}) }
    post('session/changed', session)
  },
  clearState() {
    state = null
    sessionStorage.removeItem('harness-state')
  },
}
