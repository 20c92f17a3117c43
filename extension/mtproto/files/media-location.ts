/**
 * From a photo or document to what a download needs: the InputFileLocation, the DC, the size, or
 * bytes already at hand (cached and stripped sizes travel inside the object itself).
 *
 * Photo sizes are ordered by how many bytes they hold: a stripped preview, then the cached one, then
 * the real renditions (s, m, x, y, ... and progressive ones, whose largest scan counts). The largest is
 * the default; `thumb` selects another by index into that order (negative counts from the end, as in
 * Python), by its type letter, or as the size object itself.
 */
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import { inflateStrippedThumbnail } from './stripped-thumbnail'

type PhotoSize = TlTypes['PhotoSize']

/** Which rendition of a photo, or which thumbnail of a document, to download. */
export type ThumbSelector = number | string | PhotoSize

/** Something that holds a photo or a document. */
export type DownloadableMedia = TlTypes['MessageMedia'] | TlTypes['Photo'] | TlTypes['Document']

export type MediaFile =
  | {
      readonly kind: 'remote'
      readonly location: TlTypes['InputFileLocation']
      readonly dcId: number
      readonly size: number | undefined
      readonly mimeType: string
      /** The document's own name, when it has one. */
      readonly fileName: string | undefined
    }
  | { readonly kind: 'inline'; readonly bytes: Uint8Array; readonly mimeType: string }

export class MediaNotDownloadableError extends TypeError {
  override readonly name = 'MediaNotDownloadableError'
}

export function locateMedia(media: DownloadableMedia, thumb?: ThumbSelector): MediaFile {
  switch (media._) {
    case 'messageMediaPhoto':
      if (media.photo?._ !== 'photo') throw new MediaNotDownloadableError('the message has no photo (it expired or was deleted)')
      return locatePhoto(media.photo, thumb)
    case 'messageMediaDocument':
      if (media.document?._ !== 'document') throw new MediaNotDownloadableError('the message has no document (it expired or was deleted)')
      return locateDocument(media.document, thumb)
    case 'photo':
      return locatePhoto(media, thumb)
    case 'document':
      return locateDocument(media, thumb)
    default:
      throw new MediaNotDownloadableError(`${media._} holds no file to download`)
  }
}

function locatePhoto(photo: TlConstructors['photo'], thumb: ThumbSelector | undefined): MediaFile {
  const size = selectSize(photo.sizes, thumb ?? -1)
  if (!size) throw new MediaNotDownloadableError(`photo ${photo.id} has no size matching ${describe(thumb)}`)
  return sizeFile(size, {
    _: 'inputPhotoFileLocation',
    id: photo.id,
    access_hash: photo.access_hash,
    file_reference: photo.file_reference,
    thumb_size: size.type,
  }, photo.dc_id)
}

function locateDocument(document: TlConstructors['document'], thumb: ThumbSelector | undefined): MediaFile {
  const location = { _: 'inputDocumentFileLocation', id: document.id, access_hash: document.access_hash, file_reference: document.file_reference } as const
  if (thumb === undefined) {
    const name = document.attributes.find((attribute) => attribute._ === 'documentAttributeFilename')
    return {
      kind: 'remote',
      location: { ...location, thumb_size: '' },
      dcId: document.dc_id,
      size: Number(document.size),
      mimeType: document.mime_type,
      fileName: name?._ === 'documentAttributeFilename' ? name.file_name : undefined,
    }
  }
  const size = selectSize(document.thumbs ?? [], thumb)
  if (!size) throw new MediaNotDownloadableError(`document ${document.id} has no thumbnail matching ${describe(thumb)}`)
  return sizeFile(size, { ...location, thumb_size: size.type }, document.dc_id)
}

function sizeFile(size: PhotoSize, location: TlTypes['InputFileLocation'], dcId: number): MediaFile {
  switch (size._) {
    case 'photoStrippedSize':
      return { kind: 'inline', bytes: inflateStrippedThumbnail(size.bytes), mimeType: 'image/jpeg' }
    case 'photoCachedSize':
      return { kind: 'inline', bytes: size.bytes, mimeType: 'image/jpeg' }
    case 'photoSize':
    case 'photoSizeProgressive':
      return { kind: 'remote', location, dcId, size: byteCount(size), mimeType: 'image/jpeg', fileName: undefined }
    default:
      throw new MediaNotDownloadableError(`${size._} is not a downloadable size`)
  }
}

/** The sizes that hold an image, smallest first. */
export function sortSizes(sizes: readonly PhotoSize[]): PhotoSize[] {
  return sizes.filter((size) => byteCount(size) !== undefined).sort((a, b) => byteCount(a)! - byteCount(b)!)
}

export function selectSize(sizes: readonly PhotoSize[], thumb: ThumbSelector): PhotoSize | undefined {
  const sorted = sortSizes(sizes)
  if (typeof thumb === 'number') return sorted.at(thumb)
  if (typeof thumb === 'string') return sorted.find((size) => size.type === thumb)
  return thumb
}

/** How many bytes a size holds; undefined for sizes that are no image (empty, SVG outline). */
function byteCount(size: PhotoSize): number | undefined {
  switch (size._) {
    case 'photoSize':
      return size.size
    case 'photoSizeProgressive':
      return Math.max(0, ...size.sizes)
    case 'photoCachedSize':
    case 'photoStrippedSize':
      return size.bytes.length
    default:
      return undefined
  }
}

function describe(thumb: ThumbSelector | undefined): string {
  return typeof thumb === 'object' ? `type "${thumb.type}"` : JSON.stringify(thumb ?? -1)
}
