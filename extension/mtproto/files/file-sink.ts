/**
 * Where downloaded bytes go: memory, a stream, or a file path. A path is written through a temporary
 * file next to it and renamed at the end, so a failed or cancelled download never leaves a half file
 * under the final name, and a finished one appears whole.
 */
import { constants } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { copyFile, open, rename, stat, truncate, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'

/**
 * Gathers the chunks in memory. With the size known, each chunk is copied into place as it arrives, so
 * it can be freed at once instead of being held until one concatenation at the end.
 */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>, sizeHint?: number): Promise<Uint8Array> {
  const preallocate = sizeHint !== undefined && sizeHint > 0 && sizeHint <= constants.MAX_LENGTH ? sizeHint : 0
  const whole = Buffer.allocUnsafe(preallocate)
  let filled = 0
  let extra: Uint8Array[] | undefined
  for await (const chunk of chunks) {
    if (extra === undefined && filled + chunk.length <= whole.length) {
      whole.set(chunk, filled)
      filled += chunk.length
    } else {
      // More than announced (or no size at all): keep the rest aside and join once at the end.
      ;(extra ??= []).push(chunk)
    }
  }
  if (extra !== undefined) return Buffer.concat([whole.subarray(0, filled), ...extra])
  return filled === whole.length ? whole : whole.subarray(0, filled)
}

/** Writes every chunk to `stream`, waiting whenever it asks to drain; the stream is left open. */
export async function writeToStream(chunks: AsyncIterable<Uint8Array>, stream: Writable): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
}

/**
 * Writes the chunks to `path`. With `keepPrefix`, the first `keepPrefix` bytes of the file already
 * there are kept and the chunks follow them (resuming a download that stopped at that offset).
 */
export async function writeToPath(chunks: AsyncIterable<Uint8Array>, path: string, keepPrefix = 0): Promise<string> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
  try {
    if (keepPrefix > 0) {
      const existing = await stat(path).catch(() => undefined)
      if (!existing || existing.size < keepPrefix) {
        throw new RangeError(`cannot resume ${path} at byte ${keepPrefix}: it holds ${existing?.size ?? 0} bytes`)
      }
      await copyFile(path, temporary)
      await truncate(temporary, keepPrefix)
    }
    const handle = await open(temporary, keepPrefix > 0 ? 'a' : 'w')
    try {
      for await (const chunk of chunks) await handle.write(chunk)
    } finally {
      await handle.close()
    }
    await rename(temporary, path)
    return path
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
}
