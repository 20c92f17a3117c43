// updates.*: the state a client starts from, and what it missed since (updates/difference.ts builds the answers).
import type { TlMethods } from '../../../schema/codec/generated/types'
import type { CallContext, MethodModule } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { accountDifference, accountState, channelDifference } from '../updates/difference'
import { requireAccount } from '../world'

function getState(_request: TlMethods['updates.getState'], context: CallContext) {
  const { account } = requireAccount(context)
  return accountState(context.world, account.id)
}

function getDifference(request: TlMethods['updates.getDifference'], context: CallContext) {
  const { account } = requireAccount(context)
  checkPts(request.pts, context.world.updates.accountState(account.id).pts)
  return accountDifference(context.world, account.id, {
    pts: request.pts,
    ptsLimit: request.pts_limit,
    ptsTotalLimit: request.pts_total_limit,
  })
}

function getChannelDifference(request: TlMethods['updates.getChannelDifference'], context: CallContext) {
  const { account } = requireAccount(context)
  const { world } = context
  const channelId = world.inputsOf(account.id).channel(request.channel)
  const channel = world.chats.channel(channelId)!
  // Members read their channels; anyone may follow a public one; a banned user or an outsider of a private
  // channel may not.
  const member = world.chats.isChannelMember(channelId, account.id)
  if (channel.kickedIds.includes(account.id) || (!member && channel.username === undefined)) throw new RpcError(406, 'CHANNEL_PRIVATE')
  checkPts(request.pts, world.updates.channelPts(channelId))
  const ranges = request.filter._ === 'channelMessagesFilter' ? request.filter.ranges : undefined
  if (ranges && (ranges.length === 0 || ranges.some((range) => range.min_id > range.max_id))) throw RpcError.badRequest('RANGES_INVALID')
  return channelDifference(world, account.id, { channelId, pts: request.pts, limit: request.limit, ranges })
}

/** A pts the server never gave out: none at all, or one ahead of the box. */
function checkPts(pts: number, current: number): void {
  if (pts <= 0) throw RpcError.badRequest('PERSISTENT_TIMESTAMP_EMPTY')
  if (pts > current) throw RpcError.badRequest('PERSISTENT_TIMESTAMP_INVALID')
}

export const updatesMethods: MethodModule = {
  'updates.getState': getState,
  'updates.getDifference': getDifference,
  'updates.getChannelDifference': getChannelDifference,
}
