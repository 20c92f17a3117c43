/**
 * Media inside a message: photos (thumbnail, full size in the lightbox), documents with a download progress
 * bar then Open/Reveal, stickers, audio and voice notes, and videos. Bytes never pass through the webview
 * uninvited: downloads are asked of the host, which reports progress and, for inline media, a safe URI.
 */
import { h, icon } from '../dom'
import type { DownloadProgress, MediaView, MessageView } from '../protocol'
import { duration, fileSize } from '../render/format'
import { cleanName } from '../render/names'
import { isSafeImageUri } from '../render/uri'
import type { Downloads } from './downloads'

export interface MediaActions {
  download(message: MessageView): void
  cancel(message: MessageView): void
  open(message: MessageView): void
  reveal(message: MessageView): void
  openPhoto(message: MessageView): void
  /** Once `element` is near the viewport, asks the host for the message's thumbnail (`media/thumb`) and applies it. */
  watchThumbnail(message: MessageView, element: Element, apply: (uri: string) => void): void
}

/** Largest box a photo, video or sticker thumbnail is scaled into, in CSS pixels. */
const PHOTO_BOX = 300
const STICKER_BOX = 160

/** Width and height fitted into a square box, as whole pixels; bad sizes fall back to a square. */
export function fitInto(width: number, height: number, box: number): { width: number; height: number } {
  const w = Number.isFinite(width) && width > 0 ? width : box
  const hgt = Number.isFinite(height) && height > 0 ? height : box
  const scale = Math.min(1, box / Math.max(w, hgt))
  return { width: Math.max(40, Math.round(w * scale)), height: Math.max(40, Math.round(hgt * scale)) }
}

export function renderMedia(message: MessageView, media: MediaView, downloads: Downloads, actions: MediaActions): HTMLElement {
  switch (media.kind) {
    case 'photo':
      return photo(message, media, actions)
    case 'sticker':
      return sticker(message, media, actions)
    case 'document':
      return fileCard(message, downloads, actions, documentIcon(media.mimeType, media.fileName), media.fileName, media.size, '')
    case 'audio': {
      const label = media.voice ? 'Voice message' : [media.performer, media.title].filter(Boolean).join(' – ') || media.fileName || 'Audio'
      return audio(message, media.voice, label, media.duration, media.size, downloads, actions)
    }
    case 'video':
      return video(message, media, downloads, actions)
    case 'unsupported':
      return h('div', { class: 'media-unsupported' }, icon('question'), cleanName(media.label))
  }
}

function sizedImage(uri: string | undefined, width: number, height: number, className: string, alt: string): HTMLElement {
  if (!isSafeImageUri(uri)) {
    const placeholder = h('div', { class: `${className} media-placeholder` }, icon('file-media'))
    placeholder.style.width = `${width}px`
    placeholder.style.height = `${height}px`
    return placeholder
  }
  return h('img', { class: className, attrs: { src: uri, width, height, alt, draggable: 'false', loading: 'lazy' } })
}

/**
 * A photo or video frame: the stripped preview (blurred) or a placeholder at once, replaced by the small
 * rendition when the host has sent it. `frame` must already hold the returned element.
 */
function previewThenThumbnail(message: MessageView, frame: HTMLElement, previewUri: string | undefined, width: number, height: number, actions: MediaActions): void {
  let shown = sizedImage(previewUri, width, height, isSafeImageUri(previewUri) ? 'media-image media-preview' : 'media-image', '')
  frame.prepend(shown)
  actions.watchThumbnail(message, shown, (uri) => {
    const sharp = sizedImage(uri, width, height, 'media-image', '')
    shown.replaceWith(sharp)
    shown = sharp
  })
}

function photo(message: MessageView, media: Extract<MediaView, { kind: 'photo' }>, actions: MediaActions): HTMLElement {
  const { width, height } = fitInto(media.width, media.height, PHOTO_BOX)
  const frame = h('button', { class: `media-photo${media.spoiler ? ' media-spoiler' : ''}`, attrs: { type: 'button', 'aria-label': 'Photo, open full size' } })
  previewThenThumbnail(message, frame, media.thumbUri, width, height, actions)
  frame.addEventListener('click', (event) => {
    event.stopPropagation()
    if (frame.classList.contains('media-spoiler')) frame.classList.remove('media-spoiler')
    else actions.openPhoto(message)
  })
  return frame
}

function sticker(message: MessageView, media: Extract<MediaView, { kind: 'sticker' }>, actions: MediaActions): HTMLElement {
  const { width, height } = fitInto(media.width, media.height, STICKER_BOX)
  const alt = `Sticker ${media.emoji ?? ''}`.trim()
  const image = (uri: string) => h('img', { class: 'media-sticker', attrs: { src: uri, width, height, alt, draggable: 'false' } })
  if (isSafeImageUri(media.uri)) return image(media.uri)
  const frame = h('div', { class: 'media-sticker-frame' })
  const emoji = h('div', { class: 'media-sticker-emoji', attrs: { role: 'img', 'aria-label': alt } }, media.emoji ?? '🖼')
  frame.append(emoji)
  actions.watchThumbnail(message, emoji, (uri) => emoji.replaceWith(image(uri)))
  return frame
}

function documentIcon(mimeType: string, fileName: string): string {
  const name = fileName.toLowerCase()
  if (mimeType === 'application/pdf' || name.endsWith('.pdf')) return 'file-pdf'
  if (/zip|tar|gzip|compressed|7z|rar/.test(mimeType) || /\.(zip|tar|gz|tgz|7z|rar)$/.test(name)) return 'file-zip'
  if (mimeType.startsWith('image/') || mimeType.startsWith('video/')) return 'file-media'
  if (mimeType.startsWith('audio/')) return 'music'
  if (/\.(ts|js|py|go|rs|c|cpp|h|java|kt|json|tl|sh|md|html|css|sql|ya?ml|toml)$/.test(name)) return 'file-code'
  if (mimeType.startsWith('text/')) return 'file-text'
  return 'file'
}

/** The download part of a media card: a Download button, then a progress bar, then Open and Reveal. */
function downloadControls(message: MessageView, size: number, downloads: Downloads, actions: MediaActions, root: HTMLElement): {
  controls: HTMLElement
  status: HTMLElement
} {
  const controls = h('div', { class: 'media-controls' })
  const status = h('span', { class: 'media-status' })
  const fill = h('div', { class: 'progress-fill' })
  const bar = h('div', { class: 'progress-bar', attrs: { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 } }, fill)

  const show = (progress: DownloadProgress | undefined) => {
    controls.replaceChildren()
    const state = progress?.state ?? 'idle'
    if (state === 'downloading' && progress) {
      const percent = progress.total > 0 ? Math.min(100, Math.floor((progress.received / progress.total) * 100)) : 0
      fill.style.width = `${percent}%`
      bar.setAttribute('aria-valuenow', String(percent))
      status.textContent = `${fileSize(progress.received)} / ${fileSize(progress.total || size)}`
      controls.append(bar, iconAction('close', 'Cancel download', () => actions.cancel(message)))
    } else if (state === 'done') {
      status.textContent = fileSize(size)
      controls.append(
        textAction('link-external', 'Open', () => actions.open(message)),
        textAction('folder-opened', 'Reveal', () => actions.reveal(message)),
      )
    } else {
      status.textContent = state === 'failed' ? `Download failed${progress?.error ? `: ${cleanName(progress.error)}` : ''}` : fileSize(size)
      controls.append(textAction('cloud-download', state === 'failed' ? 'Retry' : 'Download', () => actions.download(message)))
    }
  }
  show(downloads.get(message.peerId, message.id))
  downloads.subscribe(message.peerId, message.id, root, show)
  return { controls, status }
}

function fileCard(
  message: MessageView,
  downloads: Downloads,
  actions: MediaActions,
  iconName: string,
  fileName: string,
  size: number,
  extra: string,
): HTMLElement {
  const card = h('div', { class: 'media-file' })
  const { controls, status } = downloadControls(message, size, downloads, actions, card)
  card.append(
    h('span', { class: 'media-file-icon' }, icon(iconName)),
    h('div', { class: 'media-file-body' }, h('bdi', { class: 'media-file-name', attrs: { title: cleanName(fileName, 512) } }, cleanName(fileName)), h('div', { class: 'media-file-meta' }, status, extra)),
    controls,
  )
  return card
}

function audio(
  message: MessageView,
  voice: boolean,
  label: string,
  seconds: number,
  size: number,
  downloads: Downloads,
  actions: MediaActions,
): HTMLElement {
  const card = h('div', { class: 'media-audio' })
  const player = h('div', { class: 'media-audio-player' })
  const render = (progress: DownloadProgress | undefined) => {
    player.replaceChildren()
    if (progress?.state === 'done' && progress.uri && isSafeMediaUri(progress.uri)) {
      player.append(h('audio', { attrs: { controls: true, preload: 'metadata', src: progress.uri, 'aria-label': label } }))
    } else if (progress?.state === 'downloading') {
      const percent = progress.total > 0 ? Math.floor((progress.received / progress.total) * 100) : 0
      player.append(icon('loading'), ` ${percent}%`)
    } else {
      player.append(iconAction('play', `Play ${voice ? 'voice message' : 'audio'}`, () => actions.download(message)))
    }
  }
  render(downloads.get(message.peerId, message.id))
  downloads.subscribe(message.peerId, message.id, card, render)
  card.append(
    h('span', { class: 'media-file-icon' }, icon(voice ? 'mic' : 'music')),
    h('div', { class: 'media-file-body' }, h('bdi', { class: 'media-file-name' }, cleanName(label)), h('div', { class: 'media-file-meta' }, `${duration(seconds)} · ${fileSize(size)}`)),
    player,
  )
  return card
}

function video(message: MessageView, media: Extract<MediaView, { kind: 'video' }>, downloads: Downloads, actions: MediaActions): HTMLElement {
  const { width, height } = fitInto(media.width, media.height, PHOTO_BOX)
  const card = h('div', { class: 'media-video' })
  const thumb = h('div', { class: 'media-video-thumb' }, h('span', { class: 'media-video-badge' }, icon('play'), ` ${duration(media.duration)}`))
  previewThenThumbnail(message, thumb, media.thumbUri, width, height, actions)
  const { controls, status } = downloadControls(message, media.size, downloads, actions, card)
  card.append(thumb, h('div', { class: 'media-video-bar' }, status, controls))
  return card
}

/** Audio comes back from the host like images do: a webview resource URI or a blob:. */
function isSafeMediaUri(uri: string): boolean {
  return uri.startsWith('blob:') || isSafeImageUri(uri) || /^data:audio\/(ogg|mpeg|mp4|webm|wav);base64,/.test(uri)
}

function iconAction(name: string, label: string, onClick: () => void): HTMLElement {
  const element = h('button', { class: 'icon-action', attrs: { type: 'button', title: label, 'aria-label': label } }, icon(name))
  element.addEventListener('click', (event) => {
    event.stopPropagation()
    onClick()
  })
  return element
}

function textAction(name: string, label: string, onClick: () => void): HTMLElement {
  const element = h('button', { class: 'text-action', attrs: { type: 'button' } }, icon(name), label)
  element.addEventListener('click', (event) => {
    event.stopPropagation()
    onClick()
  })
  return element
}
