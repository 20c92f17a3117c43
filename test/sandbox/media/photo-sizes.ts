// The renditions Telegram keeps of a picture, by size letter and the square box each fits in
// (core.telegram.org/api/files, "Image thumbnail types"). Every rendition is a real JPEG scaled from the source.
import { encodeJpeg } from './jpeg/encoder'
import { downscale, fitInBox, type RgbImage } from './image'
import type { PhotoSizeRecord } from './records'
import { encodeStrippedThumbnail } from './stripped-thumbnail'

interface SizeBox {
  readonly type: string
  readonly box: number
}

/** Photos sent in chats: "box" sizes, up to 2560 px. */
const PHOTO_BOXES: readonly SizeBox[] = [
  { type: 's', box: 100 },
  { type: 'm', box: 320 },
  { type: 'x', box: 800 },
  { type: 'y', box: 1280 },
  { type: 'w', box: 2560 },
]

/** Profile pictures: square crops of 160, 320 and 640. */
const PROFILE_BOXES: readonly SizeBox[] = [
  { type: 'a', box: 160 },
  { type: 'b', box: 320 },
  { type: 'c', box: 640 },
]

/** A document's preview, like the one Telegram makes for videos and images sent as files. */
const THUMB_BOXES: readonly SizeBox[] = [{ type: 'm', box: 320 }]

export type RenditionKind = 'photo' | 'profile' | 'thumb'

/** The JPEG quality of the renditions; Telegram's look similar. */
const RENDITION_QUALITY = 87

export interface Renditions {
  readonly sizes: PhotoSizeRecord[]
  readonly stripped: Uint8Array
}

/**
 * Every box the picture reaches, plus the first box that holds it whole: a 800x600 photo gets s, m and x; a
 * 2000x1500 one gets s, m, x, y and w.
 */
export function makeRenditions(image: RgbImage, kind: RenditionKind): Renditions {
  const source = kind === 'profile' ? cropSquare(image) : image
  const boxes = kind === 'photo' ? PHOTO_BOXES : kind === 'profile' ? PROFILE_BOXES : THUMB_BOXES
  const longest = Math.max(source.width, source.height)
  const sizes: PhotoSizeRecord[] = []
  for (const { type, box } of boxes) {
    const size = fitInBox(source.width, source.height, box)
    sizes.push({ type, w: size.width, h: size.height, bytes: encodeJpeg(downscale(source, size.width, size.height), RENDITION_QUALITY) })
    if (longest <= box) break
  }
  return { sizes, stripped: encodeStrippedThumbnail(source) }
}

/** The centred square of a picture, as profile photos are. */
function cropSquare(image: RgbImage): RgbImage {
  const side = Math.min(image.width, image.height)
  if (image.width === image.height) return image
  const left = Math.floor((image.width - side) / 2)
  const top = Math.floor((image.height - side) / 2)
  const pixels = new Uint8Array(side * side * 3)
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * image.width + left) * 3
    pixels.set(image.pixels.subarray(from, from + side * 3), y * side * 3)
  }
  return { width: side, height: side, pixels }
}
