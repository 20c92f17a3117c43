// sendFile and the media side of downloads against the sandbox: photos and documents (with their attributes)
// as they appear in history, photo renditions and document thumbnails, stripped previews inflated into
// JPEGs that decode (checked against GramJS's own inflation and the jpeg-js decoder), and profile photos.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { decode as decodeJpeg } from 'jpeg-js'
import { strippedPhotoToJpg } from 'telegram/Utils'
import type { TlConstructors, TlTypes } from '../../schema/codec/generated/types'
import type { TelegramClient } from '../../extension/mtproto'
import type { Message } from '../../extension/mtproto/client/message'
import { sortSizes } from '../../extension/mtproto/files/media-location'
import { mediaOf } from '../sandbox/media'
import { drawPattern } from '../sandbox/media/image'
import { encodeJpeg } from '../sandbox/media/jpeg/encoder'
import { sandboxPerFile } from './support'

let client: TelegramClient

const file = sandboxPerFile(async () => {
  client = await file.signedIn('ada')
})

const picture = (width: number, height: number, seed: number) => Buffer.from(encodeJpeg(drawPattern({ width, height, seed, kind: 'circles' }), 90))

/** The message as history has it now, not as the send returned it. */
async function fromHistory(message: Message): Promise<Message> {
  const [stored] = await client.getMessages('me', { ids: [message.id] })
  assert.ok(stored, `message ${message.id} is in history`)
  return stored
}

function photoOf(message: Message): TlConstructors['photo'] {
  assert.equal(message.media?._, 'messageMediaPhoto')
  const photo = (message.media as TlConstructors['messageMediaPhoto']).photo
  assert.equal(photo?._, 'photo')
  return photo as TlConstructors['photo']
}

function documentOf(message: Message): TlConstructors['document'] {
  assert.equal(message.media?._, 'messageMediaDocument')
  const document = (message.media as TlConstructors['messageMediaDocument']).document
  assert.equal(document?._, 'document')
  return document as TlConstructors['document']
}

/** The object without the optional fields the decoder reads back as undefined. */
function withoutUnset(value: object | undefined): object | undefined {
  return value && Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined))
}

/** Width and height from a JPEG's SOF0/SOF2 segment, walking the markers. */
function jpegDimensions(jpeg: Uint8Array): { width: number; height: number } {
  assert.deepEqual([jpeg[0], jpeg[1]], [0xff, 0xd8], 'starts with SOI')
  let offset = 2
  while (offset + 4 <= jpeg.length) {
    assert.equal(jpeg[offset], 0xff, `a marker at ${offset}`)
    const marker = jpeg[offset + 1]!
    const length = (jpeg[offset + 2]! << 8) | jpeg[offset + 3]!
    if (marker === 0xc0 || marker === 0xc2) {
      return { height: (jpeg[offset + 5]! << 8) | jpeg[offset + 6]!, width: (jpeg[offset + 7]! << 8) | jpeg[offset + 8]! }
    }
    offset += 2 + length
  }
  assert.fail('no SOF segment')
}

describe('sendFile', () => {
  it('sends a JPEG as a photo with a formatted caption, and history shows it', async () => {
    const sent = await client.sendFile('me', picture(800, 600, 1), { fileName: 'lab.jpg', caption: 'the **relay**' })
    const stored = await fromHistory(sent)
    assert.equal(stored.text, 'the relay')
    assert.deepEqual(stored.entities.map((entity) => entity._), ['messageEntityBold'])
    const photo = photoOf(stored)
    assert.ok(photo.sizes.some((size) => size._ === 'photoStrippedSize'))
  })

  it('sends a picture as a document with forceDocument, keeping its name and type', async () => {
    const stored = await fromHistory(await client.sendFile('me', picture(300, 200, 2), { fileName: 'scan.jpg', forceDocument: true }))
    const document = documentOf(stored)
    assert.equal(document.mime_type, 'image/jpeg')
    assert.deepEqual(document.attributes.filter((a) => a._ === 'documentAttributeFilename'), [{ _: 'documentAttributeFilename', file_name: 'scan.jpg' }])
  })

  it('gives voice notes, videos and stickers the attributes Telegram reads them by', async () => {
    const voice = documentOf(await fromHistory(await client.sendFile('me', randomBytes(5000), { fileName: 'memo.ogg', voiceNote: true, duration: 7 })))
    assert.equal(voice.mime_type, 'audio/ogg')
    assert.deepEqual(withoutUnset(voice.attributes.find((a) => a._ === 'documentAttributeAudio')), { _: 'documentAttributeAudio', voice: true, duration: 7 })

    const video = documentOf(await fromHistory(await client.sendFile('me', randomBytes(9000), { fileName: 'clip.mp4', duration: 3, width: 640, height: 360, supportsStreaming: true })))
    assert.equal(video.mime_type, 'video/mp4')
    const videoAttribute = video.attributes.find((a) => a._ === 'documentAttributeVideo')
    assert.ok(videoAttribute?._ === 'documentAttributeVideo')
    const { duration, w, h, supports_streaming, round_message } = videoAttribute
    assert.deepEqual({ duration, w, h, supports_streaming, round_message: round_message ?? false }, { duration: 3, w: 640, h: 360, supports_streaming: true, round_message: false })

    const sticker: TlTypes['DocumentAttribute'] = { _: 'documentAttributeSticker', alt: '🙂', stickerset: { _: 'inputStickerSetEmpty' } }
    const stickerDocument = documentOf(await fromHistory(await client.sendFile('me', randomBytes(2000), { fileName: 'smile.webp', attributes: [sticker] })))
    assert.equal(stickerDocument.mime_type, 'image/webp')
    assert.ok(stickerDocument.attributes.some((a) => a._ === 'documentAttributeSticker' && a.alt === '🙂'))
  })

  it('replies silently to a message and can resend media Telegram already has', async () => {
    const first = await client.sendFile('me', picture(200, 200, 3), { fileName: 'a.jpg' })
    const again = await client.sendFile('me', first.media!, { replyTo: first.id, silent: true, caption: 'again' })
    const stored = await fromHistory(again)
    assert.equal(stored.replyToMessageId, first.id)
    assert.equal(photoOf(stored).id, photoOf(first).id)
  })
})

describe('downloadMedia on photos and thumbnails', () => {
  it('downloads the largest rendition by default and another one by its type', async () => {
    const message = await fromHistory(await client.sendFile('me', picture(1000, 700, 4), { fileName: 'big.jpg' }))
    const photo = photoOf(message)
    const largest = sortSizes(photo.sizes).at(-1) as TlConstructors['photoSize']
    const bytes = await client.downloadMedia(message)
    assert.equal(bytes.length, largest.size)
    assert.deepEqual(jpegDimensions(bytes), { width: largest.w, height: largest.h })
    const medium = photo.sizes.find((size) => size.type === 'm') as TlConstructors['photoSize']
    const mediumBytes = await client.downloadMedia(message, { thumb: 'm' })
    assert.deepEqual(jpegDimensions(mediumBytes), { width: medium.w, height: medium.h })
  })

  it('inflates a stripped preview into a JPEG that decodes, without a request', async () => {
    const message = await fromHistory(await client.sendFile('me', picture(900, 400, 5), { fileName: 'wide.jpg' }))
    const stripped = photoOf(message).sizes.find((size) => size._ === 'photoStrippedSize') as TlConstructors['photoStrippedSize']
    const jpeg = await client.downloadMedia(message, { thumb: 'i' })
    assert.ok(Buffer.from(jpeg).equals(strippedPhotoToJpg(Buffer.from(stripped.bytes))), 'differs from GramJS')
    const dimensions = jpegDimensions(jpeg)
    assert.deepEqual(dimensions, { height: stripped.bytes[1], width: stripped.bytes[2] })
    const decoded = decodeJpeg(jpeg, { useTArray: true })
    assert.deepEqual({ width: decoded.width, height: decoded.height }, dimensions)
    assert.equal(await client.downloadMedia(message, { thumb: 0 }).then((b) => Buffer.from(b).equals(Buffer.from(jpeg))), true, 'the stripped preview sorts first')
  })

  it('downloads a document thumbnail', async () => {
    const message = await fromHistory(await client.sendFile('me', picture(640, 480, 6), { fileName: 'thumbed.jpg', forceDocument: true }))
    const document = documentOf(message)
    const thumb = sortSizes(document.thumbs ?? []).at(-1)
    assert.ok(thumb && thumb._ === 'photoSize', 'the sandbox previews a JPEG document')
    const bytes = await client.downloadMedia(message, { thumb: -1 })
    assert.deepEqual(jpegDimensions(bytes), { width: thumb.w, height: thumb.h })
  })
})

describe('downloadProfilePhoto', () => {
  it('downloads the small and the big rendition of a user photo, byte for byte what the server stores', async () => {
    const grace = file.seeded('grace')
    const photoId = file.sandbox.world.accounts.get(grace.id)!.photoIds[0]!
    const stored = mediaOf(file.sandbox.world).store.photo(photoId)!
    const small = await client.downloadProfilePhoto('@grace_hopper')
    const big = await client.downloadProfilePhoto('@grace_hopper', { big: true })
    assert.ok(small && Buffer.from(small).equals(Buffer.from(stored.sizes[0]!.bytes)))
    assert.ok(big && Buffer.from(big).equals(Buffer.from(stored.sizes.at(-1)!.bytes)))
    assert.notEqual(small.length, big.length)
  })
})
