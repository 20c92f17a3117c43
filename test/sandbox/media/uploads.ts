// Uploaded file parts, kept until a method uses them (core.telegram.org/api/files, "Uploading files"). Parts are
// checked as they arrive as far as a single part allows; the rest (missing parts, the part size across the
// file, the MD5) is checked when an inputFile / inputFileBig is used, because only then is the file complete.
import { createHash } from 'node:crypto'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { RpcError } from '../rpc/rpc-error'

/** appConfig upload_max_fileparts_default: parts are numbered 0 .. 3999. */
export const UPLOAD_MAX_PARTS = 4000
/** 512 KiB, the largest part; every part size must divide it. */
export const MAX_PART_SIZE = 524288
/** Files above 10 MiB must be uploaded with upload.saveBigFilePart and passed as inputFileBig. */
export const BIG_FILE_THRESHOLD = 10 * 1024 * 1024
/** Parts live "between several minutes and several hours"; the sandbox forgets an untouched file after an hour. */
const PART_LIFETIME_SECONDS = 3600

type UploadKind = 'small' | 'big'

interface PartialFile {
  readonly parts: Map<number, Uint8Array>
  /** Declared by saveBigFilePart; -1 while a stream's length is unknown. */
  totalParts: number | undefined
  /** The size of the non-final parts, once one was seen (saveBigFilePart only). */
  partSize: number | undefined
  touchedAt: number
}

export interface AssembledFile {
  readonly bytes: Uint8Array
  /** The client's file name from the inputFile; the extension decides what a photo upload may be. */
  readonly name: string
}

/** Who uploaded: files are private to one account (or one auth key before sign-in) on one DC. */
export type UploaderKey = string

export class UploadStore {
  private readonly files = new Map<string, PartialFile>()

  constructor(private readonly nowSeconds: () => number) {}

  /** upload.saveFilePart. */
  saveSmallPart(uploader: UploaderKey, fileId: bigint, part: number, bytes: Uint8Array): void {
    if (part < 0 || part >= UPLOAD_MAX_PARTS) throw RpcError.badRequest('FILE_PART_INVALID')
    if (bytes.length === 0) throw RpcError.badRequest('FILE_PART_EMPTY')
    if (bytes.length > MAX_PART_SIZE) throw RpcError.badRequest('FILE_PART_TOO_BIG')
    this.file(uploader, 'small', fileId).parts.set(part, bytes)
  }

  /** upload.saveBigFilePart; `totalParts` is -1 for the parts of a stream before its last. */
  saveBigPart(uploader: UploaderKey, fileId: bigint, part: number, totalParts: number, bytes: Uint8Array): void {
    if (totalParts !== -1 && (totalParts < 1 || totalParts > UPLOAD_MAX_PARTS)) throw RpcError.badRequest('FILE_PARTS_INVALID')
    // A stream that ends on a part boundary sends one empty part numbered `totalParts`, to say how many there were.
    const streamTerminator = bytes.length === 0 && totalParts > 0 && part === totalParts
    if (part < 0 || part >= UPLOAD_MAX_PARTS || (totalParts > 0 && part >= totalParts && !streamTerminator)) {
      throw RpcError.badRequest('FILE_PART_INVALID')
    }
    if (bytes.length === 0 && !streamTerminator) throw RpcError.badRequest('FILE_PART_EMPTY')
    if (bytes.length > MAX_PART_SIZE) throw RpcError.badRequest('FILE_PART_TOO_BIG')
    const file = this.file(uploader, 'big', fileId)
    if (file.totalParts !== undefined && file.totalParts !== -1 && totalParts !== -1 && file.totalParts !== totalParts) {
      throw RpcError.badRequest('FILE_PARTS_INVALID')
    }
    const isLast = totalParts !== -1 && part >= totalParts - 1
    if (!isLast) {
      if (!isValidPartSize(bytes.length)) throw RpcError.badRequest('FILE_PART_SIZE_INVALID')
      if (file.partSize !== undefined && file.partSize !== bytes.length) throw RpcError.badRequest('FILE_PART_SIZE_CHANGED')
      file.partSize = bytes.length
    } else if (file.partSize !== undefined && bytes.length > file.partSize) {
      throw RpcError.badRequest('FILE_PART_SIZE_CHANGED')
    }
    if (totalParts !== -1) file.totalParts = totalParts
    else file.totalParts ??= -1
    if (!streamTerminator) file.parts.set(part, bytes)
  }

  /**
   * The whole file an inputFile / inputFileBig names, checked as Telegram checks it when a method uses it:
   * FILE_PARTS_INVALID, FILE_PART_X_MISSING, FILE_PART_LENGTH_INVALID, MD5_CHECKSUM_INVALID.
   */
  assemble(uploader: UploaderKey, input: TlTypes['InputFile']): AssembledFile {
    if (input._ === 'inputFileStoryDocument') throw RpcError.badRequest('INPUT_FILE_INVALID')
    const kind: UploadKind = input._ === 'inputFileBig' ? 'big' : 'small'
    if (input.parts < 1 || input.parts > UPLOAD_MAX_PARTS) throw RpcError.badRequest('FILE_PARTS_INVALID')
    const file = this.files.get(fileKey(uploader, kind, input.id))
    if (kind === 'big' && file?.totalParts !== undefined && file.totalParts !== -1 && file.totalParts !== input.parts) {
      throw RpcError.badRequest('FILE_PARTS_INVALID')
    }
    const parts: Uint8Array[] = []
    for (let index = 0; index < input.parts; index++) {
      const part = file?.parts.get(index)
      if (!part) throw RpcError.badRequest(`FILE_PART_${index}_MISSING`)
      parts.push(part)
    }
    checkPartLengths(parts)
    const bytes = concat(parts)
    if (input._ === 'inputFile') {
      // A small upload is at most 10 MiB; larger files must take the big-file path.
      if (bytes.length > BIG_FILE_THRESHOLD) throw RpcError.badRequest('FILE_PARTS_INVALID')
      const md5 = input.md5_checksum
      if (md5 !== '' && md5.toLowerCase() !== createHash('md5').update(bytes).digest('hex')) {
        throw RpcError.badRequest('MD5_CHECKSUM_INVALID')
      }
    }
    file!.touchedAt = this.nowSeconds()
    return { bytes, name: input.name }
  }

  /** How many partial files are held, for tests. */
  get size(): number {
    return this.files.size
  }

  private file(uploader: UploaderKey, kind: UploadKind, fileId: bigint): PartialFile {
    const now = this.nowSeconds()
    this.forgetStale(now)
    const key = fileKey(uploader, kind, fileId)
    let file = this.files.get(key)
    if (!file) this.files.set(key, (file = { parts: new Map(), totalParts: undefined, partSize: undefined, touchedAt: now }))
    file.touchedAt = now
    return file
  }

  private forgetStale(now: number): void {
    for (const [key, file] of this.files) if (now - file.touchedAt > PART_LIFETIME_SECONDS) this.files.delete(key)
  }
}

/** part_size % 1024 == 0 and 524288 % part_size == 0. */
export function isValidPartSize(size: number): boolean {
  return size > 0 && size % 1024 === 0 && MAX_PART_SIZE % size === 0
}

/** Every part but the last has one valid size; the last is no bigger. */
function checkPartLengths(parts: readonly Uint8Array[]): void {
  if (parts.length === 1) return
  const size = parts[0]!.length
  if (!isValidPartSize(size)) throw RpcError.badRequest('FILE_PART_LENGTH_INVALID')
  for (let i = 1; i < parts.length - 1; i++) if (parts[i]!.length !== size) throw RpcError.badRequest('FILE_PART_LENGTH_INVALID')
  if (parts[parts.length - 1]!.length > size) throw RpcError.badRequest('FILE_PART_LENGTH_INVALID')
}

function fileKey(uploader: UploaderKey, kind: UploadKind, fileId: bigint): string {
  return `${uploader}/${kind}/${fileId}`
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0)
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.length
  }
  return bytes
}
