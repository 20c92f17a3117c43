// What the media DC stores: plain data only (no classes, no functions), so the world's snapshot can hold it as is.
// TL objects are built from these in tl.ts.
import type { TlTypes } from '../../../schema/codec/generated/types'

export type DocumentAttribute = TlTypes['DocumentAttribute']

/** One rendition of a picture: a real JPEG (or WebP for sticker thumbs) of `w` x `h`. */
export interface PhotoSizeRecord {
  /** Telegram's size letter: s, m, x, y, w for photos; a, b, c for profile photos. */
  readonly type: string
  readonly w: number
  readonly h: number
  readonly bytes: Uint8Array
}

export interface PhotoRecord {
  readonly id: bigint
  readonly accessHash: bigint
  /** Changes when references are expired (FILE_REFERENCE_EXPIRED until the client refetches the photo). */
  fileReference: Uint8Array
  readonly date: number
  readonly dcId: number
  /** Smallest first. */
  readonly sizes: readonly PhotoSizeRecord[]
  /** photoStrippedSize bytes (type "i"). */
  readonly stripped: Uint8Array
}

export interface DocumentRecord {
  readonly id: bigint
  readonly accessHash: bigint
  fileReference: Uint8Array
  readonly date: number
  readonly dcId: number
  readonly mimeType: string
  readonly bytes: Uint8Array
  readonly attributes: readonly DocumentAttribute[]
  /** Thumbnails, smallest first; empty when the document has none. */
  readonly thumbs: readonly PhotoSizeRecord[]
  readonly stripped: Uint8Array | undefined
}

export interface MediaState {
  photos: Map<bigint, PhotoRecord>
  documents: Map<bigint, DocumentRecord>
  /** Profile photos per owner (`user:5`, `chat:5`, `channel:5`), newest first. */
  profilePhotos: Map<string, bigint[]>
}

export function emptyMediaState(): MediaState {
  return { photos: new Map(), documents: new Map(), profilePhotos: new Map() }
}
