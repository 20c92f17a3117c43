/**
 * Downloads: the file behind a message, a photo, a document or a profile picture, fetched in
 * parallel chunks over extra connections to the DC that holds it (files/download.ts), written in
 * order to memory, a stream, or a path (through a temporary file, renamed when complete).
 *
 *   const bytes = await client.downloadMedia(message)
 *   await client.downloadMedia(message, { file: 'video.mp4', onProgress: (done, total) => ... })
 *   for await (const chunk of client.iterDownload(location, { chunkSize: 64 * 1024 })) ...
 *
 * `offset` resumes: only the bytes from there on are fetched; with a path, the bytes before the
 * offset are kept from the file already there.
 */
import type { Writable } from 'node:stream'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { downloadChunks } from '../files/download'
import { collectBytes, writeToPath, writeToStream } from '../files/file-sink'
import { locateMedia, MediaNotDownloadableError, type DownloadableMedia, type MediaFile, type ThumbSelector } from '../files/media-location'
import { DEFAULT_DOWNLOAD_CHUNK } from '../files/part-plan'
import { ProgressCounter, type ProgressCallback } from '../files/progress'
import { Message } from './message'
import type { TelegramClient } from './telegram-client'
import type { EntityLike } from './users'

/** Chunks in flight at once, by default: against the sandbox, 4 on 4 connections beat 2, 3 and 8. */
export const DEFAULT_DOWNLOAD_WORKERS = 4
/** Connections they are spread over, by default. */
export const DEFAULT_DOWNLOAD_CONNECTIONS = 4

export interface DownloadOptions {
  /** A path (written whole or not at all) or a stream (left open); memory when omitted. */
  file?: string | Writable
  onProgress?: ProgressCallback
  /** Aborting cancels the chunks in flight; a path is left untouched. */
  signal?: AbortSignal
  /** Start at this byte (resume). */
  offset?: number
  /** Bytes per request: a multiple of 4 KiB that divides 1 MiB (default 1 MiB). */
  chunkSize?: number
  /** Chunks in flight at once (default 4). */
  workers?: number
  /** Connections to spread them over (default 4, never more than workers). */
  connections?: number
}

export interface DownloadMediaOptions extends DownloadOptions {
  /** A photo rendition or document thumbnail: an index into the sizes by byte count (-1 largest), a type letter, or a size. */
  thumb?: ThumbSelector
}

export interface DownloadFileOptions extends DownloadOptions {
  /** The DC the file lives on (the account's by default; FILE_MIGRATE corrects it). */
  dcId?: number
  /** The file's size, for progress and to stop without probing past the end. */
  fileSize?: number
}

export interface IterDownloadOptions {
  dcId?: number
  offset?: number
  /** At most this many chunks. */
  limit?: number
  chunkSize?: number
  /** Distance between the starts of consecutive chunks; a multiple of the chunk size. */
  stride?: number
  fileSize?: number
  workers?: number
  connections?: number
  signal?: AbortSignal
}

export interface DownloadProfilePhotoOptions extends DownloadOptions {
  /** The large rendition instead of the small one. */
  big?: boolean
}

/** Something downloadMedia accepts: a message, or the media, photo or document itself. */
export type MediaSource = Message | TlTypes['Message'] | DownloadableMedia

/** Where the bytes ended up: the path, the stream, or the bytes themselves. */
export type DownloadResult<O> = O extends { file: string } ? string : O extends { file: Writable } ? Writable : Uint8Array

export const downloadMethods = {
  /** Downloads a message's photo or document (or a thumbnail of it, with `thumb`). */
  async downloadMedia<O extends DownloadMediaOptions>(this: TelegramClient, source: MediaSource, options?: O): Promise<DownloadResult<O>> {
    const file = locateMedia(mediaOf(source), options?.thumb)
    return saveFile(this, file, options ?? {}) as Promise<DownloadResult<O>>
  },

  /** Downloads the file an InputFileLocation names. */
  async downloadFile<O extends DownloadFileOptions>(this: TelegramClient, location: TlTypes['InputFileLocation'], options?: O): Promise<DownloadResult<O>> {
    const file: MediaFile = {
      kind: 'remote',
      location,
      dcId: options?.dcId ?? this.homeDcId,
      size: options?.fileSize,
      mimeType: 'application/octet-stream',
      fileName: undefined,
    }
    return saveFile(this, file, options ?? {}) as Promise<DownloadResult<O>>
  },

  /** The chunks of a file, in order, fetched in parallel ahead of the consumer. Breaking out stops the fetching. */
  iterDownload(this: TelegramClient, location: TlTypes['InputFileLocation'], options: IterDownloadOptions = {}): AsyncIterable<Uint8Array> {
    const chunkSize = options.chunkSize ?? DEFAULT_DOWNLOAD_CHUNK
    const offset = options.offset ?? 0
    const workers = Math.min(options.workers ?? DEFAULT_DOWNLOAD_WORKERS, chunksWanted(offset, chunkSize, options))
    const connections = Math.min(options.connections ?? DEFAULT_DOWNLOAD_CONNECTIONS, workers)
    return downloadChunks({
      location,
      dcId: options.dcId ?? this.homeDcId,
      offset,
      chunkSize,
      workers,
      lanesTo: (dcId, signal) => this.transfers.lanes(dcId, connections, signal),
      ...(options.stride !== undefined ? { stride: options.stride } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.fileSize !== undefined ? { fileSize: options.fileSize } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  },

  /**
   * Downloads the current profile photo of a user, group or channel (small unless `big`); undefined
   * when it has none.
   */
  async downloadProfilePhoto<O extends DownloadProfilePhotoOptions>(
    this: TelegramClient,
    entity: EntityLike,
    options?: O,
  ): Promise<DownloadResult<O> | undefined> {
    const peer = await this.resolvePeer(entity)
    const full = await this.getEntity(entity)
    const photo = 'photo' in full ? full.photo : undefined
    if (!photo || (photo._ !== 'userProfilePhoto' && photo._ !== 'chatPhoto')) return undefined
    const file: MediaFile = {
      kind: 'remote',
      location: { _: 'inputPeerPhotoFileLocation', peer, photo_id: photo.photo_id, ...(options?.big ? { big: true } : {}) },
      dcId: photo.dc_id,
      size: undefined,
      mimeType: 'image/jpeg',
      fileName: undefined,
    }
    return saveFile(this, file, options ?? {}) as Promise<DownloadResult<O>>
  },
}

function mediaOf(source: MediaSource): DownloadableMedia {
  if (source instanceof Message) {
    if (!source.media) throw new MediaNotDownloadableError(`message ${source.id} has no media`)
    return source.media
  }
  if (source._ === 'message') {
    if (!source.media) throw new MediaNotDownloadableError(`message ${source.id} has no media`)
    return source.media
  }
  if (source._ === 'messageService' || source._ === 'messageEmpty') throw new MediaNotDownloadableError(`${source._} has no media`)
  return source
}

/** Fetches `file` from `options.offset` on and delivers it where `options.file` says. */
async function saveFile(client: TelegramClient, file: MediaFile, options: DownloadOptions): Promise<Uint8Array | string | Writable> {
  const offset = options.offset ?? 0
  const size = file.kind === 'inline' ? file.bytes.length : file.size
  const progress = new ProgressCounter(size === undefined ? undefined : Math.max(0, size - offset), options.onProgress)
  const chunks =
    file.kind === 'inline'
      ? inlineChunks(file.bytes.subarray(offset))
      : client.iterDownload(file.location, {
          dcId: file.dcId,
          offset,
          ...(file.size !== undefined ? { fileSize: file.size } : {}),
          ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
          ...(options.workers !== undefined ? { workers: options.workers } : {}),
          ...(options.connections !== undefined ? { connections: options.connections } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })
  const counted = counting(chunks, progress)
  if (typeof options.file === 'string') return writeToPath(counted, options.file, offset)
  if (options.file) {
    await writeToStream(counted, options.file)
    return options.file
  }
  return collectBytes(counted, size === undefined ? undefined : size - offset)
}

async function* inlineChunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  if (bytes.length > 0) yield bytes
}

async function* counting(chunks: AsyncIterable<Uint8Array>, progress: ProgressCounter): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    yield chunk
    progress.add(chunk.length)
  }
}

/** How many chunks a download needs at most, so a small file does not open connections it cannot use. */
function chunksWanted(offset: number, chunkSize: number, options: IterDownloadOptions): number {
  let wanted = options.limit ?? Infinity
  if (options.fileSize !== undefined) {
    const start = offset - (offset % chunkSize)
    wanted = Math.min(wanted, Math.max(1, Math.ceil((options.fileSize - start) / (options.stride ?? chunkSize))))
  }
  return Math.max(1, wanted)
}
