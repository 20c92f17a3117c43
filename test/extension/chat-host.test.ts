// The chat webview's host side in plain Node: the dispatcher answers the webview protocol from a client signed in
// to the sandbox, through a fake webview endpoint, and pushes live updates sent by another sandbox account.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { ChatHost, type ChatEnvironment, type WebviewEndpoint } from '../../extension/chat/chat-host'
import type { TelegramClient } from '../../extension/mtproto'
import {
  isHostToWebview,
  type HostToWebview,
  type NotificationMessage,
  type NotificationMethod,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type WebviewToHost,
} from '../../webview/protocol'
import { seeded, signedInClient } from '../client/support'
import { mediaOf } from '../sandbox/media'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world'

/** A webview as the host sees it: it records what the host posts and can wait for a notification. */
class FakeWebview implements WebviewEndpoint {
  readonly posted: HostToWebview[] = []
  private nextId = 1
  private waiters: { accept: (m: HostToWebview) => boolean; wake: (m: HostToWebview) => void }[] = []

  constructor(private readonly host: ChatHost) {}

  post(message: HostToWebview): void {
    // What crosses to a real webview is structured-cloned JSON-like data; bigints would not survive.
    assert.ok(isHostToWebview(message), 'a protocol message')
    assert.doesNotThrow(() => JSON.stringify(message), 'JSON-safe')
    this.posted.push(message)
    this.waiters = this.waiters.filter((waiter) => !(waiter.accept(message) && (waiter.wake(message), true)))
  }

  async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    const id = this.nextId++
    const answered = this.next((m) => (m.kind === 'response' || m.kind === 'error') && m.id === id)
    await this.host.receive(this, { kind: 'request', id, method, params } as WebviewToHost)
    const answer = await answered
    if (answer.kind === 'error') throw new Error(answer.message)
    assert.equal(answer.kind, 'response')
    return (answer as { result: RequestResult<M> }).result
  }

  send(message: WebviewToHost): Promise<void> {
    return this.host.receive(this, message)
  }

  notification<M extends NotificationMethod>(method: M, accept: (params: Extract<NotificationMessage, { method: M }>['params']) => boolean = () => true) {
    return this.next((m) => m.kind === 'notification' && m.method === method && accept(m.params as never)) as Promise<Extract<NotificationMessage, { method: M }>>
  }

  private next(accept: (m: HostToWebview) => boolean): Promise<HostToWebview> {
    const seen = this.posted.find(accept)
    if (seen) return Promise.resolve(seen)
    return new Promise((wake) => this.waiters.push({ accept, wake }))
  }
}

/** The bytes of a `data:` URI the host made. */
function dataBytes(uri: string, mimeType: string): Buffer {
  const prefix = `data:${mimeType};base64,`
  assert.ok(uri.startsWith(prefix), `a ${mimeType} data URI`)
  return Buffer.from(uri.slice(prefix.length), 'base64')
}

function fakeEnvironment(downloadDir: string) {
  const calls: { method: string; args: unknown[] }[] = []
  const record = (method: string) => async (...args: unknown[]) => void calls.push({ method, args })
  const environment: ChatEnvironment = {
    openExternal: record('openExternal'),
    confirmLink: async (url) => (calls.push({ method: 'confirmLink', args: [url] }), false),
    openUntitled: record('openUntitled'),
    writeClipboard: record('writeClipboard'),
    openChatInEditor: (peerId) => void calls.push({ method: 'openChatInEditor', args: [peerId] }),
    pickFiles: async () => undefined,
    pathOfUri: () => undefined,
    openPath: record('openPath'),
    revealPath: record('revealPath'),
    showInformation: (message) => void calls.push({ method: 'showInformation', args: [message] }),
    signIn: (command) => void calls.push({ method: 'signIn', args: [command] }),
    reconnectNow: () => void calls.push({ method: 'reconnectNow', args: [] }),
    pathFor: async (fileName) => join(downloadDir, fileName),
  }
  return { environment, calls }
}

describe('the chat host on the sandbox', () => {
  let sandbox: Sandbox
  let client: TelegramClient
  let host: ChatHost
  let webview: FakeWebview
  let calls: { method: string; args: unknown[] }[]
  let downloadDir: string

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    client = await signedInClient(sandbox, 'ada')
    await client.startUpdates()
    downloadDir = await mkdtemp(join(tmpdir(), 'chat-host-'))
    const fake = fakeEnvironment(downloadDir)
    calls = fake.calls
    host = new ChatHost(fake.environment)
    webview = new FakeWebview(host)
    host.connect(webview)
    host.attach(client, { state: 'ready', account: { id: 'a1', name: 'Ada Lovelace', kind: 'user' }, connection: 'connected' })
  })

  after(async () => {
    host.dispose()
    await client.disconnect()
    await sandbox.stop()
    await rm(downloadDir, { recursive: true, force: true })
  })

  it('answers app/ready with the session, which carries no secret', async () => {
    await webview.send({ kind: 'command', method: 'app/ready', params: {} })
    const session = await webview.notification('session/changed')
    assert.equal(session.params.state, 'ready')
    const text = JSON.stringify(webview.posted)
    assert.ok(!/authKey|auth_key|access_hash|file_reference|apiHash/i.test(text), 'no session data in what the webview got')
  })

  it('lists the seeded dialogs with their unread counts, as the sandbox keeps them', async () => {
    const page = await webview.request('dialogs/list', { folder: 'main', limit: 50 })
    assert.ok(page.dialogs.length > 0)
    // Independent of our mapping: the client's own dialog objects for the same account.
    const expected = new Map<string, number>()
    for await (const dialog of client.iterDialogs({ limit: 50 })) expected.set(dialog.id.toString(), dialog.unreadCount)
    for (const dialog of page.dialogs) assert.equal(dialog.unreadCount, expected.get(dialog.peerId), dialog.title)
    assert.ok(page.dialogs.some((d) => d.unreadCount > 0), 'some seeded chat is unread')
    const grace = page.dialogs.find((d) => d.peerId === seeded(sandbox, 'grace').id.toString())
    assert.ok(grace, 'the chat with Grace is listed')
    assert.equal(grace.kind, 'user')
    assert.match(grace.title, /Grace/)
  })

  it('pages the dialog list with cursors that never repeat a dialog', async () => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await webview.request('dialogs/list', { folder: 'main', limit: 3, ...(cursor ? { cursor } : {}) })
      seen.push(...page.dialogs.map((d) => d.peerId))
      cursor = page.next
    } while (cursor)
    assert.equal(new Set(seen).size, seen.length)
    let total = 0
    for await (const _ of client.iterDialogs({})) total++
    assert.equal(seen.length, total)
  })

  it('filters the dialog list by title, then by username', async () => {
    const page = await webview.request('dialogs/list', { folder: 'main', limit: 20, query: 'grace' })
    assert.ok(page.dialogs.length > 0)
    assert.ok(page.dialogs.every((d) => d.title.toLowerCase().includes('grace') || d.username?.toLowerCase().includes('grace')))
  })

  it('opens the chat with Grace: history oldest first, with the photo and the code block', async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const info = await webview.request('chat/info', { peerId })
    assert.equal(info.peerId, peerId)
    assert.equal(info.canSend, true)
    const history = await webview.request('chat/history', { peerId, limit: 100 })
    const ids = history.messages.map((m) => m.id)
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'oldest first')
    const stored = sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(seeded(sandbox, 'grace').id))
    assert.equal(history.messages.length, Math.min(100, stored.length))
    assert.ok(history.messages.some((m) => m.media?.kind === 'photo'), 'a photo')
    const code = history.messages.find((m) => m.entities.some((e) => e.type === 'pre'))
    assert.ok(code, 'a code block')
    const pre = code.entities.find((e) => e.type === 'pre')!
    assert.ok(pre.offset + pre.length <= code.text.length)
    assert.ok(history.users.some((u) => u.id === peerId), 'the sender is described')
    const reply = history.messages.find((m) => m.replyTo && ids.includes(m.replyTo.messageId))
    assert.ok(reply, 'a reply to a message on the page')
    const original = history.messages.find((m) => m.id === reply.replyTo!.messageId)!
    assert.equal(reply.replyTo!.snippet, original.text.slice(0, 200))
    assert.ok(reply.replyTo!.senderName, 'the quoted author is named')
  })

  it('downloads a photo in full as a data: URI whose bytes are the sandbox file', async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const history = await webview.request('chat/history', { peerId, limit: 100 })
    const photo = history.messages.find((m) => m.media?.kind === 'photo')!
    const { uri } = await webview.request('media/photo', { peerId, messageId: photo.id })
    const match = /^data:image\/jpeg;base64,(.+)$/.exec(uri)
    assert.ok(match, 'a JPEG data URI')
    const direct = await client.downloadMedia((await client.getMessages(BigInt(peerId), { ids: [photo.id] }))[0]!)
    assert.deepEqual(Buffer.from(match[1]!, 'base64'), Buffer.from(direct))
  })

  it("lists each peer with its profile photo's id and stripped preview, and serves the small photo the sandbox stores", async () => {
    const grace = seeded(sandbox, 'grace')
    const page = await webview.request('dialogs/list', { folder: 'main', limit: 50 })
    const dialog = page.dialogs.find((d) => d.peerId === grace.id.toString())
    assert.ok(dialog?.photo, 'the chat with Grace has a photo')
    const [current] = mediaOf(sandbox.world).store.profilePhotos(`user:${grace.id}`)
    assert.ok(current, 'the sandbox seeded a profile photo for Grace')
    assert.equal(dialog.photo.id, current.id.toString())
    assert.match(dialog.photo.previewUri ?? '', /^data:image\/jpeg;base64,/)

    const { uri } = await webview.request('peer/photo', { peerId: dialog.peerId, photoId: dialog.photo.id })
    // The small profile size is the first, 160 px one. Media live on DC 2 and Ada's home is DC 1: this crosses DCs.
    assert.deepEqual(dataBytes(uri, 'image/jpeg'), Buffer.from(current.sizes[0]!.bytes))
    const info = await webview.request('chat/info', { peerId: dialog.peerId })
    assert.deepEqual(info.photo, dialog.photo)
  })

  it("serves a chat photo's 320 px rendition for the bubble, smaller than the full size the lightbox gets", async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const history = await webview.request('chat/history', { peerId, limit: 100 })
    const photo = history.messages.find((m) => m.media?.kind === 'photo')!
    assert.ok(photo.media?.kind === 'photo' && photo.media.thumbUri?.startsWith('data:image/jpeg;base64,'), 'the stripped preview comes with the message')
    const { uri } = await webview.request('media/thumb', { peerId, messageId: photo.id })
    const [message] = await client.getMessages(BigInt(peerId), { ids: [photo.id] })
    const raw = message!.media
    assert.ok(raw?._ === 'messageMediaPhoto' && raw.photo?._ === 'photo')
    const stored = mediaOf(sandbox.world).store.photo(raw.photo.id)!
    const m = stored.sizes.find((size) => size.type === 'm')!
    assert.deepEqual(dataBytes(uri, 'image/jpeg'), Buffer.from(m.bytes))
    const full = await webview.request('media/photo', { peerId, messageId: photo.id })
    assert.ok(dataBytes(full.uri, 'image/jpeg').length > m.bytes.length)
  })

  it('answers an image request for a message without one with an error, not an image', async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const history = await webview.request('chat/history', { peerId, limit: 100 })
    const plain = history.messages.find((m) => !m.media && !m.service)!
    await assert.rejects(webview.request('media/thumb', { peerId, messageId: plain.id }), /no thumbnail/)
  })

  it('searches a chat for a hashtag: the messages that carry it, newest first, and no others', async () => {
    const grace = seeded(sandbox, 'grace')
    const peerId = grace.id.toString()
    await sandbox.control.as(grace.id).sendMessage(seeded(sandbox, 'ada').id, 'Relay log #relay42 first')
    await webview.request('chat/send', { peerId, text: 'No tag here' })
    await webview.request('chat/send', { peerId, text: 'Second one #relay42' })
    const { messages, users } = await webview.request('chat/search', { peerId, query: '#relay42', limit: 20 })
    assert.deepEqual(messages.map((m) => m.text), ['Second one #relay42', 'Relay log #relay42 first'])
    assert.ok(users.some((u) => u.id === peerId), 'the other sender is described')
  })

  it('streams a download to the download folder with progress, then finds it for Open', async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const history = await webview.request('chat/history', { peerId, limit: 100 })
    const photo = history.messages.find((m) => m.media?.kind === 'photo')!
    const done = webview.notification('media/progress', (p) => p.messageId === photo.id && p.state === 'done')
    await webview.send({ kind: 'command', method: 'media/download', params: { peerId, messageId: photo.id } })
    await done
    const path = join(downloadDir, `photo-${photo.id}.jpg`)
    const direct = await client.downloadMedia((await client.getMessages(BigInt(peerId), { ids: [photo.id] }))[0]!)
    assert.deepEqual(await readFile(path), Buffer.from(direct))
    await webview.send({ kind: 'command', method: 'media/open', params: { peerId, messageId: photo.id } })
    assert.deepEqual(calls.at(-1), { method: 'openPath', args: [path] })
  })

  it('sends through the composer: the answer is the message, and the sandbox stores it with markdown parsed', async () => {
    const grace = seeded(sandbox, 'grace')
    const peerId = grace.id.toString()
    const upsert = webview.notification('dialogs/upsert', (p) => p.dialogs.some((d) => d.peerId === peerId && d.preview?.text === 'Hello from the composer'))
    const { message } = await webview.request('chat/send', { peerId, text: '**Hello** from the composer' })
    assert.equal(message.text, 'Hello from the composer')
    assert.deepEqual(message.entities, [{ type: 'bold', offset: 0, length: 5 }])
    assert.equal(message.out, true)
    const stored = sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(grace.id)).at(-1)!
    assert.equal(stored.id, message.id)
    assert.equal(stored.text, 'Hello from the composer')
    assert.deepEqual(stored.entities.map((e) => [e._, e.offset, e.length]), [['messageEntityBold', 0, 5]])
    await upsert
  })

  it('pushes a message from another account live, with the dialog moved to the top', async () => {
    const alan = seeded(sandbox, 'alan')
    const peerId = alan.id.toString()
    const arrived = webview.notification('chat/newMessages', (p) => p.peerId === peerId && p.messages.some((m) => m.text === 'Live from Alan'))
    const upsert = webview.notification('dialogs/upsert', (p) => p.dialogs.some((d) => d.peerId === peerId && d.preview?.text === 'Live from Alan'))
    await sandbox.control.as(alan.id).sendMessage(seeded(sandbox, 'ada').id, 'Live from Alan')
    const message = (await arrived).params.messages[0]!
    assert.equal(message.out, false)
    assert.equal(message.senderId, peerId)
    const dialog = (await upsert).params.dialogs[0]!
    assert.ok(dialog.unreadCount >= 1)
    const page = await webview.request('dialogs/list', { folder: 'main', limit: 5 })
    const firstUnpinned = page.dialogs.find((d) => d.pinnedOrder === undefined)
    assert.equal(firstUnpinned?.peerId, peerId, 'newest activity first after the pinned ones')
  })

  it('edits and deletes, and tells every webview', async () => {
    const peerId = seeded(sandbox, 'grace').id.toString()
    const { message } = await webview.request('chat/send', { peerId, text: 'typo' })
    const { message: edited } = await webview.request('chat/edit', { peerId, messageId: message.id, text: 'fixed' })
    assert.equal(edited.text, 'fixed')
    assert.ok(edited.editDate !== undefined)
    const deleted = webview.notification('chat/deleted', (p) => p.peerId === peerId && p.ids.includes(message.id))
    await webview.send({ kind: 'command', method: 'chat/delete', params: { peerId, ids: [message.id], forEveryone: true } })
    await deleted
    const stored = sandbox.world.messages.history(seeded(sandbox, 'ada').id, userPeer(BigInt(peerId)))
    assert.ok(!stored.some((m) => m.id === message.id))
  })

  it('answers a request with an error response, not silence, when the peer id is not one', async () => {
    await assert.rejects(webview.request('chat/info', { peerId: '1; drop' }), /Not a peer id/)
  })

  it('drops what is not a protocol message', async () => {
    const before = webview.posted.length
    await host.receive(webview, { type: 'chat/send', text: 'untyped' })
    await host.receive(webview, { kind: 'request', id: 1.5, method: 'chat/send', params: {} })
    assert.equal(webview.posted.length, before)
  })

  it('hands links to the link policy: javascript: is refused, a disguised link asks first, a plain one opens', async () => {
    await webview.send({ kind: 'command', method: 'link/open', params: { url: 'javascript:alert(1)', text: 'javascript:alert(1)' } })
    assert.equal(calls.at(-1)!.method, 'showInformation')
    await webview.send({ kind: 'command', method: 'link/open', params: { url: 'https://evil.example/', text: 'https://bank.example' } })
    assert.deepEqual(calls.at(-1), { method: 'confirmLink', args: ['https://evil.example/'] })
    await webview.send({ kind: 'command', method: 'link/open', params: { url: 'https://core.telegram.org', text: 'https://core.telegram.org' } })
    assert.deepEqual(calls.at(-1), { method: 'openExternal', args: ['https://core.telegram.org/'] })
  })

  it('opens a code block in an untitled editor with its language, and passes sign-in commands to the sign-in flow', async () => {
    await webview.send({ kind: 'command', method: 'code/openInEditor', params: { code: 'print(1)', language: 'python' } })
    assert.deepEqual(calls.at(-1), { method: 'openUntitled', args: ['print(1)', 'python'] })
    await webview.send({ kind: 'command', method: 'auth/choose', params: { method: 'phone' } })
    assert.equal(calls.at(-1)!.method, 'signIn')
  })

  it("passes the banner's Retry now to the editor, which reconnects the account", async () => {
    await webview.send({ kind: 'command', method: 'app/reconnect', params: {} })
    assert.deepEqual(calls.at(-1), { method: 'reconnectNow', args: [] })
  })
})

describe('the chat host before the account has a client', () => {
  it('tells a signed-in webview it is not connected yet rather than to sign in, and keeps its session on screen', async () => {
    const host = new ChatHost(fakeEnvironment(tmpdir()).environment)
    const webview = new FakeWebview(host)
    host.connect(webview)
    host.attach(undefined, { state: 'ready', account: { id: 'a1', name: 'Ada Lovelace', kind: 'user' }, connection: 'offline', retryAt: 1_700_000_000_000 })
    await webview.send({ kind: 'command', method: 'app/ready', params: {} })
    const session = await webview.notification('session/changed')
    assert.deepEqual(session.params, { state: 'ready', account: { id: 'a1', name: 'Ada Lovelace', kind: 'user' }, connection: 'offline', retryAt: 1_700_000_000_000 })
    await assert.rejects(webview.request('dialogs/list', { folder: 'main', limit: 20 }), /Not connected to Telegram yet/)
    host.dispose()
  })
})
