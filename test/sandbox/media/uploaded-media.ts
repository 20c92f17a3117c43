// Turning uploads into stored media, for the methods that take an InputMedia or InputFile (messages.sendMedia,
// messages.uploadMedia, photos.uploadProfilePhoto). Photos are decoded and re-rendered the way Telegram
// re-encodes them; documents are kept byte for byte.
import { decode as decodeJpeg } from 'jpeg-js'
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { CallContext } from '../rpc/method-registry'
import { RpcError } from '../rpc/rpc-error'
import { uploaderOf } from './caller'
import type { RgbImage } from './image'
import { mediaOf } from './index'
import type { DocumentRecord, PhotoRecord } from './records'
import { messageMediaDocument, messageMediaPhoto } from './tl'

/** File name extensions Telegram takes as pictures; anything else is PHOTO_EXT_INVALID. */
const PHOTO_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'tif', 'tiff', 'heic'])
/** Telegram's photo limits: width + height at most 10000, and a side ratio of at most 20. */
const MAX_PHOTO_DIMENSION_SUM = 10000
const MAX_PHOTO_RATIO = 20
/** Bounds for decoding, so a hostile upload cannot exhaust memory. */
const MAX_DECODED_MEGAPIXELS = 40

/** The MessageMedia a sent InputMedia becomes (photo and document kinds; others are MEDIA_INVALID here). */
export function messageMediaFromInput(context: CallContext, input: TlTypes['InputMedia']): TlTypes['MessageMedia'] {
  const { store } = mediaOf(context.world)
  switch (input._) {
    case 'inputMediaUploadedPhoto':
      return messageMediaPhoto(photoFromUpload(context, input.file, 'photo'))
    case 'inputMediaPhoto':
      return messageMediaPhoto(store.resolveInputPhoto(input.id))
    case 'inputMediaUploadedDocument':
      return messageMediaDocument(documentFromUpload(context, input))
    case 'inputMediaDocument':
      return messageMediaDocument(store.resolveInputDocument(input.id))
    case 'inputMediaEmpty':
      throw RpcError.badRequest('MEDIA_EMPTY')
    default:
      throw RpcError.badRequest('MEDIA_INVALID')
  }
}

/** An uploaded picture as a stored photo: chat renditions (s, m, x...) or profile ones (a, b, c). */
export function photoFromUpload(context: CallContext, file: TlTypes['InputFile'], kind: 'photo' | 'profile'): PhotoRecord {
  const { store, uploads } = mediaOf(context.world)
  const upload = uploads.assemble(uploaderOf(context), file)
  const extension = upload.name.toLowerCase().split('.').pop()
  if (!upload.name.includes('.') || !extension || !PHOTO_EXTENSIONS.has(extension)) throw RpcError.badRequest('PHOTO_EXT_INVALID')
  const image = decodePicture(upload.bytes)
  if (!image) throw RpcError.badRequest('IMAGE_PROCESS_FAILED')
  const { width, height } = image
  if (width + height > MAX_PHOTO_DIMENSION_SUM || Math.max(width, height) / Math.min(width, height) > MAX_PHOTO_RATIO) {
    throw RpcError.badRequest('PHOTO_INVALID_DIMENSIONS')
  }
  return store.addPhoto({ image, kind })
}

/** An uploaded file as a stored document; the file name becomes an attribute when the client gave none. */
export function documentFromUpload(context: CallContext, input: TlConstructors['inputMediaUploadedDocument']): DocumentRecord {
  const { store, uploads } = mediaOf(context.world)
  const uploader = uploaderOf(context)
  const upload = uploads.assemble(uploader, input.file)
  const attributes = [...input.attributes]
  if (!attributes.some((attribute) => attribute._ === 'documentAttributeFilename') && upload.name !== '') {
    attributes.push({ _: 'documentAttributeFilename', file_name: upload.name })
  }
  // A thumbnail that does not decode is dropped, as Telegram drops it; a JPEG sent as a file previews itself.
  const thumb = input.thumb ? decodePicture(uploads.assemble(uploader, input.thumb).bytes) : undefined
  const preview = thumb ?? (input.mime_type === 'image/jpeg' ? decodePicture(upload.bytes) : undefined)
  return store.addDocument({ bytes: upload.bytes, mimeType: input.mime_type || 'application/octet-stream', attributes, thumb: preview })
}

/** Decodes a JPEG into RGB, or undefined when the bytes are not one the sandbox can read. */
export function decodePicture(bytes: Uint8Array): RgbImage | undefined {
  try {
    const decoded = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_DECODED_MEGAPIXELS })
    if (decoded.width < 1 || decoded.height < 1) return undefined
    return { width: decoded.width, height: decoded.height, pixels: decoded.data }
  } catch {
    return undefined
  }
}
