/**
 * Uploads: uploadFile sends a file's parts in parallel over extra connections to the account's DC
 * (files/upload.ts) and returns the InputFile that names it; sendFile uploads and posts it as a photo
 * or a document with its attributes and a caption.
 *
 *   const file = await client.uploadFile('report.pdf', { onProgress: (done, total) => bar.update(done / total!) })
 *   await client.sendFile('me', 'cat.jpg', { caption: 'the **cat**' })
 *   await client.sendFile('me', buffer, { fileName: 'memo.ogg', voiceNote: true, duration: 7 })
 */
import { extname } from 'node:path'
import type { TlConstructors, TlMethods, TlTypes } from '../../../schema/codec/generated/types'
import { openFileSource, type FileInput } from '../files/file-source'
import { planUpload } from '../files/part-plan'
import type { ProgressCallback } from '../files/progress'
import { uploadParts } from '../files/upload'
import type { MessageEntity } from '../text/formatted-text'
import type { Message } from './message'
import { formatText, sentMessage, type ParseMode } from './messages'
import { randomLong } from './random-id'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

/** Parts in flight at once, by default: against the sandbox, 4 on 4 connections beat 2, 3 and 8 (64 MiB). */
export const DEFAULT_UPLOAD_WORKERS = 4
/** Connections the parts are spread over, by default. */
export const DEFAULT_UPLOAD_CONNECTIONS = 4

export interface UploadFileOptions {
  /** Bytes per part: a multiple of 1 KiB that divides 512 KiB (default 512 KiB). */
  partSize?: number
  /** Parts in flight at once (default 4). */
  workers?: number
  /** Connections to spread them over (default 4, never more than workers). */
  connections?: number
  onProgress?: ProgressCallback
  /** Aborting stops sending parts and cancels those in flight; the upload rejects with the signal's reason. */
  signal?: AbortSignal
  /** The name Telegram records (a path's base name by default); its extension decides photo or document. */
  fileName?: string
  /** The byte length of a stream, which lets it be sent part by part instead of read into memory first. */
  size?: number
}

/** What sendFile sends: a new file, an upload already made, or media Telegram already has. */
export type SendableFile = FileInput | TlTypes['InputFile'] | TlTypes['InputMedia'] | TlTypes['Photo'] | TlTypes['Document'] | TlTypes['MessageMedia']

export interface SendFileOptions extends UploadFileOptions {
  caption?: string
  /** How the caption is formatted; markdown by default. */
  parseMode?: ParseMode
  /** Entities of a plain caption; replaces parsing. */
  entities?: MessageEntity[]
  /** Send a picture as a file, uncompressed. */
  forceDocument?: boolean
  /** Document attributes; each replaces the one of the same kind that would be inferred. */
  attributes?: TlTypes['DocumentAttribute'][]
  /** The MIME type; guessed from the file name otherwise. */
  mimeType?: string
  /** A JPEG preview for a document (at most 320x320, under 200 KiB). */
  thumb?: FileInput
  /** Send audio as a voice note. */
  voiceNote?: boolean
  /** Send video as a round video note. */
  videoNote?: boolean
  /** Video that can be played while it downloads. */
  supportsStreaming?: boolean
  /** Seconds of audio or video. */
  duration?: number
  width?: number
  height?: number
  /** Audio metadata. */
  title?: string
  performer?: string
  replyTo?: number
  silent?: boolean
  /** Send later: a Date, or Unix seconds. */
  schedule?: Date | number
  /** Blur the media until tapped. */
  spoiler?: boolean
}

export const uploadMethods = {
  /**
   * Uploads a file (a path, bytes, or a stream) to the account's DC and returns the InputFile for
   * messages.sendMedia and friends. Parts go in parallel; files over 10 MiB take the big-file path.
   */
  async uploadFile(this: TelegramClient, file: FileInput, options: UploadFileOptions = {}): Promise<TlTypes['InputFile']> {
    const source = await openFileSource(file, options.size)
    try {
      const { parts } = planUpload(source.size, options.partSize)
      const workers = Math.min(options.workers ?? DEFAULT_UPLOAD_WORKERS, parts)
      const connections = Math.min(options.connections ?? DEFAULT_UPLOAD_CONNECTIONS, workers)
      const lanes = await this.transfers.lanes(this.homeDcId, connections, options.signal)
      const name = options.fileName ?? source.name ?? 'file'
      return await uploadParts(source, name, lanes, { ...options, workers })
    } finally {
      await source.close()
    }
  },

  /**
   * Sends a file to a chat: pictures as photos (unless `forceDocument`), everything else as a
   * document with its file name and the audio or video attributes its type implies.
   */
  async sendFile(this: TelegramClient, peer: EntityLike, file: SendableFile, options: SendFileOptions = {}): Promise<Message> {
    const input = await this.resolvePeer(peer)
    const media = await inputMediaFor(this, file, options)
    const caption = await formatText(this, options.caption ?? '', options)
    const request: TlMethods['messages.sendMedia'] = {
      _: 'messages.sendMedia',
      peer: input,
      media,
      message: caption.text,
      random_id: randomLong(),
      ...(caption.entities.length > 0 ? { entities: caption.entities } : {}),
      ...(options.replyTo !== undefined ? { reply_to: { _: 'inputReplyToMessage', reply_to_msg_id: options.replyTo } } : {}),
      ...(options.silent ? { silent: true } : {}),
      ...(options.schedule !== undefined ? { schedule_date: unixSeconds(options.schedule) } : {}),
    }
    const updates = await this.call(request)
    return sentMessage(this, input, request, updates)
  },
}

async function inputMediaFor(client: TelegramClient, file: SendableFile, options: SendFileOptions): Promise<TlTypes['InputMedia']> {
  if (isTlObject(file)) {
    switch (file._) {
      case 'inputFile':
      case 'inputFileBig':
        return uploadedMedia(client, file, file.name, options)
      case 'inputFileStoryDocument':
        throw new TypeError('a story document cannot be sent as a message file')
      case 'photo':
        return { _: 'inputMediaPhoto', id: { _: 'inputPhoto', id: file.id, access_hash: file.access_hash, file_reference: file.file_reference } }
      case 'document':
        return { _: 'inputMediaDocument', id: { _: 'inputDocument', id: file.id, access_hash: file.access_hash, file_reference: file.file_reference } }
      case 'messageMediaPhoto':
        if (file.photo?._ !== 'photo') throw new TypeError('the media has no photo to send')
        return inputMediaFor(client, file.photo, options)
      case 'messageMediaDocument':
        if (file.document?._ !== 'document') throw new TypeError('the media has no document to send')
        return inputMediaFor(client, file.document, options)
      default:
        if (file._.startsWith('inputMedia')) return file as TlTypes['InputMedia']
        throw new TypeError(`${file._} cannot be sent as a file`)
    }
  }
  const uploaded = (await client.uploadFile(file, options)) as TlConstructors['inputFile'] | TlConstructors['inputFileBig']
  return uploadedMedia(client, uploaded, uploaded.name, options)
}

async function uploadedMedia(
  client: TelegramClient,
  file: TlTypes['InputFile'],
  name: string,
  options: SendFileOptions,
): Promise<TlTypes['InputMedia']> {
  const mimeType = options.mimeType ?? guessMimeType(name)
  const asPhoto = !options.forceDocument && !options.voiceNote && !options.videoNote && PHOTO_MIME_TYPES.has(mimeType)
  if (asPhoto) return { _: 'inputMediaUploadedPhoto', file, ...(options.spoiler ? { spoiler: true } : {}) }
  const thumb = options.thumb === undefined ? undefined : await client.uploadFile(options.thumb, { fileName: 'thumb.jpg', signal: options.signal })
  return {
    _: 'inputMediaUploadedDocument',
    file,
    mime_type: mimeType,
    attributes: documentAttributes(name, mimeType, options),
    ...(thumb ? { thumb } : {}),
    ...(options.forceDocument ? { force_file: true } : {}),
    ...(options.spoiler ? { spoiler: true } : {}),
  }
}

/** The attributes a document gets from its name, its type and the options; explicit ones win by kind. */
export function documentAttributes(name: string, mimeType: string, options: SendFileOptions): TlTypes['DocumentAttribute'][] {
  const inferred: TlTypes['DocumentAttribute'][] = [{ _: 'documentAttributeFilename', file_name: name }]
  if (options.voiceNote || (mimeType.startsWith('audio/') && !options.forceDocument)) {
    inferred.push({
      _: 'documentAttributeAudio',
      duration: options.duration ?? 0,
      ...(options.voiceNote ? { voice: true } : {}),
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.performer !== undefined ? { performer: options.performer } : {}),
    })
  } else if (options.videoNote || (mimeType.startsWith('video/') && !options.forceDocument)) {
    inferred.push({
      _: 'documentAttributeVideo',
      duration: options.duration ?? 0,
      w: options.width ?? 0,
      h: options.height ?? 0,
      ...(options.videoNote ? { round_message: true } : {}),
      ...(options.supportsStreaming ? { supports_streaming: true } : {}),
    })
  }
  const explicit = options.attributes ?? []
  return [...inferred.filter((attribute) => !explicit.some((given) => given._ === attribute._)), ...explicit]
}

/** Picture types Telegram re-renders as photos. GIF and WebP stay documents (animations, stickers). */
const PHOTO_MIME_TYPES = new Set(['image/jpeg', 'image/png', 'image/bmp', 'image/heic'])

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.flac': 'audio/flac',
  '.wav': 'audio/wav',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.tgs': 'application/x-tgsticker',
}

export function guessMimeType(name: string): string {
  return MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream'
}

function unixSeconds(when: Date | number): number {
  return typeof when === 'number' ? when : Math.floor(when.getTime() / 1000)
}

function isTlObject(value: SendableFile): value is Exclude<SendableFile, FileInput> {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && typeof (value as { _?: unknown })._ === 'string'
}
