// upload.*: file parts in, file pieces out. Parts are held per auth key and DC until a method uses them
// (media/uploads.ts); files are served by the media DC only, and other DCs answer FILE_MIGRATE_X.
import type { TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import { checkRange, fileTypeOf, locateFile } from '../media/downloads'
import { mediaOf } from '../media'
import { callerOwnerKey, uploaderOf } from '../media/caller'
import type { PhotoRecord } from '../media/records'
import type { CallContext, MethodModule } from '../rpc/method-registry'
import { peerFromKey, type PeerKey } from '../world'
import { RpcError } from '../rpc/rpc-error'

function saveFilePart(request: TlMethods['upload.saveFilePart'], context: CallContext): boolean {
  mediaOf(context.world).uploads.saveSmallPart(uploaderOf(context), request.file_id, request.file_part, request.bytes)
  return true
}

function saveBigFilePart(request: TlMethods['upload.saveBigFilePart'], context: CallContext): boolean {
  const { uploads } = mediaOf(context.world)
  uploads.saveBigPart(uploaderOf(context), request.file_id, request.file_part, request.file_total_parts, request.bytes)
  return true
}

function getFile(request: TlMethods['upload.getFile'], context: CallContext): TlTypes['upload.File'] {
  const { store } = mediaOf(context.world)
  const file = locateFile(store, request.location, (peer, photoId) => profilePhotoOf(peer, photoId, context))
  if (file.dcId !== context.dcId) throw new RpcError(303, `FILE_MIGRATE_${file.dcId}`)
  checkRange(request.offset, request.limit, request.precise ?? false)
  const start = Math.min(Number(request.offset), file.bytes.length)
  const bytes = file.bytes.subarray(start, Math.min(start + request.limit, file.bytes.length))
  const whole = start === 0 && bytes.length === file.bytes.length
  return { _: 'upload.file', type: fileTypeOf(file, whole), mtime: file.date, bytes }
}

/**
 * A profile photo of the peer: one the media store set for it, or one the world's record of the peer lists
 * (photos set by other modules). Access hashes are the peers module's business, not checked here.
 */
function profilePhotoOf(peer: TlTypes['InputPeer'], photoId: bigint, context: CallContext): PhotoRecord | undefined {
  const owner = ownerKeyOf(peer, context)
  if (owner === undefined) return undefined
  const { store } = mediaOf(context.world)
  if (store.profilePhotos(owner).some((photo) => photo.id === photoId)) return store.photo(photoId)
  const { kind, id } = peerFromKey(owner as PeerKey)
  const world = context.world
  const listed =
    kind === 'user'
      ? world.accounts.get(id)?.photoIds.includes(photoId)
      : kind === 'chat'
        ? world.state.chats.groups.get(id)?.photoId === photoId
        : world.state.chats.channels.get(id)?.photoId === photoId
  return listed ? store.photo(photoId) : undefined
}

function ownerKeyOf(peer: TlTypes['InputPeer'], context: CallContext): string | undefined {
  switch (peer._) {
    case 'inputPeerSelf':
      return callerOwnerKey(context)
    case 'inputPeerUser':
    case 'inputPeerUserFromMessage':
      return `user:${peer.user_id}`
    case 'inputPeerChat':
      return `chat:${peer.chat_id}`
    case 'inputPeerChannel':
    case 'inputPeerChannelFromMessage':
      return `channel:${peer.channel_id}`
    case 'inputPeerEmpty':
      return undefined
  }
}

export const uploadMethods: MethodModule = {
  'upload.saveFilePart': saveFilePart,
  'upload.saveBigFilePart': saveBigFilePart,
  'upload.getFile': getFile,
}
