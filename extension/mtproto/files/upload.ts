/**
 * The parallel uploader. A file is cut into parts (part-plan.ts); workers take the next part
 * number, read it, and send it over their lane, so several parts are in flight on several
 * connections at once. Small files go through upload.saveFilePart and carry their MD5; files over
 * 10 MiB go through upload.saveBigFilePart. An abort stops handing out parts and cancels the ones in
 * flight.
 */
import { createHash, randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { FileSource } from './file-source'
import { planUpload, type UploadPlan } from './part-plan'
import { ProgressCounter, type ProgressCallback } from './progress'
import type { TransferLane } from './transfer-pool'

export interface UploadPartsOptions {
  partSize?: number
  /** How many parts are in flight at once (spread over the lanes). */
  workers: number
  onProgress?: ProgressCallback
  signal?: AbortSignal
}

/** Sends every part of `source` over `lanes` and returns the InputFile that names the upload. */
export async function uploadParts(
  source: FileSource,
  name: string,
  lanes: readonly TransferLane[],
  options: UploadPartsOptions,
): Promise<TlTypes['InputFile']> {
  const plan = planUpload(source.size, options.partSize)
  const fileId = randomBytes(8).readBigInt64LE()
  // The MD5 is fed in part order, whichever order the parts are read in.
  const md5 = plan.big ? undefined : new OrderedHash()
  const progress = new ProgressCounter(source.size, options.onProgress)
  const failure = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, failure.signal]) : failure.signal
  // Every part or chunk in flight listens to it; their number is bounded by the workers, not by Node's default of 10.
  setMaxListeners(0, signal)
  let nextPart = 0

  const worker = async (lane: TransferLane) => {
    while (nextPart < plan.parts) {
      signal.throwIfAborted()
      const part = nextPart++
      const bytes = await source.read(part * plan.partSize, plan.partSize)
      md5?.add(part, bytes)
      signal.throwIfAborted()
      await lane.invoke(savePartRequest(fileId, part, plan, bytes), signal)
      progress.add(bytes.length)
    }
  }

  const workers = Math.max(1, Math.min(options.workers, plan.parts))
  try {
    await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        worker(lanes[i % lanes.length]!).catch((error: unknown) => {
          // One failed part fails the upload: the other workers stop instead of sending the rest.
          failure.abort(error)
          throw error
        }),
      ),
    )
  } catch (error) {
    throw options.signal?.aborted ? options.signal.reason : error
  }
  if (plan.big) return { _: 'inputFileBig', id: fileId, parts: plan.parts, name }
  return { _: 'inputFile', id: fileId, parts: plan.parts, name, md5_checksum: md5!.digest() }
}

function savePartRequest(fileId: bigint, part: number, plan: UploadPlan, bytes: Uint8Array) {
  return plan.big
    ? ({ _: 'upload.saveBigFilePart', file_id: fileId, file_part: part, file_total_parts: plan.parts, bytes } as const)
    : ({ _: 'upload.saveFilePart', file_id: fileId, file_part: part, bytes } as const)
}

/** An MD5 over parts that may arrive out of order: early parts wait until the gap before them fills. */
class OrderedHash {
  private readonly hash = createHash('md5')
  private readonly waiting = new Map<number, Uint8Array>()
  private next = 0

  add(index: number, bytes: Uint8Array): void {
    this.waiting.set(index, bytes)
    for (let part = this.waiting.get(this.next); part; part = this.waiting.get(this.next)) {
      this.hash.update(part)
      this.waiting.delete(this.next++)
    }
  }

  digest(): string {
    if (this.waiting.size > 0) throw new Error('the MD5 is missing parts')
    return this.hash.digest('hex')
  }
}
