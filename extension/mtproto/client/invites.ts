/**
 * Invite links (t.me/+HASH and the older t.me/joinchat/HASH): making one for a group or channel you
 * administer, looking at where one leads, and joining through it. resolvePeer also takes these links, for
 * chats already joined.
 *
 *   const { link } = await client.exportChatInvite(-1001500000001n)
 *   const preview = await client.checkChatInvite(link)    // title, member count, or the chat if joined
 *   const chat = await client.joinChat(link)
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { InvalidPeerError } from '../entities/errors'
import { parsePeerReference } from '../entities/peer-reference'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

export interface ExportedInvite {
  link: string
  hash: string
  raw: TlConstructors['chatInviteExported']
}

export type InvitePreview =
  /** You are in the chat already. */
  | { joined: true; chat: TlTypes['Chat'] }
  /** What the link leads to, before joining. */
  | { joined: false; title: string; participantsCount: number; isChannel: boolean; isBroadcast: boolean; raw: TlConstructors['chatInvite'] }

export const inviteMethods = {
  /** A new invite link to a group or channel the signed-in account administers. */
  async exportChatInvite(this: TelegramClient, peer: EntityLike, options: { title?: string } = {}): Promise<ExportedInvite> {
    const invite = await this.call({ _: 'messages.exportChatInvite', peer: await this.resolvePeer(peer), ...(options.title !== undefined ? { title: options.title } : {}) })
    if (invite._ !== 'chatInviteExported') throw new Error(`messages.exportChatInvite answered ${invite._}`)
    return { link: invite.link, hash: inviteHash(invite.link), raw: invite }
  },

  /** Where an invite link (or its bare hash) leads, without joining. */
  async checkChatInvite(this: TelegramClient, link: string): Promise<InvitePreview> {
    const invite = await this.call({ _: 'messages.checkChatInvite', hash: inviteHash(link) })
    switch (invite._) {
      case 'chatInviteAlready':
      case 'chatInvitePeek':
        return { joined: true, chat: invite.chat }
      case 'chatInvite':
        return {
          joined: false,
          title: invite.title,
          participantsCount: invite.participants_count,
          isChannel: invite.channel ?? false,
          isBroadcast: invite.broadcast ?? false,
          raw: invite,
        }
    }
  },

  /** Joins the group or channel an invite link leads to; resolves with it. USER_ALREADY_PARTICIPANT when in it. */
  async joinChat(this: TelegramClient, link: string): Promise<TlTypes['Chat']> {
    const updates = await this.call({ _: 'messages.importChatInvite', hash: inviteHash(link) })
    const chat = 'chats' in updates ? updates.chats.find((c) => c._ === 'chat' || c._ === 'channel') : undefined
    if (!chat) throw new Error('messages.importChatInvite answered without the chat joined')
    return chat
  },
}

/** The hash of a t.me/+HASH or t.me/joinchat/HASH link; a bare hash is taken as it is. */
export function inviteHash(link: string): string {
  if (!/[/+]/.test(link)) return link
  const reference = parsePeerReference(link)
  if (reference?.kind !== 'invite') throw new InvalidPeerError(`${JSON.stringify(link)} is not an invite link (t.me/+HASH or t.me/joinchat/HASH)`)
  return reference.hash
}
