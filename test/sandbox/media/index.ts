// The media side of the sandbox, one per world: the file store on the media DC and the uploaded parts.
// S2's sendMedia, S1's seeds and api/upload.ts reach it through mediaOf(world).
import type { World } from '../world'
import { emptyMediaState, type MediaState } from './records'
import { MediaStore } from './store'
import { UploadStore } from './uploads'

export interface Media {
  readonly store: MediaStore
  readonly uploads: UploadStore
}

/** The DC files live on when a world has it; otherwise the first DC. */
export const DEFAULT_MEDIA_DC = 2

// TODO(S1): move to world — the world model owns its stores; until it holds this one, it hangs off the world here.
const mediaByWorld = new WeakMap<World, Media>()
const mediaDcByWorld = new WeakMap<World, number>()

export function mediaOf(world: World, state: MediaState = emptyMediaState()): Media {
  let media = mediaByWorld.get(world)
  if (!media) {
    const now = () => world.clock.nowSeconds()
    media = { store: new MediaStore(state, () => mediaDcOf(world), now), uploads: new UploadStore(now) }
    mediaByWorld.set(world, media)
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
