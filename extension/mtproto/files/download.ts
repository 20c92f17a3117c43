/**
 * The parallel downloader: chunks of a file are fetched by several workers over several lanes and
 * handed out strictly in file order. Workers stay at most a window ahead of the consumer, so a slow
 * writer bounds the memory held.
 *
 * The chunks follow upload.getFile's rules (part-plan.ts): a start offset rounded down to the chunk
 * size, whose extra head is cut off the first chunk. The end is the file size when known; otherwise
 * the first short chunk. FILE_MIGRATE_X moves the whole transfer to DC X.
 */
import { setMaxListeners } from 'node:events'
import type { TlTypes } from '../../../schema/codec/generated/types'
import { RpcError } from '../errors/rpc-error'
import { alignDownloadOffset, isValidDownloadChunkSize } from './part-plan'
import type { TransferLane } from './transfer-pool'

export interface ChunkDownloadOptions {
  location: TlTypes['InputFileLocation']
  /** The DC the file is believed to live on; FILE_MIGRATE corrects it. */
  dcId: number
  /** The first byte wanted. */
  offset: number
  chunkSize: number
  /** How far apart chunks start (Telethon's stride); the chunk size by default. A multiple of it. */
  stride?: number
  /** At most this many chunks. */
  limit?: number
  /** Known size of the file: no request is made past its end. */
  fileSize?: number
  workers: number
  /** Lanes to a DC, connected and authorized; workers share them round robin. */
  lanesTo: (dcId: number, signal: AbortSignal) => Promise<TransferLane[]>
  signal?: AbortSignal
}

/** Telegram sent a CDN redirect; CDN DCs (and their re-encryption) are not supported. */
export class CdnRedirectError extends Error {
  override readonly name = 'CdnRedirectError'
  constructor(readonly dcId: number) {
    super(`the file is served by CDN DC ${dcId}, which this client does not download from`)
  }
}

/** The chunks of a file from `offset`, in order, fetched in parallel. */
export async function* downloadChunks(options: ChunkDownloadOptions): AsyncGenerator<Uint8Array> {
  const { chunkSize } = options
  const stride = options.stride ?? chunkSize
  if (!isValidDownloadChunkSize(chunkSize)) throw new RangeError(`a chunk size must be a multiple of 4 KiB that divides 1 MiB; got ${chunkSize}`)
  if (stride < chunkSize || stride % chunkSize !== 0) throw new RangeError(`the stride must be a multiple of the chunk size (${chunkSize}); got ${stride}`)
  if (!Number.isSafeInteger(options.offset) || options.offset < 0) throw new RangeError(`invalid offset ${options.offset}`)

  const { start, skip } = alignDownloadOffset(options.offset, chunkSize)
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  // Every part or chunk in flight listens to it; their number is bounded by the workers, not by Node's default of 10.
  setMaxListeners(0, signal)
  const workers = Math.max(1, options.workers)
  const window = workers * 2

  // Chunks past the end are never fetched; without a size, the first short chunk marks the end.
  let lastChunk = options.limit ?? Infinity
  lastChunk -= 1
  if (options.fileSize !== undefined) lastChunk = Math.min(lastChunk, Math.ceil((options.fileSize - start) / stride) - 1)

  const ready = new Map<number, Uint8Array>()
  const arrived = new Notifier()
  const consumed = new Notifier()
  let nextChunk = 0
  let nextToYield = 0
  let failure: { error: unknown } | undefined
  const route = new Route(options, signal)

  const worker = async (index: number) => {
    for (;;) {
      while (nextChunk - nextToYield >= window && !signal.aborted) await consumed.wait()
      if (signal.aborted || nextChunk > lastChunk) return
      const chunk = nextChunk++
      const bytes = await route.fetch(index, start + chunk * stride, chunkSize)
      if (bytes.length < chunkSize) lastChunk = Math.min(lastChunk, chunk)
      ready.set(chunk, bytes)
      arrived.notify()
    }
  }
  const running = Array.from({ length: workers }, (_, index) =>
    worker(index).catch((error: unknown) => {
      failure ??= { error: options.signal?.aborted ? options.signal.reason : error }
      stop.abort(error)
      arrived.notify()
    }),
  )

  try {
    while (nextToYield <= lastChunk) {
      let bytes = ready.get(nextToYield)
      while (!bytes) {
        if (failure) throw failure.error
        if (nextToYield > lastChunk) return
        await arrived.wait()
        bytes = ready.get(nextToYield)
      }
      ready.delete(nextToYield)
      const first = nextToYield === 0
      nextToYield++
      consumed.notify()
      const piece = first ? bytes.subarray(Math.min(skip, bytes.length)) : bytes
      if (piece.length > 0) yield piece
    }
  } finally {
    // Finished, failed, or the consumer stopped early: no worker goes on fetching.
    stop.abort(new Error('the download is over'))
    consumed.notify()
    await Promise.all(running)
  }
}

/** Where the chunks are fetched from: the lanes of the file's DC, replaced when FILE_MIGRATE moves it. */
class Route {
  private lanes: Promise<TransferLane[]>
  private dcId: number

  constructor(
    private readonly options: ChunkDownloadOptions,
    private readonly signal: AbortSignal,
  ) {
    this.dcId = options.dcId
    this.lanes = options.lanesTo(this.dcId, signal)
  }

  async fetch(worker: number, offset: number, limit: number): Promise<Uint8Array> {
    for (let hops = 0; ; hops++) {
      const lanes = await this.lanes
      const lane = lanes[worker % lanes.length]!
      try {
        const file = await lane.invoke(
          { _: 'upload.getFile', location: this.options.location, offset: BigInt(offset), limit },
          this.signal,
        )
        if (file._ === 'upload.fileCdnRedirect') throw new CdnRedirectError(file.dc_id)
        return file.bytes
      } catch (error) {
        const target = fileMigrateTarget(error)
        if (target === undefined || hops >= MAX_MIGRATE_HOPS) throw error
        this.moveTo(target)
      }
    }
  }

  /** Every worker moves, once, whichever of them hears FILE_MIGRATE first. */
  private moveTo(dcId: number): void {
    if (dcId === this.dcId) return
    this.dcId = dcId
    this.lanes = this.options.lanesTo(dcId, this.signal)
  }
}

const MAX_MIGRATE_HOPS = 3

function fileMigrateTarget(error: unknown): number | undefined {
  return error instanceof RpcError && error.name === 'FILE_MIGRATE' ? error.value : undefined
}

/** Wakes everyone waiting at the time of a notify. */
class Notifier {
  private waiters: (() => void)[] = []

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  notify(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}
