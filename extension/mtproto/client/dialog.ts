/**
 * One entry of the chat list, after Telethon's custom Dialog: the peer and its entity, the last
 * message, unread counts, pinned and archived state. `raw` keeps the TL dialog.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getDisplayName } from '../entities/display-name'
import { getInputPeer } from '../entities/input-peers'
import { getPeerId } from '../entities/peer-id'
import type { Entity, Message } from './message'
import type { SendMessageOptions } from './messages'
import type { TelegramClient } from './telegram-client'

/** Telegram's archive is folder 1. */
export const ARCHIVE_FOLDER_ID = 1

export class Dialog {
  constructor(
    readonly raw: TlConstructors['dialog'],
    /** The user, group or channel the dialog is with, when the answer carried it. */
    readonly entity: Entity | undefined,
    /** The last message, when the answer carried it. */
    readonly message: Message | undefined,
    /** The client that listed it, for the methods below; a dialog built without one is data only. */
    private readonly client?: TelegramClient,
  ) {}

  /** The marked id of the peer. */
  get id(): bigint {
    return getPeerId(this.raw.peer)
  }

  get peer(): TlTypes['Peer'] {
    return this.raw.peer
  }

  /** The input peer for requests about this dialog (from the entity, which carries the access hash). */
  get inputPeer(): TlTypes['InputPeer'] {
    return this.entity ? getInputPeer(this.entity) : getInputPeer(this.raw.peer)
  }

  /** The title, or the user's name. */
  get name(): string {
    return this.entity ? getDisplayName(this.entity) : ''
  }

  get date(): Date | undefined {
    return this.message?.date
  }

  get unreadCount(): number {
    return this.raw.unread_count
  }

  get unreadMentionsCount(): number {
    return this.raw.unread_mentions_count
  }

  /** The chat was marked unread by hand. */
  get markedUnread(): boolean {
    return this.raw.unread_mark ?? false
  }

  get pinned(): boolean {
    return this.raw.pinned ?? false
  }

  get folderId(): number {
    return this.raw.folder_id ?? 0
  }

  get archived(): boolean {
    return this.folderId === ARCHIVE_FOLDER_ID
  }

  get draft(): TlTypes['DraftMessage'] | undefined {
    return this.raw.draft
  }

  get isUser(): boolean {
    return this.raw.peer._ === 'peerUser'
  }

  /** A basic group or a supergroup. */
  get isGroup(): boolean {
    return this.raw.peer._ === 'peerChat' || (this.entity?._ === 'channel' && (this.entity.megagroup ?? false))
  }

  /** A broadcast channel or a supergroup (both are channels to the API). */
  get isChannel(): boolean {
    return this.raw.peer._ === 'peerChannel'
  }

  /** Sends a message to this dialog. */
  sendMessage(text: string, options: Omit<SendMessageOptions, 'split'> = {}): Promise<Message> {
    return this.owner().sendMessage(this.inputPeer, text, options)
  }

  /** Moves the dialog to the archive (or, with `folderId` 0, back to the main list). */
  archive(folderId = ARCHIVE_FOLDER_ID): Promise<void> {
    return this.owner().editFolder(this.inputPeer, folderId)
  }

  /** Leaves the chat or deletes its history; see TelegramClient.deleteDialog. */
  delete(options: { revoke?: boolean } = {}): Promise<void> {
    return this.owner().deleteDialog(this.inputPeer, options)
  }

  private owner(): TelegramClient {
    if (!this.client) throw new Error('this Dialog was built without a client; list it with client.iterDialogs() to act on it')
    return this.client
  }

  toJSON(): unknown {
    return this.raw
  }
}
