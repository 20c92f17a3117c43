// Message storage with Telegram's box semantics.
//
// Every user account has one box for its private chats and basic groups: ids grow per account, so the same
// message has one id in the sender's box and another in each receiver's box. Every channel has one shared box
// with its own ids. Each operation here changes the boxes and dialogs, then publishes one update per affected
// account (pts) or channel (channel pts), and returns both the records and the published updates.
import type { TlConstructors } from '../../../schema/codec/generated/types'
import type { AccountStore } from './accounts'
import type { ChatStore } from './chats'
import type { DialogStore } from './dialogs'
import { channelPeer, chatPeer, peerKey, userPeer, type PeerRef } from './peers'
import type { DialogRecord, FwdHeader, MessageAction, MessageBox, MessageEntity, MessageMedia, MessageRecord, ReplyMarkup } from './records'
import type { PublishedUpdate, UpdateHub, UpdateOrigin } from './updates'
import type { WorldView } from './view'

export interface MessageStoreState {
  accountBoxes: Map<bigint, MessageBox>
  channelBoxes: Map<bigint, MessageBox>
  /** linkId → the copies of one logical message: [box owner (user id, or channel id for a channel), id]. */
  links: Map<number, Array<[owner: bigint, id: number]>>
  nextLinkId: number
}

export function emptyMessageStoreState(): MessageStoreState {
  return { accountBoxes: new Map(), channelBoxes: new Map(), links: new Map(), nextLinkId: 1 }
}

/** How many deleted ids a box remembers. */
const DELETED_IDS_KEPT = 1000

/** What the message store needs from the rest of the world. */
export interface MessageStoreDeps {
  readonly accounts: AccountStore
  readonly chats: ChatStore
  readonly dialogs: DialogStore
  readonly updates: UpdateHub
  viewAs(accountId: bigint): WorldView
  nowSeconds(): number
}

export interface SendMessageInput {
  readonly senderId: bigint
  /** The destination as the sender addresses it: a user, a basic group or a channel. */
  readonly to: PeerRef
  readonly text: string
  readonly entities?: readonly MessageEntity[]
  readonly media?: MessageMedia
  /** For seeds: the media module turns it into `media` (see seed hook). */
  readonly mediaPlaceholder?: string
  /** Makes a service message (messageService) instead of a message. */
  readonly action?: MessageAction
  /** Id of the replied message in the sender's box (or in the channel). */
  readonly replyToMsgId?: number
  readonly fwdFrom?: FwdHeader
  readonly silent?: boolean
  readonly randomId?: bigint
  readonly groupedId?: bigint
  /** A bot's keyboard; the API methods pass it only when the sender is a bot. */
  readonly replyMarkup?: ReplyMarkup
  /** Backdating, for seeded history; defaults to now. */
  readonly date?: number
  /** Channel posts: the author's name when the channel signs posts. */
  readonly postAuthor?: string
  readonly origin?: UpdateOrigin
  /** false: store only, publish nothing and leave pts alone (seeding). */
  readonly publish?: boolean
}

export interface MessageChange {
  /** The record in the acting account's box (or the channel's). */
  readonly message: MessageRecord
  /** Every copy by box owner: account ids, or the channel id for a channel message. */
  readonly copies: ReadonlyMap<bigint, MessageRecord>
  /** The published updates, the acting account's (or the channel's) first. */
  readonly updates: readonly PublishedUpdate[]
}

export interface SendResult extends MessageChange {
  /** The random_id was used before by this sender: nothing was posted, `message` is the earlier one. */
  readonly duplicate: boolean
}

export interface EditMessageInput {
  readonly editorId: bigint
  /** The dialog as the editor sees it. */
  readonly peer: PeerRef
  readonly id: number
  readonly text?: string
  readonly entities?: readonly MessageEntity[]
  readonly media?: MessageMedia
  readonly origin?: UpdateOrigin
}

export interface DeleteResult {
  /** Ids removed from the acting account's box (or the channel's). */
  readonly deleted: readonly number[]
  readonly updates: readonly PublishedUpdate[]
}

export interface ReadResult {
  readonly dialog: DialogRecord
  /** Incoming messages still unread after this read. */
  readonly stillUnread: number
  readonly updates: readonly PublishedUpdate[]
}

function emptyBox(): MessageBox {
  return { lastId: 0, messages: new Map(), byPeer: new Map(), randomIds: new Map(), deletedIds: [] }
}

export class MessageStore {
  constructor(
    readonly state: MessageStoreState,
    private readonly world: MessageStoreDeps,
  ) {}

  // ---- reading

  accountBox(accountId: bigint): MessageBox {
    let box = this.state.accountBoxes.get(accountId)
    if (!box) this.state.accountBoxes.set(accountId, (box = emptyBox()))
    return box
  }

  channelBox(channelId: bigint): MessageBox {
    let box = this.state.channelBoxes.get(channelId)
    if (!box) this.state.channelBoxes.set(channelId, (box = emptyBox()))
    return box
  }

  /** The box that holds `viewerId`'s messages with `peer`: the channel's own box, or the viewer's. */
  boxFor(viewerId: bigint, peer: PeerRef): MessageBox {
    return peer.kind === 'channel' ? this.channelBox(peer.id) : this.accountBox(viewerId)
  }

  /** Ids of the viewer's messages with `peer`, ascending. */
  ids(viewerId: bigint, peer: PeerRef): readonly number[] {
    return this.boxFor(viewerId, peer).byPeer.get(peerKey(peer)) ?? []
  }

  /** Messages with `peer`, ascending by id. */
  history(viewerId: bigint, peer: PeerRef): MessageRecord[] {
    const box = this.boxFor(viewerId, peer)
    return this.ids(viewerId, peer).map((id) => box.messages.get(id)!)
  }

  /** A message of the viewer's box (private chats and basic groups), by its id there. */
  inAccountBox(accountId: bigint, id: number): MessageRecord | undefined {
    return this.state.accountBoxes.get(accountId)?.messages.get(id)
  }

  inChannel(channelId: bigint, id: number): MessageRecord | undefined {
    return this.state.channelBoxes.get(channelId)?.messages.get(id)
  }

  /** A message as the viewer addresses it: by peer (for channels) or in its own box. */
  get(viewerId: bigint, peer: PeerRef, id: number): MessageRecord | undefined {
    const message = this.boxFor(viewerId, peer).messages.get(id)
    return message && peerKey(message.peer) === peerKey(peer) ? message : undefined
  }

  /** Incoming messages after the read position (what dialog.unread_count shows). */
  unreadCount(viewerId: bigint, dialog: DialogRecord): number {
    return this.history(viewerId, dialog.peer).filter((m) => m.id > dialog.readInboxMaxId && !this.isOutgoing(viewerId, m)).length
  }

  /** Unread messages that mention the viewer (dialog.unread_mentions_count). */
  unreadMentionsCount(viewerId: bigint, dialog: DialogRecord): number {
    return this.history(viewerId, dialog.peer).filter((m) => m.id > dialog.readInboxMaxId && m.mentioned && m.mediaUnread).length
  }

  /** Outgoing from the viewer's side: its own copy in its box, or its own post in a channel. */
  isOutgoing(viewerId: bigint, message: MessageRecord): boolean {
    return message.peer.kind === 'channel' ? message.fromId === viewerId : message.out
  }

  // ---- writing

  send(input: SendMessageInput): SendResult {
    const { senderId, to } = input
    if (to.kind === 'channel') return this.sendToChannel(input)
    const senderBox = this.accountBox(senderId)
    if (input.randomId !== undefined) {
      const earlier = senderBox.randomIds.get(`${senderId}:${input.randomId}`)
      const message = earlier === undefined ? undefined : senderBox.messages.get(earlier)
      if (message) return { duplicate: true, message, copies: new Map([[senderId, message]]), updates: [] }
    }
    // Box owners and the peer each one sees: a private chat is seen as the other user; a group as the group.
    const owners: Array<[ownerId: bigint, peer: PeerRef]> =
      to.kind === 'user'
        ? to.id === senderId
          ? [[senderId, to]]
          : [
              [senderId, to],
              [to.id, userPeer(senderId)],
            ]
        : [
            [senderId, to],
            ...this.world.chats
              .groupMemberIds(to.id)
              .filter((id) => id !== senderId)
              .map((id): [bigint, PeerRef] => [id, chatPeer(to.id)]),
          ]
    const linkId = this.state.nextLinkId++
    const replied = input.replyToMsgId === undefined ? undefined : senderBox.messages.get(input.replyToMsgId)
    const date = input.date ?? this.world.nowSeconds()
    const copies = new Map<bigint, MessageRecord>()
    for (const [ownerId, peer] of owners) {
      const box = this.accountBox(ownerId)
      const out = ownerId === senderId
      const replyId = replied ? this.copyIdIn(replied.linkId, ownerId) : undefined
      const record: MessageRecord = {
        id: ++box.lastId,
        linkId,
        peer,
        fromId: senderId,
        out,
        date,
        text: input.text,
        entities: [...(input.entities ?? [])],
        media: input.media,
        mediaPlaceholder: input.mediaPlaceholder,
        action: input.action,
        replyTo: replyId === undefined ? undefined : { msgId: replyId },
        fwdFrom: input.fwdFrom,
        editDate: undefined,
        views: undefined,
        forwards: undefined,
        silent: input.silent ?? false,
        post: false,
        postAuthor: undefined,
        pinned: false,
        mentioned: !out && this.mentions(ownerId, input, replied),
        mediaUnread: !out && (this.mentions(ownerId, input, replied) || input.mediaPlaceholder?.startsWith('voice:') === true),
        groupedId: input.groupedId,
        randomId: out ? input.randomId : undefined,
        replyMarkup: input.replyMarkup,
      }
      this.insert(box, record)
      if (out && input.randomId !== undefined) box.randomIds.set(`${senderId}:${input.randomId}`, record.id)
      copies.set(ownerId, record)
      this.link(linkId, ownerId, record.id)
      const dialog = this.world.dialogs.ensure(ownerId, peer)
      dialog.topMessage = record.id
      dialog.topDate = date
      // Sending reads the chat up to the sent message, as Telegram's apps do.
      if (out) dialog.readInboxMaxId = Math.max(dialog.readInboxMaxId, record.id)
      // A new message brings an archived, unmuted chat back to the main list.
      if (!out && dialog.folderId === 1 && dialog.notify.muteUntil <= date) dialog.folderId = 0
    }
    const updates =
      input.publish === false
        ? []
        : [...copies].map(([ownerId, record]) =>
            this.world.updates.publishForAccount(
              ownerId,
              { _: 'updateNewMessage', message: this.world.viewAs(ownerId).message(record), pts: 0, pts_count: 0 },
              { ptsCount: 1, peers: this.peersOf(record), origin: ownerId === senderId ? input.origin : undefined },
            ),
          )
    return { duplicate: false, message: copies.get(senderId)!, copies, updates }
  }

  private sendToChannel(input: SendMessageInput): SendResult {
    const channelId = input.to.id
    const channel = this.world.chats.channel(channelId)
    if (!channel) throw new Error(`no channel ${channelId}`)
    const box = this.channelBox(channelId)
    if (input.randomId !== undefined) {
      const earlier = box.randomIds.get(`${input.senderId}:${input.randomId}`)
      const message = earlier === undefined ? undefined : box.messages.get(earlier)
      if (message) return { duplicate: true, message, copies: new Map([[channelId, message]]), updates: [] }
    }
    const date = input.date ?? this.world.nowSeconds()
    const replied = input.replyToMsgId === undefined ? undefined : box.messages.get(input.replyToMsgId)
    const record: MessageRecord = {
      id: ++box.lastId,
      linkId: this.state.nextLinkId++,
      peer: channelPeer(channelId),
      // Broadcast posts are authored by the channel itself; the poster stays known for `out`.
      fromId: input.senderId,
      out: false,
      date,
      text: input.text,
      entities: [...(input.entities ?? [])],
      media: input.media,
      mediaPlaceholder: input.mediaPlaceholder,
      action: input.action,
      replyTo: replied ? { msgId: replied.id } : undefined,
      fwdFrom: input.fwdFrom,
      editDate: undefined,
      views: channel.broadcast ? 1 : undefined,
      forwards: channel.broadcast ? 0 : undefined,
      silent: input.silent ?? false,
      post: channel.broadcast,
      postAuthor: channel.broadcast && channel.signatures ? input.postAuthor : undefined,
      pinned: false,
      mentioned: false,
      mediaUnread: false,
      groupedId: input.groupedId,
      randomId: input.randomId,
      replyMarkup: input.replyMarkup,
    }
    this.insert(box, record)
    if (input.randomId !== undefined) box.randomIds.set(`${input.senderId}:${input.randomId}`, record.id)
    this.link(record.linkId, channelId, record.id)
    for (const memberId of this.world.chats.channelMemberIds(channelId)) {
      const dialog = this.world.dialogs.ensure(memberId, record.peer)
      dialog.topMessage = record.id
      dialog.topDate = date
      if (memberId === input.senderId) dialog.readInboxMaxId = Math.max(dialog.readInboxMaxId, record.id)
    }
    const updates =
      input.publish === false
        ? []
        : [
            this.world.updates.publishForChannel(
              channelId,
              { _: 'updateNewChannelMessage', message: this.world.viewAs(input.senderId).message(record), pts: 0, pts_count: 0 },
              { ptsCount: 1, peers: this.peersOf(record), origin: input.origin },
            ),
          ]
    return { duplicate: false, message: record, copies: new Map([[channelId, record]]), updates }
  }

  /** Edits every copy of a message; the edit date is set, and each box owner (or the channel) gets the edit. */
  edit(input: EditMessageInput): MessageChange | undefined {
    const target = this.get(input.editorId, input.peer, input.id)
    if (!target) return undefined
    const now = this.world.nowSeconds()
    const copies = new Map<bigint, MessageRecord>()
    for (const [ownerId, id] of this.state.links.get(target.linkId) ?? []) {
      const record = input.peer.kind === 'channel' ? this.inChannel(ownerId, id) : this.inAccountBox(ownerId, id)
      if (!record) continue
      if (input.text !== undefined) record.text = input.text
      if (input.entities !== undefined) record.entities = [...input.entities]
      if (input.media !== undefined) record.media = input.media
      record.editDate = now
      copies.set(ownerId, record)
    }
    const updates =
      input.peer.kind === 'channel'
        ? [
            this.world.updates.publishForChannel(
              input.peer.id,
              { _: 'updateEditChannelMessage', message: this.world.viewAs(input.editorId).message(target), pts: 0, pts_count: 0 },
              { ptsCount: 1, peers: this.peersOf(target), origin: input.origin },
            ),
          ]
        : [...copies].map(([ownerId, record]) =>
            this.world.updates.publishForAccount(
              ownerId,
              { _: 'updateEditMessage', message: this.world.viewAs(ownerId).message(record), pts: 0, pts_count: 0 },
              { ptsCount: 1, peers: this.peersOf(record), origin: ownerId === input.editorId ? input.origin : undefined },
            ),
          )
    return { message: target, copies, updates }
  }

  /**
   * messages.deleteMessages: removes ids from the account's box; with `revoke`, also the other copies (for
   * everyone). Ids that do not exist are skipped, as Telegram does.
   */
  deleteMessages(input: { accountId: bigint; ids: readonly number[]; revoke: boolean; origin?: UpdateOrigin }): DeleteResult {
    const box = this.accountBox(input.accountId)
    const removedByOwner = new Map<bigint, number[]>()
    for (const id of input.ids) {
      const record = box.messages.get(id)
      if (!record) continue
      const targets: Array<[bigint, number]> = input.revoke ? (this.state.links.get(record.linkId) ?? []) : [[input.accountId, id]]
      for (const [ownerId, copyId] of targets) {
        if (!this.removeFromAccountBox(ownerId, copyId)) continue
        let removed = removedByOwner.get(ownerId)
        if (!removed) removedByOwner.set(ownerId, (removed = []))
        removed.push(copyId)
      }
      this.unlink(record.linkId, targets)
    }
    const owners = [input.accountId, ...[...removedByOwner.keys()].filter((id) => id !== input.accountId)]
    const updates = owners
      .filter((ownerId) => removedByOwner.has(ownerId))
      .map((ownerId) => {
        const ids = removedByOwner.get(ownerId)!
        return this.world.updates.publishForAccount(
          ownerId,
          { _: 'updateDeleteMessages', messages: ids, pts: 0, pts_count: 0 },
          { ptsCount: ids.length, origin: ownerId === input.accountId ? input.origin : undefined },
        )
      })
    return { deleted: removedByOwner.get(input.accountId) ?? [], updates }
  }

  /** channels.deleteMessages: removes the ids from the channel's box for every member. */
  deleteChannelMessages(input: { channelId: bigint; ids: readonly number[]; origin?: UpdateOrigin }): DeleteResult {
    const box = this.channelBox(input.channelId)
    const deleted: number[] = []
    for (const id of input.ids) {
      const record = box.messages.get(id)
      if (!record) continue
      this.remove(box, record)
      this.unlink(record.linkId, [[input.channelId, id]])
      deleted.push(id)
    }
    for (const memberId of this.world.chats.channelMemberIds(input.channelId)) this.refreshTop(memberId, channelPeer(input.channelId))
    const updates =
      deleted.length === 0
        ? []
        : [
            this.world.updates.publishForChannel(
              input.channelId,
              { _: 'updateDeleteChannelMessages', channel_id: input.channelId, messages: deleted, pts: 0, pts_count: 0 },
              { ptsCount: deleted.length, origin: input.origin },
            ),
          ]
    return { deleted, updates }
  }

  /**
   * messages.readHistory / channels.readHistory: moves the reader's inbox position to `maxId` (0 = everything)
   * and tells the authors of newly read messages that their outbox was read.
   */
  readHistory(input: { accountId: bigint; peer: PeerRef; maxId: number; origin?: UpdateOrigin }): ReadResult {
    const { accountId, peer } = input
    const dialog = this.world.dialogs.ensure(accountId, peer)
    const history = this.history(accountId, peer)
    const top = history.at(-1)?.id ?? 0
    const maxId = Math.min(input.maxId <= 0 ? top : input.maxId, top)
    const newlyRead = history.filter((m) => m.id > dialog.readInboxMaxId && m.id <= maxId && !this.isOutgoing(accountId, m))
    dialog.unreadMark = false
    if (maxId <= dialog.readInboxMaxId) return { dialog, stillUnread: this.unreadCount(accountId, dialog), updates: [] }
    dialog.readInboxMaxId = maxId
    for (const message of newlyRead) if (message.mentioned) message.mediaUnread = false
    const stillUnread = this.unreadCount(accountId, dialog)
    const updates: PublishedUpdate[] = []
    const tlPeer = this.world.viewAs(accountId).peer(peer)
    if (peer.kind === 'channel') {
      updates.push(
        this.world.updates.publishForAccount(
          accountId,
          { _: 'updateReadChannelInbox', folder_id: dialog.folderId || undefined, channel_id: peer.id, max_id: maxId, still_unread_count: stillUnread, pts: this.world.updates.channelPts(peer.id) },
          { origin: input.origin },
        ),
      )
      // Supergroup authors learn that their messages were read (broadcast posts have no read receipts).
      const authors = new Set(newlyRead.filter((m) => !m.post && m.fromId !== undefined).map((m) => m.fromId!))
      for (const authorId of authors) {
        const authorDialog = this.world.dialogs.ensure(authorId, peer)
        const readUpTo = Math.max(...newlyRead.filter((m) => m.fromId === authorId).map((m) => m.id))
        if (readUpTo <= authorDialog.readOutboxMaxId) continue
        authorDialog.readOutboxMaxId = readUpTo
        updates.push(this.world.updates.publishForAccount(authorId, { _: 'updateReadChannelOutbox', channel_id: peer.id, max_id: readUpTo }))
      }
      return { dialog, stillUnread, updates }
    }
    updates.push(
      this.world.updates.publishForAccount(
        accountId,
        { _: 'updateReadHistoryInbox', folder_id: dialog.folderId || undefined, peer: tlPeer, max_id: maxId, still_unread_count: stillUnread, pts: 0, pts_count: 0 },
        { ptsCount: 1, peers: [peer], origin: input.origin },
      ),
    )
    // Each author's copies of what was read: their outbox position moves to the highest of them.
    const readByAuthor = new Map<bigint, number>()
    for (const message of newlyRead) {
      const authorId = message.fromId
      if (authorId === undefined || authorId === accountId) continue
      const copyId = this.copyIdIn(message.linkId, authorId)
      if (copyId !== undefined) readByAuthor.set(authorId, Math.max(readByAuthor.get(authorId) ?? 0, copyId))
    }
    for (const [authorId, readUpTo] of readByAuthor) {
      const authorPeer = peer.kind === 'user' ? userPeer(accountId) : peer
      const authorDialog = this.world.dialogs.ensure(authorId, authorPeer)
      if (readUpTo <= authorDialog.readOutboxMaxId) continue
      authorDialog.readOutboxMaxId = readUpTo
      updates.push(
        this.world.updates.publishForAccount(
          authorId,
          { _: 'updateReadHistoryOutbox', peer: this.world.viewAs(authorId).peer(authorPeer), max_id: readUpTo, pts: 0, pts_count: 0 },
          { ptsCount: 1, peers: [authorPeer] },
        ),
      )
    }
    return { dialog, stillUnread, updates }
  }

  /** The id of a logical message's copy in an owner's box (an account, or a channel). */
  copyIdIn(linkId: number, ownerId: bigint): number | undefined {
    return this.state.links.get(linkId)?.find(([owner]) => owner === ownerId)?.[1]
  }

  /** Users and chats a message refers to, for the users/chats lists sent with it. */
  peersOf(record: MessageRecord): PeerRef[] {
    const peers: PeerRef[] = [record.peer]
    if (record.fromId !== undefined && !record.post) peers.push(userPeer(record.fromId))
    const fwd = record.fwdFrom?.from_id
    if (fwd) peers.push(fwd._ === 'peerUser' ? userPeer(fwd.user_id) : fwd._ === 'peerChat' ? chatPeer(fwd.chat_id) : channelPeer(fwd.channel_id))
    for (const entity of record.entities) if (entity._ === 'messageEntityMentionName') peers.push(userPeer(entity.user_id))
    const action = record.action as Partial<TlConstructors['messageActionChatAddUser']> | undefined
    for (const userId of action?.users ?? []) peers.push(userPeer(userId))
    return peers
  }

  private mentions(ownerId: bigint, input: SendMessageInput, replied: MessageRecord | undefined): boolean {
    if (replied && replied.fromId === ownerId) return true
    const username = this.world.accounts.get(ownerId)?.username?.toLowerCase()
    return (input.entities ?? []).some(
      (entity) =>
        (entity._ === 'messageEntityMentionName' && entity.user_id === ownerId) ||
        (entity._ === 'messageEntityMention' &&
          username !== undefined &&
          input.text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === username),
    )
  }

  private insert(box: MessageBox, record: MessageRecord): void {
    box.messages.set(record.id, record)
    const key = peerKey(record.peer)
    let ids = box.byPeer.get(key)
    if (!ids) box.byPeer.set(key, (ids = []))
    ids.push(record.id)
  }

  private remove(box: MessageBox, record: MessageRecord): void {
    box.messages.delete(record.id)
    const key = peerKey(record.peer)
    const ids = box.byPeer.get(key)
    if (ids) box.byPeer.set(key, ids.filter((id) => id !== record.id))
    box.deletedIds.push(record.id)
    if (box.deletedIds.length > DELETED_IDS_KEPT) box.deletedIds.splice(0, box.deletedIds.length - DELETED_IDS_KEPT)
  }

  private removeFromAccountBox(ownerId: bigint, id: number): boolean {
    const box = this.state.accountBoxes.get(ownerId)
    const record = box?.messages.get(id)
    if (!box || !record) return false
    this.remove(box, record)
    this.refreshTop(ownerId, record.peer)
    return true
  }

  /** After a deletion: the dialog's top message is the newest one left. */
  private refreshTop(ownerId: bigint, peer: PeerRef): void {
    const dialog = this.world.dialogs.get(ownerId, peer)
    if (!dialog) return
    const last = this.history(ownerId, peer).at(-1)
    dialog.topMessage = last?.id ?? 0
    dialog.topDate = last?.date ?? 0
  }

  private link(linkId: number, ownerId: bigint, id: number): void {
    let copies = this.state.links.get(linkId)
    if (!copies) this.state.links.set(linkId, (copies = []))
    copies.push([ownerId, id])
  }

  private unlink(linkId: number, removed: ReadonlyArray<readonly [bigint, number]>): void {
    const left = (this.state.links.get(linkId) ?? []).filter(([owner, id]) => !removed.some(([o, i]) => o === owner && i === id))
    if (left.length === 0) this.state.links.delete(linkId)
    else this.state.links.set(linkId, left)
  }
}
