// TL objects of our layer built from media records. The same for every viewer: photos and documents carry no
// per-viewer data.
import type { TlConstructors, TlTypes } from '../../../schema/codec/generated/types'
import type { DocumentRecord, PhotoRecord, PhotoSizeRecord } from './records'

/** The stripped preview's size letter. */
const STRIPPED_TYPE = 'i'

function sizeToTl(size: PhotoSizeRecord): TlConstructors['photoSize'] {
  return { _: 'photoSize', type: size.type, w: size.w, h: size.h, size: size.bytes.length }
}

export function photoToTl(photo: PhotoRecord): TlConstructors['photo'] {
  return {
    _: 'photo',
    id: photo.id,
    access_hash: photo.accessHash,
    file_reference: photo.fileReference,
    date: photo.date,
    sizes: [{ _: 'photoStrippedSize', type: STRIPPED_TYPE, bytes: photo.stripped }, ...photo.sizes.map(sizeToTl)],
    dc_id: photo.dcId,
  }
}

export function documentToTl(document: DocumentRecord): TlConstructors['document'] {
  const thumbs: TlTypes['PhotoSize'][] = document.thumbs.map(sizeToTl)
  if (document.stripped) thumbs.unshift({ _: 'photoStrippedSize', type: STRIPPED_TYPE, bytes: document.stripped })
  return {
    _: 'document',
    id: document.id,
    access_hash: document.accessHash,
    file_reference: document.fileReference,
    date: document.date,
    mime_type: document.mimeType,
    size: BigInt(document.bytes.length),
    ...(thumbs.length > 0 ? { thumbs } : {}),
    dc_id: document.dcId,
    attributes: [...document.attributes],
  }
}

export function messageMediaPhoto(photo: PhotoRecord): TlConstructors['messageMediaPhoto'] {
  return { _: 'messageMediaPhoto', photo: photoToTl(photo) }
}

/** messageMediaDocument, with the voice/video/round flags Telegram sets from the attributes. */
export function messageMediaDocument(document: DocumentRecord): TlConstructors['messageMediaDocument'] {
  const media: TlConstructors['messageMediaDocument'] = { _: 'messageMediaDocument', document: documentToTl(document) }
  for (const attribute of document.attributes) {
    if (attribute._ === 'documentAttributeAudio' && attribute.voice) media.voice = true
    if (attribute._ === 'documentAttributeVideo') {
      if (attribute.round_message) media.round = true
      else media.video = true
    }
  }
  return media
}

/** A user's current profile photo as `user.photo` carries it. */
export function userProfilePhoto(photo: PhotoRecord): TlConstructors['userProfilePhoto'] {
  return { _: 'userProfilePhoto', photo_id: photo.id, stripped_thumb: photo.stripped, dc_id: photo.dcId }
}

/** A group's or channel's current photo as `chat.photo` / `channel.photo` carries it. */
export function chatPhoto(photo: PhotoRecord): TlConstructors['chatPhoto'] {
  return { _: 'chatPhoto', photo_id: photo.id, stripped_thumb: photo.stripped, dc_id: photo.dcId }
}
