// Invite links of basic groups and channels (t.me/+HASH): who made each, how often it was used, whether it
// still works. messages.exportChatInvite makes them, checkChatInvite and importChatInvite read them.
import { randomBytes } from 'node:crypto'
import type { PeerRef } from './peers'

export interface InviteRecord {
  readonly hash: string
  /** The group or channel it admits to. */
  readonly peer: PeerRef
  readonly adminId: bigint
  readonly date: number
  readonly title: string | undefined
  /** Joins through it. */
  usage: number
  revoked: boolean
}

export interface InviteStoreState {
  byHash: Map<string, InviteRecord>
}

export function emptyInviteStoreState(): InviteStoreState {
  return { byHash: new Map() }
}

export class InviteStore {
  constructor(
    readonly state: InviteStoreState,
    private readonly nowSeconds: () => number,
  ) {}

  create(input: { peer: PeerRef; adminId: bigint; title?: string }): InviteRecord {
    // Telegram's hashes are URL-safe base64 of random bytes; 12 bytes give the familiar 16 characters.
    const hash = randomBytes(12).toString('base64url')
    const invite: InviteRecord = { hash, peer: input.peer, adminId: input.adminId, date: this.nowSeconds(), title: input.title, usage: 0, revoked: false }
    this.state.byHash.set(hash, invite)
    return invite
  }

  /** A link that still admits, or undefined (unknown or revoked). */
  usable(hash: string): InviteRecord | undefined {
    const invite = this.state.byHash.get(hash)
    return invite && !invite.revoked ? invite : undefined
  }
}
