// photos.getUserPhotos: a user's profile photos, the current one first, from the media store (S3).
import type { TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import { mediaOf } from '../media'
import type { PhotoRecord } from '../media/records'
import { photoToTl } from '../media/tl'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import type { World } from '../world'
import { callerOf } from './messages/caller'
import { DEFAULT_LIMIT, MAX_LIMIT } from './messages/window'

/**
 * The account's profile photos, newest first: the ids the account record lists, then any the media store holds
 * for it besides (photos set through the media module only).
 */
export function profilePhotosOf(world: World, userId: bigint): PhotoRecord[] {
  const { store } = mediaOf(world)
  const listed = (world.accounts.get(userId)?.photoIds ?? []).flatMap((id) => store.photo(id) ?? [])
  const stored = store.profilePhotos(`user:${userId}`).filter((photo) => !listed.some((known) => known.id === photo.id))
  return [...listed, ...stored]
}

function getUserPhotos(request: TlMethods['photos.getUserPhotos'], context: CallContext): TlTypes['photos.Photos'] {
  const caller = callerOf(context)
  const userId = caller.inputs.user(request.user_id)
  if (request.max_id < 0n) throw RpcError.badRequest('MAX_ID_INVALID')
  const all = profilePhotosOf(context.world, userId)
  // max_id names a photo: only those after it in the list (older ones) are returned, then offset skips more.
  const afterMax = request.max_id > 0n ? all.slice(all.findIndex((photo) => photo.id === request.max_id) + 1) : all
  const limit = request.limit > 0 ? Math.min(request.limit, MAX_LIMIT) : DEFAULT_LIMIT
  const photos = afterMax.slice(Math.max(request.offset, 0), Math.max(request.offset, 0) + limit).map(photoToTl)
  const users = [caller.view.user(userId)]
  if (photos.length === all.length) return { _: 'photos.photos', photos, users }
  return { _: 'photos.photosSlice', count: all.length, photos, users }
}

export const photosMethods = {
  'photos.getUserPhotos': getUserPhotos,
}
