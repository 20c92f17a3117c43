// Pushes published updates to the sessions signed in to the accounts they concern. Updates published while one
// request runs are gathered and sent together once it is over (one `updates`/`updatesCombined`, or a short form
// for a lone one), after the request's own answer. The session that caused an update gets it in that answer
// instead, so it is skipped here.
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { FaultSwitches } from '../control/faults'
import type { AuthKeyRecord } from '../session/auth-keys'
import { encodeObject } from '../tl'
import type { PeerRef } from '../world/peers'
import type { PublishedUpdate, UpdateHub, UpdateOrigin } from '../world/updates'
import type { WorldView } from '../world/view'
import type { LiveSession, LiveSessions, PushRoute } from './live-sessions'
import { pushForm } from './push-forms'

export interface PusherDeps {
  readonly updates: UpdateHub
  readonly live: LiveSessions
  readonly faults: Pick<FaultSwitches, 'isSwallowing'>
  /** The account an auth key is signed in to. */
  accountOf(authKey: AuthKeyRecord): bigint | undefined
  channelMemberIds(channelId: bigint): readonly bigint[]
  viewAs(accountId: bigint): WorldView
  nowSeconds(): number
}

/** Who receives a pending update: the sessions of an account, or of one auth key not signed in yet. */
type Recipient = `account:${bigint}` | `key:${number}:${bigint}`

/** One update as its recipient will receive it. */
interface PendingUpdate {
  readonly to: Recipient
  readonly update: TlTypes['Update']
  readonly seq: number
  readonly peers: readonly PeerRef[]
  readonly origin: UpdateOrigin | undefined
}

export class UpdatePusher {
  private pending: PendingUpdate[] = []
  private readonly unsubscribe: () => void

  constructor(private readonly deps: PusherDeps) {
    this.unsubscribe = deps.updates.subscribe((event) => this.onPublished(event))
  }

  /** Stops listening to the hub; pending updates are dropped. */
  dispose(): void {
    this.unsubscribe()
    this.pending = []
  }

  private onPublished(event: PublishedUpdate): void {
    const { target } = event
    switch (target.kind) {
      case 'account':
        return this.enqueue({ to: `account:${target.accountId}`, ...pendingFields(event) })
      case 'authKey':
        return this.enqueue({ to: `key:${target.dcId}:${target.authKeyId}`, ...pendingFields(event) })
      case 'channel':
        // A channel update goes to every member, with `out` as each of them sees it.
        for (const memberId of this.deps.channelMemberIds(target.channelId)) {
          const update = this.deps.viewAs(memberId).channelUpdate(event.update)
          this.enqueue({ to: `account:${memberId}`, update, seq: 0, peers: event.peers, origin: event.origin })
        }
    }
  }

  private enqueue(pending: PendingUpdate): void {
    this.pending.push(pending)
    // setImmediate runs after the request's answer, which is sent from a promise continuation.
    if (this.pending.length === 1) setImmediate(() => this.flush())
  }

  private flush(): void {
    const pending = this.pending
    this.pending = []
    for (const live of this.deps.live.reachable()) {
      const accountId = this.deps.accountOf(live.authKey)
      const ownKey: Recipient = `key:${live.dcId}:${live.authKey.id}`
      // Swallowed: the updates happened (pts moved) but the account's sessions do not hear of them.
      const accountTo: Recipient | undefined =
        accountId === undefined || this.deps.faults.isSwallowing(accountId) ? undefined : `account:${accountId}`
      const updates = pending.filter((p) => (p.to === ownKey || p.to === accountTo) && !causedBy(p.origin, live))
      if (updates.length > 0) this.send(live.route, accountId, updates)
    }
  }

  private send(route: PushRoute, viewerId: bigint | undefined, updates: readonly PendingUpdate[]): void {
    const peers = updates.flatMap((p) => p.peers)
    const { users, chats } = viewerId === undefined || peers.length === 0 ? { users: [], chats: [] } : this.deps.viewAs(viewerId).entities(peers)
    const form = pushForm({
      updates: updates.map((p) => p.update),
      seqs: updates.map((p) => p.seq),
      users,
      chats,
      date: this.deps.nowSeconds(),
    })
    route.send(encodeObject(form))
  }
}

function pendingFields(event: PublishedUpdate): Pick<PendingUpdate, 'update' | 'seq' | 'peers' | 'origin'> {
  return { update: event.update, seq: event.seq, peers: event.peers, origin: event.origin }
}

/**
 * The session whose request caused the update: a whole auth key when the origin names no session. A temp key
 * bound to a permanent one may be named by either id.
 */
function causedBy(origin: UpdateOrigin | undefined, live: LiveSession): boolean {
  if (!origin || origin.dcId !== live.dcId) return false
  if (origin.authKeyId !== live.authKey.id && origin.authKeyId !== live.authKey.boundPermKeyId) return false
  return origin.sessionId === undefined || origin.sessionId === live.session.id
}
