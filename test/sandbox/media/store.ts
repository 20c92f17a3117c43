// The media DC's files: photos with their renditions, documents with their thumbnails, and profile photos per
// peer. Ids, access hashes and file references are made here; FILE_REFERENCE_* and the id checks live here too.
import { createHash, randomBytes } from 'node:crypto'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { RpcError } from '../rpc/rpc-error'
import { makeRenditions, type RenditionKind, type Renditions } from './photo-sizes'
import type { RgbImage } from './image'
import type { DocumentAttribute, DocumentRecord, MediaState, PhotoRecord, PhotoSizeRecord } from './records'

/** Where a profile photo belongs: `user:5`, `chat:5` or `channel:5` (the world's PeerKey form). */
export type PhotoOwnerKey = string

export interface NewPhoto {
  /** The picture, or a function drawing it (called only when the photo is not stored or cached yet). */
  readonly image: RgbImage | (() => RgbImage)
  /** Photos in chats get s/m/x...; profile photos a/b/c. */
  readonly kind?: Extract<RenditionKind, 'photo' | 'profile'>
  /** A stable name for seeded media: the same key gives the same ids on every run. */
  readonly key?: string
  readonly date?: number
}

export interface NewDocument {
  readonly bytes: Uint8Array
  readonly mimeType: string
  readonly attributes: readonly DocumentAttribute[]
  /** A preview picture; documents without one have no thumbs. */
  readonly thumb?: RgbImage
  /** Ready-made thumbnails (a sticker's WebP preview), used as they are. */
  readonly thumbs?: readonly PhotoSizeRecord[]
  readonly key?: string
  readonly date?: number
}

export class MediaStore {
  constructor(
    readonly state: MediaState,
    /** The DC files live on; asked at each use because the DCs start after the store exists. */
    private readonly mediaDc: () => number,
    private readonly nowSeconds: () => number,
  ) {}

  get dcId(): number {
    return this.mediaDc()
  }

  /** Stores a picture with its renditions; a seeded key already stored returns the photo it made before. */
  addPhoto({ image, kind = 'photo', key, date }: NewPhoto): PhotoRecord {
    const ids = identity(key ? `photo/${key}` : undefined)
    const existing = key ? this.state.photos.get(ids.id) : undefined
    if (existing) return existing
    const render = () => makeRenditions(typeof image === 'function' ? image() : image, kind)
    const { sizes, stripped } = key ? cachedRenditions(`${kind}/${key}`, render) : render()
    const photo: PhotoRecord = { ...ids, date: date ?? this.nowSeconds(), dcId: this.dcId, sizes, stripped }
    this.state.photos.set(photo.id, photo)
    return photo
  }

  addDocument({ bytes, mimeType, attributes, thumb, thumbs, key, date }: NewDocument): DocumentRecord {
    const ids = identity(key ? `document/${key}` : undefined)
    const existing = key ? this.state.documents.get(ids.id) : undefined
    if (existing) return existing
    const renditions = thumb ? makeRenditions(thumb, 'thumb') : undefined
    const document: DocumentRecord = {
      ...ids,
      date: date ?? this.nowSeconds(),
      dcId: this.dcId,
      mimeType,
      bytes,
      attributes: [...attributes],
      thumbs: thumbs ? [...thumbs] : (renditions?.sizes ?? []),
      stripped: renditions?.stripped,
    }
    this.state.documents.set(document.id, document)
    return document
  }

  photo(id: bigint): PhotoRecord | undefined {
    return this.state.photos.get(id)
  }

  document(id: bigint): DocumentRecord | undefined {
    return this.state.documents.get(id)
  }

  /** Makes `photoId` the owner's current profile photo (the newest first, as photos.getUserPhotos lists them). */
  setProfilePhoto(owner: PhotoOwnerKey, photoId: bigint): void {
    const list = (this.state.profilePhotos.get(owner) ?? []).filter((id) => id !== photoId)
    this.state.profilePhotos.set(owner, [photoId, ...list])
  }

  /** The owner's profile photos, newest (current) first. */
  profilePhotos(owner: PhotoOwnerKey): PhotoRecord[] {
    return (this.state.profilePhotos.get(owner) ?? []).flatMap((id) => this.state.photos.get(id) ?? [])
  }

  /** Gives every file a new reference: clients holding old ones get FILE_REFERENCE_EXPIRED until they refetch. */
  expireFileReferences(): void {
    for (const photo of this.state.photos.values()) photo.fileReference = newFileReference()
    for (const document of this.state.documents.values()) document.fileReference = newFileReference()
  }

  /** An inputPhoto from a client: id and access hash must match, and the reference be current. */
  resolveInputPhoto(input: TlTypes['InputPhoto']): PhotoRecord {
    if (input._ === 'inputPhotoEmpty') throw RpcError.badRequest('MEDIA_EMPTY')
    const photo = this.state.photos.get(input.id)
    if (!photo || photo.accessHash !== input.access_hash) throw RpcError.badRequest('MEDIA_INVALID')
    checkFileReference(photo.fileReference, input.file_reference)
    return photo
  }

  resolveInputDocument(input: TlTypes['InputDocument']): DocumentRecord {
    if (input._ === 'inputDocumentEmpty') throw RpcError.badRequest('MEDIA_EMPTY')
    const document = this.state.documents.get(input.id)
    if (!document || document.accessHash !== input.access_hash) throw RpcError.badRequest('DOCUMENT_INVALID')
    checkFileReference(document.fileReference, input.file_reference)
    return document
  }
}

// Seeded pictures are pure functions of their key, so their JPEGs are made once per process, not once per
// sandbox: test files start many sandboxes.
const renditionCache = new Map<string, Renditions>()

function cachedRenditions(key: string, render: () => Renditions): Renditions {
  let renditions = renditionCache.get(key)
  if (!renditions) renditionCache.set(key, (renditions = render()))
  return renditions
}

/** FILE_REFERENCE_EMPTY for none, FILE_REFERENCE_EXPIRED for one that is not the file's current reference. */
export function checkFileReference(current: Uint8Array, given: Uint8Array): void {
  if (given.length === 0) throw RpcError.badRequest('FILE_REFERENCE_EMPTY')
  if (Buffer.compare(Buffer.from(current), Buffer.from(given)) !== 0) throw RpcError.badRequest('FILE_REFERENCE_EXPIRED')
}

interface FileIdentity {
  readonly id: bigint
  readonly accessHash: bigint
  fileReference: Uint8Array
}

/** Random ids for uploads; ids derived from the key for seeded media, so a regenerated world matches a saved one. */
function identity(key: string | undefined): FileIdentity {
  const material = key ? createHash('sha256').update(key).digest() : randomBytes(32)
  return {
    // Positive 63-bit ids, as Telegram's are.
    id: material.readBigUInt64LE(0) & 0x7fffffffffffffffn,
    accessHash: material.readBigInt64LE(8),
    fileReference: key ? Uint8Array.of(2, ...material.subarray(16, 32)) : newFileReference(),
  }
}

/** Opaque to clients; a leading version byte like Telegram's, then random bytes. */
function newFileReference(): Uint8Array {
  const reference = new Uint8Array(17)
  reference[0] = 2
  reference.set(randomBytes(16), 1)
  return reference
}
