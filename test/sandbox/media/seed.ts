// Seeded media for the demo world, all drawn or written by code: photos, profile photos, a code file, a sized
// file, a voice note, a video with its thumbnail and a sticker. Everything is a pure function of its key, so
// seeding twice (or after a restart) gives the same ids and bytes.
import type { SeedMediaHook } from '../seed'
import type { World } from '../world'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { encodeTwoToneWebp, mp4Shell, oggOpusSilence, packWaveform, type TwoToneImage } from './containers'
import { drawPattern, seededRandom, type PatternKind } from './image'
import { mediaOf } from './index'
import type { DocumentRecord, PhotoRecord } from './records'
import { messageMediaDocument, messageMediaPhoto } from './tl'

const PATTERNS: readonly PatternKind[] = ['circles', 'gradient', 'stripes', 'checker']

/** A number from a key, to seed the drawing. */
function seedOf(key: string): number {
  let hash = 2166136261
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619)
  return hash >>> 0
}

/** A landscape photo (800x600: sizes s, m, x) drawn from the key. */
export function seedPhoto(world: World, key: string): PhotoRecord {
  const seed = seedOf(key)
  const kind = PATTERNS[seed % PATTERNS.length]!
  return mediaOf(world).store.addPhoto({ key, image: () => drawPattern({ width: 800, height: 600, seed, kind }) })
}

/**
 * A profile photo (640x640: sizes a, b, c) made the owner's current one. `owner` is the world's peer key:
 * `user:5`, `chat:5`, `channel:5`. The user's or chat's own record should list the returned photo's id too.
 */
export function seedProfilePhoto(world: World, owner: string, key = owner): PhotoRecord {
  const { store } = mediaOf(world)
  const photo = store.addPhoto({
    key: `profile/${key}`,
    kind: 'profile',
    image: () => drawPattern({ width: 640, height: 640, seed: seedOf(key), kind: 'avatar' }),
  })
  store.setProfilePhoto(owner, photo.id)
  return photo
}

/** A source file sent as a document (text/plain, or the language's MIME type for a few extensions). */
export function seedCodeDocument(world: World, fileName: string, text: string): DocumentRecord {
  const extension = fileName.split('.').pop() ?? ''
  const mimeTypes: Record<string, string> = { ts: 'text/x-typescript', js: 'text/javascript', py: 'text/x-python', json: 'application/json' }
  return mediaOf(world).store.addDocument({
    key: `code/${fileName}/${seedOf(text)}`,
    bytes: new TextEncoder().encode(text),
    mimeType: mimeTypes[extension] ?? 'text/plain',
    attributes: [{ _: 'documentAttributeFilename', file_name: fileName }],
  })
}

/** A file of `size` pseudo-random bytes, for downloads of a known size. */
export function seedSizedDocument(world: World, fileName: string, size: number): DocumentRecord {
  const random = seededRandom(seedOf(`${fileName}/${size}`))
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i += 4) {
    const word = (random() * 4294967296) >>> 0
    for (let j = 0; j < 4 && i + j < size; j++) bytes[i + j] = (word >>> (j * 8)) & 0xff
  }
  return mediaOf(world).store.addDocument({
    key: `sized/${fileName}/${size}`,
    bytes,
    mimeType: 'application/octet-stream',
    attributes: [{ _: 'documentAttributeFilename', file_name: fileName }],
  })
}

/** A voice note: Ogg Opus of the given length with a waveform that rises and falls like speech. */
export function seedVoiceNote(world: World, key: string, seconds = 7): DocumentRecord {
  const random = seededRandom(seedOf(key))
  const waveform = Array.from({ length: 100 }, (_, i) => 31 * Math.abs(Math.sin(i / 6)) * (0.4 + 0.6 * random()))
  return mediaOf(world).store.addDocument({
    key: `voice/${key}/${seconds}`,
    bytes: oggOpusSilence(seconds, seedOf(key)),
    mimeType: 'audio/ogg',
    attributes: [{ _: 'documentAttributeAudio', voice: true, duration: seconds, waveform: packWaveform(waveform) }],
  })
}

/** A video document (640x360) with a real JPEG thumbnail; its MP4 carries the duration but no track. */
export function seedVideo(world: World, key: string, seconds = 12): DocumentRecord {
  const seed = seedOf(key)
  const random = seededRandom(seed)
  const payload = Uint8Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256))
  return mediaOf(world).store.addDocument({
    key: `video/${key}/${seconds}`,
    bytes: mp4Shell(seconds, payload),
    mimeType: 'video/mp4',
    thumb: drawPattern({ width: 640, height: 360, seed, kind: 'stripes' }),
    attributes: [
      { _: 'documentAttributeVideo', supports_streaming: true, duration: seconds, w: 640, h: 360 },
      { _: 'documentAttributeFilename', file_name: `${key}.mp4` },
    ],
  })
}

/** A static sticker: a 512x512 lossless WebP of a smiling face on a transparent background. */
export function seedSticker(world: World, key: string, emoji = '🙂'): DocumentRecord {
  return mediaOf(world).store.addDocument({
    key: `sticker/${key}`,
    bytes: encodeTwoToneWebp(drawSmiley(512)),
    mimeType: 'image/webp',
    attributes: [
      { _: 'documentAttributeImageSize', w: 512, h: 512 },
      { _: 'documentAttributeSticker', alt: emoji, stickerset: { _: 'inputStickerSetEmpty' } },
      { _: 'documentAttributeFilename', file_name: 'sticker.webp' },
    ],
  })
}

/** Yellow face, black eyes and mouth, transparent outside: two values per channel, as the WebP writer needs. */
function drawSmiley(side: number): TwoToneImage {
  const rgba = new Uint8Array(side * side * 4)
  const c = side / 2
  const radius = side * 0.46
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const distance = Math.hypot(x - c, y - c)
      if (distance > radius) continue
      const eye = Math.hypot(Math.abs(x - c) - side * 0.16, y - side * 0.38) < side * 0.05
      const smile = y > c && Math.abs(Math.hypot(x - c, y - c * 0.95) - side * 0.26) < side * 0.03
      const dark = eye || smile || distance > radius - side * 0.015
      rgba.set(dark ? [0, 0, 0, 255] : [255, 200, 0, 255], (y * side + x) * 4)
    }
  }
  return { width: side, height: side, rgba }
}

/**
 * The MessageMedia for a seed placeholder on a message record: `photo:<key>`, `voice:<key>`, `video:<key>`,
 * `sticker:<key>`, `document:<file name>` (a short text file) or `file:<file name>:<bytes>`. Undefined for a
 * placeholder it does not know.
 */
export function mediaForPlaceholder(world: World, placeholder: string): TlTypes['MessageMedia'] | undefined {
  const colon = placeholder.indexOf(':')
  const kind = placeholder.slice(0, colon)
  const key = placeholder.slice(colon + 1)
  switch (kind) {
    case 'photo':
      return messageMediaPhoto(seedPhoto(world, key))
    case 'voice':
      return messageMediaDocument(seedVoiceNote(world, key))
    case 'video':
      return messageMediaDocument(seedVideo(world, key))
    case 'sticker':
      return messageMediaDocument(seedSticker(world, key))
    case 'document':
      return messageMediaDocument(seedCodeDocument(world, key, `// ${key}\n// Generated by the sandbox for the demo.\n`))
    case 'file': {
      const [name, size] = key.split(':')
      return name && size ? messageMediaDocument(seedSizedDocument(world, name, Number(size))) : undefined
    }
    default:
      return undefined
  }
}

/** The hook seedWorld takes (seed/index.ts): placeholders become these media, seeded peers get profile photos. */
export function seedMediaHook(world: World): SeedMediaHook {
  return {
    messageMedia: (placeholder) => mediaForPlaceholder(world, placeholder),
    profilePhoto: (owner, seedKey) => seedProfilePhoto(world, owner, seedKey).id,
  }
}
