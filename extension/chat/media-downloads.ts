/**
 * Downloads of message media for the webview: streamed to a file (the download folder, or where the
 * user chooses) with progress notifications, cancellable, remembered so "Open" and "Reveal" find the
 * file; and small inline media (full-size photos, stickers, voice notes) as data: URIs, which need no
 * file and stay inside the webview's CSP (`img-src data:`).
 */
import type { Message, TelegramClient } from '../mtproto'
import type { DownloadProgress, MediaView, PeerId } from '../../webview/protocol'
import type { InlineImage } from './inline-images'

/** Inline media above this size go to a file instead: a data: URI of it would choke the webview channel. */
export const MAX_INLINE_BYTES = 20 * 1024 * 1024

/** How often progress is reported at most, as a share of the file: keeps the channel quiet for big files. */
const PROGRESS_STEP = 0.01

/** A photo's renditions for a chat bubble (at most 300 px wide), best first: 320 px, then 100 px. */
const BUBBLE_RENDITIONS = ['m', 's'] as const
/** Static stickers are shown from the file itself, which is small; anything past this is no sticker. */
const MAX_STICKER_BYTES = 512 * 1024
/** Small images are one or two chunks: more connections would only cost handshakes. */
const SMALL_DOWNLOAD = { workers: 1, connections: 1 } as const

export interface DownloadDestination {
  /** A path to write the file to, or undefined when the user cancelled the choice. */
  pathFor(fileName: string): Promise<string | undefined>
}

interface Transfer {
  abort: AbortController
  path?: string
}

export class MediaDownloads {
  private readonly transfers = new Map<string, Transfer>()

  constructor(
    private readonly destination: DownloadDestination,
    private readonly report: (progress: DownloadProgress) => void,
  ) {}

  /** Where a finished download of this message went. */
  pathOf(peerId: PeerId, messageId: number): string | undefined {
    return this.transfers.get(key(peerId, messageId))?.path
  }

  async download(client: TelegramClient, message: Message, media: MediaView | undefined): Promise<void> {
    const peerId = message.chatId.toString()
    const messageId = message.id
    const id = key(peerId, messageId)
    this.transfers.get(id)?.abort.abort()
    const total = media && 'size' in media ? media.size : 0
    const fileName = safeFileName(media && 'fileName' in media && media.fileName ? media.fileName : defaultName(media, messageId))
    const path = await this.destination.pathFor(fileName)
    if (!path) return this.report({ peerId, messageId, state: 'cancelled', received: 0, total })
    const transfer: Transfer = { abort: new AbortController() }
    this.transfers.set(id, transfer)
    this.report({ peerId, messageId, state: 'downloading', received: 0, total })
    let reported = 0
    try {
      await client.downloadMedia(message, {
        file: path,
        signal: transfer.abort.signal,
        onProgress: (received: number, size: number | undefined) => {
          const whole = size ?? total
          if (whole > 0 && received - reported < whole * PROGRESS_STEP && received < whole) return
          reported = received
          this.report({ peerId, messageId, state: 'downloading', received, total: whole })
        },
      })
      transfer.path = path
      const inline = media && (media.kind === 'audio' || media.kind === 'sticker') && total <= MAX_INLINE_BYTES
      this.report({ peerId, messageId, state: 'done', received: total, total, ...(inline ? { uri: await this.inlineUri(client, message, media) } : {}) })
    } catch (error) {
      const cancelled = transfer.abort.signal.aborted
      if (this.transfers.get(id) === transfer) this.transfers.delete(id)
      this.report({ peerId, messageId, state: cancelled ? 'cancelled' : 'failed', received: reported, total, ...(cancelled ? {} : { error: (error as Error).message }) })
    }
  }

  cancel(peerId: PeerId, messageId: number): void {
    const transfer = this.transfers.get(key(peerId, messageId))
    if (transfer && !transfer.path) transfer.abort.abort()
  }

  /** The media's bytes as a data: URI (photos at their largest size, stickers, audio). */
  async inlineUri(client: TelegramClient, message: Message, media: MediaView | undefined): Promise<string> {
    const size = media && 'size' in media ? media.size : 0
    if (size > MAX_INLINE_BYTES) throw new Error('This file is too large to show here; download it instead.')
    const bytes = await client.downloadMedia(message)
    return `data:${inlineMimeType(message, media)};base64,${Buffer.from(bytes).toString('base64')}`
  }

  /** What a bubble shows before the full size: a photo's small rendition, a video's thumbnail, a static sticker. */
  async thumbnail(client: TelegramClient, message: Message): Promise<InlineImage> {
    const media = message.media
    if (media?._ === 'messageMediaPhoto' && media.photo?._ === 'photo') {
      const sizes = media.photo.sizes
      const type = BUBBLE_RENDITIONS.find((wanted) => sizes.some((size) => size.type === wanted && size._ !== 'photoStrippedSize'))
      if (type) return { bytes: await client.downloadMedia(message, { thumb: type, ...SMALL_DOWNLOAD }), mimeType: 'image/jpeg' }
    }
    if (media?._ === 'messageMediaDocument' && media.document?._ === 'document') {
      const document = media.document
      const sticker = document.attributes.some((attribute) => attribute._ === 'documentAttributeSticker')
      if (sticker && document.mime_type === 'image/webp' && Number(document.size) <= MAX_STICKER_BYTES) {
        return { bytes: await client.downloadMedia(message, SMALL_DOWNLOAD), mimeType: 'image/webp' }
      }
      const thumbs = (document.thumbs ?? []).filter((size) => size._ === 'photoSize' || size._ === 'photoCachedSize' || size._ === 'photoSizeProgressive')
      const thumb = thumbs.find((size) => size.type === 'm') ?? thumbs.at(-1)
      if (thumb) return { bytes: await client.downloadMedia(message, { thumb, ...SMALL_DOWNLOAD }), mimeType: sticker ? 'image/webp' : 'image/jpeg' }
    }
    throw new Error('This message has no thumbnail.')
  }

  dispose(): void {
    for (const transfer of this.transfers.values()) if (!transfer.path) transfer.abort.abort()
    this.transfers.clear()
  }
}

function key(peerId: PeerId, messageId: number): string {
  return `${peerId}:${messageId}`
}

function inlineMimeType(message: Message, media: MediaView | undefined): string {
  const raw = message.media
  if (raw?._ === 'messageMediaDocument' && raw.document?._ === 'document') return raw.document.mime_type
  return media?.kind === 'sticker' ? 'image/webp' : 'image/jpeg'
}

function defaultName(media: MediaView | undefined, messageId: number): string {
  switch (media?.kind) {
    case 'photo':
      return `photo-${messageId}.jpg`
    case 'video':
      return `video-${messageId}.mp4`
    case 'audio':
      return media.voice ? `voice-${messageId}.ogg` : `audio-${messageId}.mp3`
    case 'sticker':
      return `sticker-${messageId}.webp`
    default:
      return `file-${messageId}`
  }
}

/**
 * A file name from a chat is hostile: no directories, no bidi or control characters (a "‮fdp.exe"
 * that reads as "exe.pdf"), no names Windows reserves, and a sane length.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  let clean = base
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(clean)) clean = `_${clean}`
  if (clean.length > 120) {
    const dot = clean.lastIndexOf('.')
    const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : ''
    clean = clean.slice(0, 120 - extension.length) + extension
  }
  return clean || 'download'
}
