// The sandbox's generated media, checked against independent code: JPEGs decode with jpeg-js, stripped
// thumbnails inflate with mtcute's and GramJS's inflaters into exactly the JPEG we would have written, waveforms
// match mtcute's packing, and the Ogg, WebP and MP4 containers have the structure their formats require.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeWaveform, encodeWaveform, strippedPhotoToJpg as mtcuteInflate } from '@mtcute/core/utils.js'
import { decode as decodeJpeg } from 'jpeg-js'
import { strippedPhotoToJpg as gramjsInflate } from 'telegram/Utils'
import { mediaOf } from './media'
import { oggOpusSilence, packWaveform } from './media/containers'
import { drawPattern, downscale, type RgbImage } from './media/image'
import { encodeJpeg } from './media/jpeg/encoder'
import { makeRenditions } from './media/photo-sizes'
import { mediaForPlaceholder, seedProfilePhoto, seedSticker, seedVideo, seedVoiceNote } from './media/seed'
import { encodeStrippedThumbnail, STRIPPED_QUALITY } from './media/stripped-thumbnail'
import { World } from './world'
import { MethodRegistry } from './rpc/method-registry'

/** Mean absolute difference per channel between an RGB picture and jpeg-js's RGBA decoding of it. */
function meanError(image: RgbImage, jpeg: Uint8Array): number {
  const decoded = decodeJpeg(jpeg, { useTArray: true })
  assert.deepEqual([decoded.width, decoded.height], [image.width, image.height])
  let total = 0
  for (let i = 0; i < image.width * image.height; i++) {
    for (let channel = 0; channel < 3; channel++) total += Math.abs(decoded.data[i * 4 + channel]! - image.pixels[i * 3 + channel]!)
  }
  return total / (image.width * image.height * 3)
}

describe('the JPEG encoder', () => {
  it('writes JPEGs that jpeg-js decodes back to the picture, at odd sizes too', () => {
    for (const [width, height] of [[1, 1], [7, 5], [17, 9], [37, 23], [320, 240]] as const) {
      const image = drawPattern({ width, height, seed: width * 31 + height, kind: 'gradient' })
      assert.ok(meanError(image, encodeJpeg(image, 90)) < 6, `${width}x${height}`)
    }
  })

  it('loses more at lower quality and less at higher, and writes smaller files at lower quality', () => {
    const image = drawPattern({ width: 128, height: 96, seed: 5, kind: 'circles' })
    const low = encodeJpeg(image, 20)
    const high = encodeJpeg(image, 95)
    assert.ok(low.length < high.length)
    assert.ok(meanError(image, low) > meanError(image, high))
  })
})

describe('stripped thumbnails', () => {
  const image = drawPattern({ width: 800, height: 600, seed: 42, kind: 'circles' })
  const stripped = encodeStrippedThumbnail(image)

  it('starts with version 1, the height and the width, and fits in 40x40', () => {
    assert.deepEqual([...stripped.subarray(0, 3)], [1, 30, 40])
  })

  it('inflates with mtcute and with GramJS into the very JPEG our encoder writes at quality 20', () => {
    const expected = encodeJpeg(downscale(image, 40, 30), STRIPPED_QUALITY)
    assert.ok(Buffer.from(mtcuteInflate(stripped)).equals(Buffer.from(expected)), 'mtcute')
    assert.ok(Buffer.from(gramjsInflate(Buffer.from(stripped))).equals(Buffer.from(expected)), 'GramJS')
  })

  it('inflates to a JPEG that decodes at the stated size and looks like the photo', () => {
    const small = downscale(image, 40, 30)
    assert.ok(meanError(small, mtcuteInflate(stripped)) < 20)
  })

  it('keeps portrait pictures and tiny pictures within the box', () => {
    const portrait = encodeStrippedThumbnail(drawPattern({ width: 300, height: 900, seed: 1 }))
    assert.deepEqual([portrait[1], portrait[2]], [40, 13])
    const tiny = encodeStrippedThumbnail(drawPattern({ width: 9, height: 5, seed: 2 }))
    assert.deepEqual([tiny[1], tiny[2]], [5, 9])
    assert.equal(decodeJpeg(mtcuteInflate(tiny), { useTArray: true }).width, 9)
  })
})

describe('photo renditions', () => {
  it('makes s, m and x for an 800x600 photo, each the JPEG of its box', () => {
    const { sizes } = makeRenditions(drawPattern({ width: 800, height: 600, seed: 9 }), 'photo')
    assert.deepEqual(
      sizes.map(({ type, w, h }) => [type, w, h]),
      [['s', 100, 75], ['m', 320, 240], ['x', 800, 600]],
    )
    for (const size of sizes) assert.equal(decodeJpeg(size.bytes, { useTArray: true }).width, size.w)
  })

  it('makes square a, b and c renditions of a profile photo, cropped from the centre', () => {
    const { sizes } = makeRenditions(drawPattern({ width: 900, height: 640, seed: 9, kind: 'avatar' }), 'profile')
    assert.deepEqual(sizes.map(({ type, w, h }) => [type, w, h]), [['a', 160, 160], ['b', 320, 320], ['c', 640, 640]])
  })
})

describe('generated documents', () => {
  const world = new World(new MethodRegistry())

  it('packs waveforms the way mtcute does', () => {
    const samples = Array.from({ length: 100 }, (_, i) => (i * 7) % 32)
    assert.deepEqual([...packWaveform(samples)], [...encodeWaveform(samples)])
    assert.deepEqual(decodeWaveform(packWaveform(samples)), samples)
  })

  it('writes a voice note as Ogg Opus pages ending at the stated duration', () => {
    const voice = seedVoiceNote(world, 'hello', 7)
    const audio = voice.attributes.find((attribute) => attribute._ === 'documentAttributeAudio')
    assert.equal(audio?._ === 'documentAttributeAudio' && audio.voice, true)
    const bytes = Buffer.from(voice.bytes)
    const pages: { flags: number; granule: bigint }[] = []
    for (let offset = 0; offset < bytes.length; ) {
      assert.equal(bytes.toString('latin1', offset, offset + 4), 'OggS')
      const segments = bytes[offset + 26]!
      const body = [...bytes.subarray(offset + 27, offset + 27 + segments)].reduce((sum, length) => sum + length, 0)
      pages.push({ flags: bytes[offset + 5]!, granule: bytes.readBigInt64LE(offset + 6) })
      offset += 27 + segments + body
    }
    assert.equal(bytes.toString('latin1', 28, 36), 'OpusHead')
    assert.equal(pages[0]!.flags, 0x02, 'beginning of stream')
    assert.equal(pages.at(-1)!.flags, 0x04, 'end of stream')
    const preSkip = bytes.readUInt16LE(28 + 10)
    assert.equal(Number(pages.at(-1)!.granule) - preSkip, 7 * 48000)
    assert.ok(oggOpusSilence(1, 1).length < oggOpusSilence(2, 1).length)
  })

  it('writes a sticker as a lossless WebP of 512x512 with alpha', () => {
    const sticker = seedSticker(world, 'smile')
    const bytes = Buffer.from(sticker.bytes)
    assert.equal(bytes.toString('latin1', 0, 4), 'RIFF')
    assert.equal(bytes.readUInt32LE(4), bytes.length - 8)
    assert.equal(bytes.toString('latin1', 8, 16), 'WEBPVP8L')
    assert.equal(bytes[20], 0x2f, 'VP8L signature')
    const header = bytes.readUInt32LE(21)
    assert.equal((header & 0x3fff) + 1, 512)
    assert.equal(((header >>> 14) & 0x3fff) + 1, 512)
    assert.equal((header >>> 28) & 1, 1, 'alpha is used')
    assert.equal(sticker.mimeType, 'image/webp')
  })

  it('writes a video as an MP4 with its duration and a JPEG thumbnail', () => {
    const video = seedVideo(world, 'clip', 12)
    const bytes = Buffer.from(video.bytes)
    assert.equal(bytes.toString('latin1', 4, 8), 'ftyp')
    const moov = bytes.readUInt32BE(0)
    assert.equal(bytes.toString('latin1', moov + 4, moov + 8), 'moov')
    assert.equal(bytes.toString('latin1', moov + 12, moov + 16), 'mvhd')
    assert.equal(bytes.readUInt32BE(moov + 16 + 16) / bytes.readUInt32BE(moov + 16 + 12), 12, 'duration / timescale')
    assert.deepEqual(video.thumbs.map(({ type, w, h }) => [type, w, h]), [['m', 320, 180]])
    assert.equal(decodeJpeg(video.thumbs[0]!.bytes, { useTArray: true }).height, 180)
    assert.ok(video.stripped && video.stripped[0] === 1)
  })

  it('gives the same ids when seeded twice, and sets profile photos newest first', () => {
    assert.equal(seedVideo(world, 'clip', 12).id, seedVideo(world, 'clip', 12).id)
    const first = seedProfilePhoto(world, 'user:7', 'old')
    const second = seedProfilePhoto(world, 'user:7', 'new')
    assert.deepEqual(mediaOf(world).store.profilePhotos('user:7').map((photo) => photo.id), [second.id, first.id])
  })

  it('turns seed placeholders into message media', () => {
    assert.equal(mediaForPlaceholder(world, 'photo:beach')?._, 'messageMediaPhoto')
    const voice = mediaForPlaceholder(world, 'voice:hi')
    assert.equal(voice?._ === 'messageMediaDocument' && voice.voice, true)
    const video = mediaForPlaceholder(world, 'video:clip')
    assert.equal(video?._ === 'messageMediaDocument' && video.video, true)
    const file = mediaForPlaceholder(world, 'file:data.bin:5000')
    assert.equal(file?._ === 'messageMediaDocument' && file.document?._ === 'document' && file.document.size, 5000n)
    assert.equal(mediaForPlaceholder(world, 'hologram:x'), undefined)
  })
})
