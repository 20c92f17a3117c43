/**
 * The chat list: pinned dialogs first, then by last message, paged with the offsets of the last
 * dialog of each page (date, message id, peer), 100 at a time (the server's cap); and what can be done
 * to a dialog as a whole: moving it between folders, deleting it.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import { getInputChannel, getInputPeer } from '../entities/input-peers'
import { RpcError } from '../errors/rpc-error'
import { getPeerId } from '../entities/peer-id'
import { Dialog, ARCHIVE_FOLDER_ID } from './dialog'
import { clampPage } from './paging'
import { entityMap, Message, totalList, type TotalList } from './message'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

const DIALOGS_PAGE = 100

export interface IterDialogsOptions {
  /** How many dialogs at most (default: all). */
  limit?: number
  /** Only the archive (folder 1) instead of the main list. */
  archived?: boolean
  /** A chat folder by id; overrides `archived`. */
  folderId?: number
  /** Leave the pinned dialogs out. */
  ignorePinned?: boolean
  /** Start at dialogs whose last message is older than this. */
  offsetDate?: Date | number
  /** Dialogs per request (at most 100, the default). */
  pageSize?: number
}

export const dialogMethods = {
  /** The dialogs, fetched page by page as they are consumed. Every entity in them is cached. */
  iterDialogs(this: TelegramClient, options: IterDialogsOptions = {}): AsyncIterable<Dialog> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        for await (const page of dialogPages(client, options)) yield* page.dialogs
      },
    }
  },

  /**
   * Moves dialogs to a folder: 1 is the archive, 0 the main list. Telethon's edit_folder; Dialog.archive()
   * is the one-dialog form.
   */
  async editFolder(this: TelegramClient, peers: EntityLike | readonly EntityLike[], folderId: number): Promise<void> {
    const list = Array.isArray(peers) ? (peers as readonly EntityLike[]) : [peers as EntityLike]
    const inputs = await Promise.all(list.map((peer) => this.resolvePeer(peer)))
    await this.call({ _: 'folders.editPeerFolders', folder_peers: inputs.map((peer) => ({ _: 'inputFolderPeer', peer, folder_id: folderId })) })
  },

  /**
   * Removes a dialog from the list, the way each kind of chat allows: leaves a channel or supergroup, leaves a
   * basic group and deletes its history, deletes a private chat's history (for both sides with `revoke`).
   */
  async deleteDialog(this: TelegramClient, peer: EntityLike, options: { revoke?: boolean } = {}): Promise<void> {
    const input = await this.resolvePeer(peer)
    if (input._ === 'inputPeerChannel' || input._ === 'inputPeerChannelFromMessage') {
      await this.call({ _: 'channels.leaveChannel', channel: getInputChannel(input) })
      return
    }
    if (input._ === 'inputPeerChat') {
      try {
        await this.call({ _: 'messages.deleteChatUser', chat_id: input.chat_id, user_id: { _: 'inputUserSelf' } })
      } catch (error) {
        // Already out of the group: only the history is left to delete.
        if (!(error instanceof RpcError) || error.name !== 'USER_NOT_PARTICIPANT') throw error
      }
    }
    // The server may delete in steps, answering with the offset to continue from.
    for (;;) {
      const affected = await this.call({ _: 'messages.deleteHistory', peer: input, max_id: 0, ...(options.revoke ? { revoke: true } : {}) })
      if (affected.offset <= 0) break
    }
  },

  /** iterDialogs collected into a list, with the server's total count. */
  async getDialogs(this: TelegramClient, options: IterDialogsOptions = {}): Promise<TotalList<Dialog>> {
    const dialogs: Dialog[] = []
    let total = 0
    for await (const page of dialogPages(this, options)) {
      dialogs.push(...page.dialogs)
      total = page.total
    }
    return totalList(dialogs, Math.max(total, dialogs.length))
  },
}

async function* dialogPages(client: TelegramClient, options: IterDialogsOptions): AsyncGenerator<{ dialogs: Dialog[]; total: number }> {
  const folderId = options.folderId ?? (options.archived ? ARCHIVE_FOLDER_ID : undefined)
  let remaining = options.limit ?? Infinity
  const pageSize = clampPage(options.pageSize, DIALOGS_PAGE)
  let offset = {
    offset_date: options.offsetDate === undefined ? 0 : typeof options.offsetDate === 'number' ? options.offsetDate : Math.floor(options.offsetDate.getTime() / 1000),
    offset_id: 0,
    offset_peer: { _: 'inputPeerEmpty' } as TlTypes['InputPeer'],
  }
  // Pages may overlap when dialogs move while we read; each peer is yielded once.
  const seen = new Set<bigint>()
  const complete = options.limit === undefined && folderId === undefined && !options.ignorePinned && options.offsetDate === undefined
  while (remaining > 0) {
    const limit = Math.min(pageSize, remaining)
    const answer = await client.call({
      _: 'messages.getDialogs',
      ...offset,
      limit,
      hash: 0n,
      ...(folderId !== undefined ? { folder_id: folderId } : {}),
      ...(options.ignorePinned ? { exclude_pinned: true } : {}),
    })
    if (answer._ === 'messages.dialogsNotModified') return
    const related = entityMap(answer)
    const topMessages = new Map<string, Message>()
    for (const raw of answer.messages) {
      if (raw._ === 'messageEmpty') continue
      const message = new Message(raw, related, client)
      topMessages.set(`${message.chatId}:${message.id}`, message)
    }
    const dialogs: Dialog[] = []
    for (const raw of answer.dialogs) {
      if (raw._ !== 'dialog') continue
      const id = getPeerId(raw.peer)
      if (seen.has(id)) continue
      seen.add(id)
      dialogs.push(new Dialog(raw, related.get(id), topMessages.get(`${id}:${raw.top_message}`), client))
    }
    const total = answer._ === 'messages.dialogsSlice' ? answer.count : answer.dialogs.length
    const fresh = dialogs.slice(0, remaining)
    remaining -= fresh.length
    if (fresh.length > 0) yield { dialogs: fresh, total }
    const last = answer.dialogs.at(-1)
    if (answer._ === 'messages.dialogs' || answer.dialogs.length < limit || fresh.length === 0 || last?._ !== 'dialog') break
    const lastDialog = dialogs.at(-1)
    offset = {
      offset_date: lastDialog?.message?.raw.date ?? 0,
      offset_id: last.top_message,
      offset_peer: lastDialog?.entity ? safeInputPeer(lastDialog.entity) : { _: 'inputPeerEmpty' },
    }
  }
  // Every dialog has been seen: the last resort of peer resolution has nothing more to learn.
  if (complete && remaining > 0) client.dialogsListed = true
}

function safeInputPeer(entity: NonNullable<Dialog['entity']>): TlTypes['InputPeer'] {
  try {
    return getInputPeer(entity, { allowSelf: false })
  } catch {
    return { _: 'inputPeerEmpty' }
  }
}
