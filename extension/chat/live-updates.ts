/**
 * The account's updates, turned into what the chat webview shows live: new messages, edits, deletes,
 * read marks on both sides, and who is typing where (each typing entry expires unless renewed, as
 * Telegram's clients expire them).
 */
import { getPeerId, type Message, type TelegramClient } from '../mtproto'
import { MessageDeleted, MessageEdited, MessageRead, NewMessage, UserUpdate, type UserUpdateEvent } from '../mtproto/events'
import type { PeerId, TypingView } from '../../webview/protocol'

export interface LiveSink {
  message(message: Message): void
  edited(message: Message): void
  /** `chatId` only for channels: Telegram does not say where other deletions happened. */
  deleted(ids: readonly number[], chatId: bigint | undefined): void
  readInbox(peerId: PeerId, maxId: number): void
  readOutbox(peerId: PeerId, maxId: number): void
  typing(peerId: PeerId, typing: TypingView[]): void
  nameOf(userId: bigint): string
  typingTtlMs: number
}

interface Typist {
  view: TypingView
  timer: ReturnType<typeof setTimeout>
}

export class LiveUpdates {
  private readonly stops: (() => void)[] = []
  /** Messages this host just sent: their own NewMessage update must not show them twice. */
  private readonly own = new Set<string>()
  private readonly typists = new Map<PeerId, Map<string, Typist>>()

  constructor(
    client: TelegramClient,
    private readonly sink: LiveSink,
  ) {
    this.stops.push(
      client.on(new NewMessage({}), (event) => {
        const key = keyOf(event.message)
        if (this.own.delete(key)) return
        if (event.senderId !== undefined) this.stopTyping(event.chatId.toString(), event.senderId.toString())
        sink.message(event.message)
      }),
      client.on(new MessageEdited({}), (event) => sink.edited(event.message)),
      client.on(new MessageDeleted(), (event) => sink.deleted(event.deletedIds, event.chatId)),
      client.on(new MessageRead({}), (event) => event.chatId !== undefined && !event.contents && sink.readOutbox(event.chatId.toString(), event.maxId)),
      client.on(new MessageRead({ inbox: true }), (event) => event.chatId !== undefined && !event.contents && sink.readInbox(event.chatId.toString(), event.maxId)),
      client.on(new UserUpdate(), (event) => this.onUserUpdate(event)),
    )
  }

  /** Marks a message sent by this host, whose update is about to arrive. */
  expectOwn(message: Message): void {
    this.own.add(keyOf(message))
    if (this.own.size > 100) this.own.delete(this.own.values().next().value!)
  }

  dispose(): void {
    for (const stop of this.stops.splice(0)) stop()
    for (const typists of this.typists.values()) for (const typist of typists.values()) clearTimeout(typist.timer)
    this.typists.clear()
  }

  private onUserUpdate(event: UserUpdateEvent): void {
    if (event.chatId === undefined || event.action === undefined) return
    const peerId = event.chatId.toString()
    const userId = event.userId.toString()
    const action = typingAction(event)
    if (!action) return this.stopTyping(peerId, userId)
    const typists = this.typists.get(peerId) ?? new Map<string, Typist>()
    this.typists.set(peerId, typists)
    const previous = typists.get(userId)
    if (previous) clearTimeout(previous.timer)
    typists.set(userId, {
      view: { userId, name: this.sink.nameOf(event.userId), action },
      timer: setTimeout(() => this.stopTyping(peerId, userId), this.sink.typingTtlMs),
    })
    this.publish(peerId)
  }

  private stopTyping(peerId: PeerId, userId: string): void {
    const typists = this.typists.get(peerId)
    const typist = typists?.get(userId)
    if (!typists || !typist) return
    clearTimeout(typist.timer)
    typists.delete(userId)
    this.publish(peerId)
  }

  private publish(peerId: PeerId): void {
    this.sink.typing(peerId, [...(this.typists.get(peerId)?.values() ?? [])].map((t) => t.view))
  }
}

function typingAction(event: UserUpdateEvent): TypingView['action'] | undefined {
  if (event.cancel) return undefined
  if (event.typing) return 'typing'
  if (event.recording) return 'recordingVoice'
  if (event.sticker) return 'choosingSticker'
  if (event.action?._ === 'sendMessageUploadPhotoAction') return 'uploadingPhoto'
  if (event.uploading) return 'uploadingDocument'
  return undefined
}

function keyOf(message: Message): string {
  return `${getPeerId(message.raw.peer_id)}:${message.id}`
}
