// upload.getFile's side of the media DC: which bytes an InputFileLocation names, and Telegram's offset/limit rules
// (core.telegram.org/api/files, "Downloading files").
import type { TlTypes } from '../../../schema/codec/generated/types'
import { RpcError } from '../rpc/rpc-error'
import type { PhotoRecord } from './records'
import { checkFileReference, type MediaStore } from './store'

const KIB = 1024
const MIB = 1024 * 1024

export interface StoredFile {
  readonly bytes: Uint8Array
  readonly mimeType: string
  /** Unixtime the file was stored, upload.file's mtime. */
  readonly date: number
  readonly dcId: number
}

/**
 * Without `precise`: offset and limit divisible by 4 KiB, and 1 MiB divisible by limit. With it: both divisible
 * by 1 KiB and limit at most 1 MiB. Either way the range may not cross a 1 MiB boundary.
 */
export function checkRange(offset: bigint, limit: number, precise: boolean): void {
  const step = precise ? KIB : 4 * KIB
  if (offset < 0n || offset % BigInt(step) !== 0n) throw RpcError.badRequest('OFFSET_INVALID')
  if (limit <= 0 || limit > MIB || limit % step !== 0 || (!precise && MIB % limit !== 0)) {
    throw RpcError.badRequest('LIMIT_INVALID')
  }
  const mib = BigInt(MIB)
  if (offset / mib !== (offset + BigInt(limit) - 1n) / mib) throw RpcError.badRequest('LIMIT_INVALID')
}

/** The profile photo `photoId` of the peer an inputPeerPhotoFileLocation names, if it is one of the peer's. */
export type ProfilePhotoResolver = (peer: TlTypes['InputPeer'], photoId: bigint) => PhotoRecord | undefined

/** The bytes a location names, or FILE_ID_INVALID / LOCATION_INVALID / FILE_REFERENCE_*. */
export function locateFile(store: MediaStore, location: TlTypes['InputFileLocation'], profilePhoto: ProfilePhotoResolver): StoredFile {
  switch (location._) {
    case 'inputPhotoFileLocation': {
      const photo = store.photo(location.id)
      if (!photo || photo.accessHash !== location.access_hash) throw RpcError.badRequest('FILE_ID_INVALID')
      checkFileReference(photo.fileReference, location.file_reference)
      const size = photo.sizes.find((candidate) => candidate.type === location.thumb_size)
      if (!size) throw RpcError.badRequest('LOCATION_INVALID')
      return { bytes: size.bytes, mimeType: 'image/jpeg', date: photo.date, dcId: photo.dcId }
    }
    case 'inputDocumentFileLocation': {
      const document = store.document(location.id)
      if (!document || document.accessHash !== location.access_hash) throw RpcError.badRequest('FILE_ID_INVALID')
      checkFileReference(document.fileReference, location.file_reference)
      if (location.thumb_size === '') {
        return { bytes: document.bytes, mimeType: document.mimeType, date: document.date, dcId: document.dcId }
      }
      const thumb = document.thumbs.find((candidate) => candidate.type === location.thumb_size)
      if (!thumb) throw RpcError.badRequest('LOCATION_INVALID')
      return { bytes: thumb.bytes, mimeType: thumbMimeType(thumb.bytes), date: document.date, dcId: document.dcId }
    }
    case 'inputPeerPhotoFileLocation': {
      // Profile photos are addressed through their owner, with no file reference: the small or the big rendition.
      const photo = profilePhoto(location.peer, location.photo_id)
      if (!photo) throw RpcError.badRequest('FILE_ID_INVALID')
      const size = location.big ? photo.sizes[photo.sizes.length - 1]! : photo.sizes[0]!
      return { bytes: size.bytes, mimeType: 'image/jpeg', date: photo.date, dcId: photo.dcId }
    }
    default:
      // Legacy, secret-chat, passport, takeout, sticker-set and group-call locations are not stored here.
      throw RpcError.badRequest('LOCATION_INVALID')
  }
}

/** storage.FileType for what upload.file carries: the type of a whole file, filePartial for a piece of one. */
export function fileTypeOf(file: StoredFile, whole: boolean): TlTypes['storage.FileType'] {
  if (!whole) return { _: 'storage.filePartial' }
  switch (file.mimeType) {
    case 'image/jpeg':
      return { _: 'storage.fileJpeg' }
    case 'image/png':
      return { _: 'storage.filePng' }
    case 'image/gif':
      return { _: 'storage.fileGif' }
    case 'image/webp':
      return { _: 'storage.fileWebp' }
    case 'application/pdf':
      return { _: 'storage.filePdf' }
    case 'audio/mpeg':
      return { _: 'storage.fileMp3' }
    case 'video/quicktime':
      return { _: 'storage.fileMov' }
    case 'video/mp4':
      return { _: 'storage.fileMp4' }
    default:
      return { _: 'storage.fileUnknown' }
  }
}

/** Thumbnails are JPEG, except sticker previews, which are WebP ("RIFF"). */
function thumbMimeType(bytes: Uint8Array): string {
  return bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x46 ? 'image/webp' : 'image/jpeg'
}
