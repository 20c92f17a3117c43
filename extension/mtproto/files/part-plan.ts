/**
 * Telegram's size rules for file transfers (core.telegram.org/api/files), in one place.
 *
 * Uploads: a part size divides 512 KiB and is a multiple of 1 KiB; a file has at most 4,000 parts;
 * files over 10 MiB take the big-file path (upload.saveBigFilePart, inputFileBig).
 *
 * Downloads (upload.getFile without `precise`): offset and limit are multiples of 4 KiB, 1 MiB is a
 * multiple of limit, and one request never crosses a 1 MiB boundary.
 */

export const KIB = 1024
export const MIB = 1024 * KIB

export const MAX_UPLOAD_PART_SIZE = 512 * KIB
export const MAX_UPLOAD_PARTS = 4000
/** Files larger than this must use upload.saveBigFilePart. */
export const BIG_FILE_THRESHOLD = 10 * MIB
/** The largest file the part limits allow (4,000 parts of 512 KiB). */
export const MAX_UPLOAD_SIZE = MAX_UPLOAD_PARTS * MAX_UPLOAD_PART_SIZE

export const DOWNLOAD_ALIGNMENT = 4 * KIB
export const MAX_DOWNLOAD_CHUNK = MIB

/**
 * The default upload part size. 512 KiB measured fastest against the sandbox at every size (fewer
 * round trips and less per-message overhead); smaller parts only help progress granularity.
 */
export const DEFAULT_UPLOAD_PART_SIZE = 512 * KIB
/** The default download chunk: the largest the server gives in one request. */
export const DEFAULT_DOWNLOAD_CHUNK = MIB

export class FileSizeError extends RangeError {
  override readonly name = 'FileSizeError'
}

export interface UploadPlan {
  readonly partSize: number
  readonly parts: number
  readonly big: boolean
}

export function isValidUploadPartSize(size: number): boolean {
  return Number.isInteger(size) && size > 0 && size % KIB === 0 && MAX_UPLOAD_PART_SIZE % size === 0
}

/** How a file of `size` bytes is cut into parts; `partSize` must be a valid part size when given. */
export function planUpload(size: number, partSize = DEFAULT_UPLOAD_PART_SIZE): UploadPlan {
  if (!isValidUploadPartSize(partSize)) {
    throw new FileSizeError(`a part size must be a multiple of 1 KiB that divides 512 KiB; got ${partSize}`)
  }
  if (size <= 0) throw new FileSizeError('Telegram does not accept empty files')
  if (size > MAX_UPLOAD_SIZE) throw new FileSizeError(`the file is ${size} bytes; Telegram accepts at most ${MAX_UPLOAD_SIZE}`)
  // A smaller part size than asked would exceed the part limit: grow it to the smallest that fits.
  let effective = partSize
  while (Math.ceil(size / effective) > MAX_UPLOAD_PARTS) effective *= 2
  return { partSize: effective, parts: Math.ceil(size / effective), big: size > BIG_FILE_THRESHOLD }
}

export function isValidDownloadChunkSize(size: number): boolean {
  return Number.isInteger(size) && size > 0 && size % DOWNLOAD_ALIGNMENT === 0 && MAX_DOWNLOAD_CHUNK % size === 0
}

/**
 * Where a chunked download starts: `offset` rounded down to a multiple of the chunk size (so that no
 * chunk crosses a 1 MiB boundary), and how many bytes of the first chunk lie before `offset`.
 */
export function alignDownloadOffset(offset: number, chunkSize: number): { start: number; skip: number } {
  const start = offset - (offset % chunkSize)
  return { start, skip: offset - start }
}
