// The media side of the sandbox, one per world: the file store on the media DC and the uploaded parts.
// S2's sendMedia, S1's seeds and api/upload.ts reach it through mediaOf(world).
import type { World } from '../world'
import { MediaStore } from './store'
import { UploadStore } from './uploads'

export interface Media {
  readonly store: MediaStore
  readonly uploads: UploadStore
}

/** The DC files live on when a world has it; otherwise the first DC. */
export const DEFAULT_MEDIA_DC = 2

// The records live in world.state.media (persisted with the world); the store and the uploaded parts (which,
// like Telegram's, do not outlive a restart) are made on first use.
const mediaByWorld = new WeakMap<World, Media>()
const mediaDcByWorld = new WeakMap<World, number>()

/**
 * The world's media. The first call also tells the world's views where photos live (world.photos), so
 * startSandbox should call it once, before serving, for restored worlds too.
 */
export function mediaOf(world: World): Media {
  let media = mediaByWorld.get(world)
  if (!media) {
    const now = () => world.clock.nowSeconds()
    const store = new MediaStore(world.state.media, () => mediaDcOf(world), now)
    media = { store, uploads: new UploadStore(now) }
    mediaByWorld.set(world, media)
    world.photos = {
      dcOf: (photoId) => store.photo(photoId)?.dcId ?? store.dcId,
      strippedThumb: (photoId) => store.photo(photoId)?.stripped,
    }
  }
  return media
}

/** Moves the media DC (before media is stored: records keep the DC they were stored on). */
export function setMediaDc(world: World, dcId: number): void {
  mediaDcByWorld.set(world, dcId)
}

export function mediaDcOf(world: World): number {
  const configured = mediaDcByWorld.get(world)
  if (configured !== undefined) return configured
  if (world.dcs.some((dc) => dc.id === DEFAULT_MEDIA_DC)) return DEFAULT_MEDIA_DC
  return world.dcs[0]?.id ?? 1
}
