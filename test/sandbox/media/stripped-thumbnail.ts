// Stripped thumbnails (photoStrippedSize, type "i"): a tiny JPEG at quality 20 with everything up to and including
// the SOS header removed, and the EOI too. Clients put back a fixed header (Telegram's quality-20 tables, standard
// Huffman tables, 4:2:0) and patch in the height and width, so the body must have been coded with exactly those.
import { encodeJpeg } from './jpeg/encoder'
import { downscale, fitInBox, type RgbImage } from './image'

/** Telegram's stripped previews fit in 40x40; the format stores each dimension in one byte. */
export const STRIPPED_BOX = 40
/** The quality whose tables the clients' fixed header carries. */
export const STRIPPED_QUALITY = 20
/** The first byte of the stripped format: version 1. */
const STRIPPED_VERSION = 1

/** Encodes `image`, shrunk to fit the stripped box, in the stripped format. */
export function encodeStrippedThumbnail(image: RgbImage): Uint8Array {
  const size = fitInBox(image.width, image.height, STRIPPED_BOX)
  const jpeg = encodeJpeg(downscale(image, size.width, size.height), STRIPPED_QUALITY)
  const body = jpeg.subarray(scanStart(jpeg), jpeg.length - 2)
  const stripped = new Uint8Array(3 + body.length)
  stripped[0] = STRIPPED_VERSION
  stripped[1] = size.height
  stripped[2] = size.width
  stripped.set(body, 3)
  return stripped
}

/** The offset of the first entropy-coded byte: just past the SOS segment. */
function scanStart(jpeg: Uint8Array): number {
  let offset = 2
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) break
    const marker = jpeg[offset + 1]!
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!
    offset += 2 + length
    if (marker === 0xda) return offset
  }
  throw new Error('the JPEG has no SOS segment')
}
