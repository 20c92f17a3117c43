// The signed-in account behind a call, with what every chat method needs from it: how it sees the world, how
// its input peers resolve, and the origin that keeps its own session from being pushed what its answer carries.
import type { TlConstructors, TlTypes } from '../../../../schema/codec/generated/types'
import type { CallContext } from '../../rpc/method-registry'
import { RpcError } from '../../rpc/rpc-error'
import { requireAccount, type InputPeers, type PeerRef, type PublishedUpdate, type UpdateOrigin, type WorldView } from '../../world'
import type { Account } from '../../world'

export interface Caller {
  readonly context: CallContext
  readonly account: Account
  readonly accountId: bigint
  readonly view: WorldView
  readonly inputs: InputPeers
  readonly origin: UpdateOrigin
}

export function callerOf(context: CallContext): Caller {
  const { account } = requireAccount(context)
  return {
    context,
    account,
    accountId: account.id,
    view: context.world.viewAs(account.id),
    inputs: context.world.inputsOf(account.id),
    origin: { dcId: context.dcId, authKeyId: context.authKey.boundPermKeyId ?? context.authKey.id, sessionId: context.session.id },
  }
}

/**
 * Whether the caller may read a peer's history: its own private chats always, basic groups it is in (or was,
 * when it left by itself), and channels it is in or that are public. CHANNEL_PRIVATE otherwise, as Telegram.
 */
export function requireReadable(caller: Caller, peer: PeerRef): void {
  const { chats } = caller.context.world
  if (peer.kind === 'chat') {
    const group = chats.group(peer.id)!
    const knows = chats.isGroupMember(peer.id, caller.accountId) || group.leftIds.includes(caller.accountId)
    if (!knows || group.kickedIds.includes(caller.accountId)) throw RpcError.badRequest('CHAT_ID_INVALID')
  }
  if (peer.kind === 'channel') {
    const channel = chats.channel(peer.id)!
    if (channel.kickedIds.includes(caller.accountId)) throw new RpcError(406, 'CHANNEL_PRIVATE')
    if (!chats.isChannelMember(peer.id, caller.accountId) && channel.username === undefined) throw new RpcError(406, 'CHANNEL_PRIVATE')
  }
}

/**
 * The `updates` a method answers with: the caller's share of what it published (its own account's updates
 * and the channel's), with the users and chats they mention, as this caller sees them.
 */
export function updatesFor(caller: Caller, published: readonly PublishedUpdate[], extra: readonly TlTypes['Update'][] = []): TlConstructors['updates'] {
  const mine = published.filter(
    (event) =>
      (event.target.kind === 'account' && event.target.accountId === caller.accountId) || event.target.kind === 'channel',
  )
  const updates = [...extra, ...mine.map((event) => (event.target.kind === 'channel' ? caller.view.channelUpdate(event.update) : event.update))]
  const { users, chats } = caller.view.entities(mine.flatMap((event) => event.peers))
  const seq = Math.max(0, ...mine.map((event) => event.seq))
  return { _: 'updates', updates, users, chats, date: caller.context.world.clock.nowSeconds(), seq }
}
