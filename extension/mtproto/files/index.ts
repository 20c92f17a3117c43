// Files: part planning, the parallel uploader and downloader over extra connections, where downloaded bytes go,
// and the photo sizes and stripped thumbnails of media.
export { uploadParts, type UploadPartsOptions } from './upload'
export { downloadChunks, CdnRedirectError, type ChunkDownloadOptions } from './download'
export { openFileSource, isReadableStream, type FileInput, type FileSource } from './file-source'
export { collectBytes, writeToPath, writeToStream } from './file-sink'
export { locateMedia, selectSize, sortSizes, MediaNotDownloadableError, type DownloadableMedia, type MediaFile, type ThumbSelector } from './media-location'
export { inflateStrippedThumbnail, StrippedThumbnailError } from './stripped-thumbnail'
export { TransferPool, MAX_TRANSFER_CONNECTIONS, type TransferLane, type TransferPoolOptions } from './transfer-pool'
export { ProgressCounter, type ProgressCallback } from './progress'
export * from './part-plan'
