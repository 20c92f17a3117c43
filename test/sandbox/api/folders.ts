// folders.*: moving dialogs between the main list (folder 0) and the archive (folder 1). Each move is one pts
// step of updateFolderPeers for the account, so every session, and getDifference, learns it.
import type { TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import type { PeerRef } from '../world'
import { callerOf, requireReadable, updatesFor } from './messages/caller'

function editPeerFolders(request: TlMethods['folders.editPeerFolders'], context: CallContext): TlTypes['Updates'] {
  const caller = callerOf(context)
  if (request.folder_peers.length === 0) throw RpcError.badRequest('FOLDER_ID_INVALID')
  const moves: { peer: PeerRef; folderId: 0 | 1 }[] = request.folder_peers.map((entry) => {
    if (entry.folder_id !== 0 && entry.folder_id !== 1) throw RpcError.badRequest('FOLDER_ID_INVALID')
    const peer = caller.inputs.peer(entry.peer)
    requireReadable(caller, peer)
    return { peer, folderId: entry.folder_id }
  })
  const { world } = context
  for (const { peer, folderId } of moves) {
    const dialog = world.dialogs.get(caller.accountId, peer)
    if (!dialog) throw RpcError.badRequest('PEER_ID_INVALID')
    // A dialog takes its pin along only within a folder: moving it unpins it.
    if (dialog.folderId !== folderId) dialog.pinnedRank = undefined
    dialog.folderId = folderId
  }
  const folderPeers = moves.map(({ peer, folderId }) => ({ _: 'folderPeer', peer: caller.view.peer(peer), folder_id: folderId }) as const)
  const published = world.updates.publishForAccount(
    caller.accountId,
    { _: 'updateFolderPeers', folder_peers: folderPeers, pts: 0, pts_count: 0 },
    { ptsCount: 1, peers: moves.map((move) => move.peer), origin: caller.origin },
  )
  return updatesFor(caller, [published])
}

export const foldersMethods = {
  'folders.editPeerFolders': editPeerFolders,
}
