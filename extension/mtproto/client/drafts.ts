/**
 * Drafts, after Telethon's iter_drafts and custom Draft: the unsent text of each dialog, shared by every
 * session of the account. A Draft knows its dialog and can be changed, sent or deleted; the server tells
 * the account's other sessions (updateDraftMessage).
 *
 *   for await (const draft of client.iterDrafts()) console.log(draft.peer, draft.text)
 *   const [draft] = await client.getDrafts(['@grace'])
 *   await draft.setMessage('**see** you at 5', { replyTo: 42 })
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { getPeerId } from '../entities/peer-id'
import { toHtml } from '../text/html-format'
import { toMarkdown } from '../text/markdown-format'
import { entityMap, type Entity, type Message } from './message'
import { formatText, type ParseMode } from './messages'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

export interface SetDraftOptions {
  parseMode?: ParseMode
  entities?: TlTypes['MessageEntity'][]
  /** The message the draft answers. */
  replyTo?: number
  /** Show a preview of the first link when sent (default true). */
  linkPreview?: boolean
}

export class Draft {
  constructor(
    /** The dialog the draft belongs to. */
    readonly peer: TlTypes['Peer'],
    /** The user, group or channel, when the answer carried it. */
    readonly entity: Entity | undefined,
    readonly raw: TlTypes['DraftMessage'],
    private readonly client: TelegramClient,
  ) {}

  /** The marked id of the dialog. */
  get chatId(): bigint {
    return getPeerId(this.peer)
  }

  private get saved(): TlConstructors['draftMessage'] | undefined {
    return this.raw._ === 'draftMessage' ? this.raw : undefined
  }

  /** The text without formatting. */
  get rawText(): string {
    return this.saved?.message ?? ''
  }

  get entities(): TlTypes['MessageEntity'][] {
    return this.saved?.entities ?? []
  }

  /** The text with its formatting as markdown, the way sendMessage reads it back. */
  get text(): string {
    return toMarkdown(this.rawText, this.entities)
  }

  get html(): string {
    return toHtml(this.rawText, this.entities)
  }

  get date(): Date | undefined {
    return this.raw.date === undefined ? undefined : new Date(this.raw.date * 1000)
  }

  get replyToMessageId(): number | undefined {
    const replyTo = this.saved?.reply_to
    return replyTo?._ === 'inputReplyToMessage' ? replyTo.reply_to_msg_id : undefined
  }

  get linkPreview(): boolean {
    return !this.saved?.no_webpage
  }

  /** No text and no reply: there is nothing to send. */
  get isEmpty(): boolean {
    return this.rawText === '' && this.replyToMessageId === undefined
  }

  /** Replaces the draft (markdown unless told otherwise); resolves with the draft as saved. */
  setMessage(text: string, options: SetDraftOptions = {}): Promise<Draft> {
    return this.client.saveDraft(this.peer, text, options)
  }

  /** Sends the draft as a message and clears it. */
  async send(options: { silent?: boolean } = {}): Promise<Message> {
    if (this.isEmpty) throw new Error('the draft is empty: there is nothing to send')
    return this.client.sendMessage(this.peer, this.rawText, {
      entities: this.entities,
      clearDraft: true,
      ...(this.replyToMessageId !== undefined ? { replyTo: this.replyToMessageId } : {}),
      ...(this.linkPreview ? {} : { linkPreview: false }),
      ...(options.silent ? { silent: true } : {}),
    })
  }

  /** Clears the draft. */
  async delete(): Promise<void> {
    await this.client.saveDraft(this.peer, '')
  }

  toJSON(): unknown {
    return { peer: this.peer, draft: this.raw }
  }
}

export const draftMethods = {
  /**
   * The drafts of every dialog that has one (newest first), or of the dialogs named in `peers`, each
   * given back even when empty so it can be set.
   */
  iterDrafts(this: TelegramClient, peers?: readonly EntityLike[]): AsyncIterable<Draft> {
    const client = this
    return {
      async *[Symbol.asyncIterator]() {
        if (peers === undefined) {
          const answer = await client.call({ _: 'messages.getAllDrafts' })
          const related = 'users' in answer ? entityMap(answer) : new Map<bigint, Entity>()
          for (const update of 'updates' in answer ? answer.updates : []) {
            if (update._ === 'updateDraftMessage') yield new Draft(update.peer, related.get(getPeerId(update.peer)), update.draft, client)
          }
          return
        }
        const inputs = await Promise.all(peers.map((peer) => client.resolvePeer(peer)))
        const answer = await client.call({ _: 'messages.getPeerDialogs', peers: inputs.map((peer) => ({ _: 'inputDialogPeer', peer })) })
        const related = entityMap(answer)
        for (const dialog of answer.dialogs) {
          if (dialog._ !== 'dialog') continue
          yield new Draft(dialog.peer, related.get(getPeerId(dialog.peer)), dialog.draft ?? { _: 'draftMessageEmpty' }, client)
        }
      },
    }
  },

  async getDrafts(this: TelegramClient, peers?: readonly EntityLike[]): Promise<Draft[]> {
    const drafts: Draft[] = []
    for await (const draft of this.iterDrafts(peers)) drafts.push(draft)
    return drafts
  },

  /** Saves the draft of a dialog ('' clears it); resolves with the draft as it now is. */
  async saveDraft(this: TelegramClient, peer: EntityLike, text: string, options: SetDraftOptions = {}): Promise<Draft> {
    const input = await this.resolvePeer(peer)
    const formatted = await formatText(this, text, options)
    await this.call({
      _: 'messages.saveDraft',
      peer: input,
      message: formatted.text,
      ...(formatted.entities.length > 0 ? { entities: formatted.entities } : {}),
      ...(options.replyTo !== undefined ? { reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: options.replyTo } } : {}),
      ...(options.linkPreview === false ? { no_webpage: true } : {}),
    })
    const [draft] = await this.getDrafts([input])
    if (!draft) throw new Error('messages.getPeerDialogs did not return the dialog of the draft')
    return draft
  },
}
