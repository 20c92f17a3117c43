/**
 * What an upload reads from: a path, bytes in memory, or a Node stream, seen through one interface
 * that hands out parts by index. Paths and bytes are read at any position, so parts can be read in
 * parallel; a stream is read front to back, so its parts are handed out in order.
 */
import { open, stat, type FileHandle } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Readable } from 'node:stream'

/** Anything uploadFile accepts as the file itself. */
export type FileInput = string | Uint8Array | Readable

export interface FileSource {
  readonly size: number
  /** The name the file had (a path's base name), if the input tells it. */
  readonly name: string | undefined
  /** Bytes [offset, offset + length), clipped to the end of the file. Streams require increasing offsets. */
  read(offset: number, length: number): Promise<Uint8Array>
  close(): Promise<void>
}

export function isReadableStream(input: unknown): input is Readable {
  return typeof input === 'object' && input !== null && typeof (input as Readable).pipe === 'function' && typeof (input as Readable).read === 'function'
}

/**
 * Opens `input` for reading. A stream needs its size to be streamed part by part; without `size`
 * it is read into memory first (its length is only known at its end, and small and big uploads
 * differ from the first part on).
 */
export async function openFileSource(input: FileInput, size?: number): Promise<FileSource> {
  if (typeof input === 'string') return openPath(input)
  if (input instanceof Uint8Array) return bytesSource(input, undefined)
  if (isReadableStream(input)) {
    const name = streamPath(input)
    if (size === undefined) return bytesSource(await readWhole(input), name)
    return streamSource(input, size, name)
  }
  throw new TypeError('a file must be a path, a Uint8Array or a readable stream')
}

async function openPath(path: string): Promise<FileSource> {
  const info = await stat(path)
  if (!info.isFile()) throw new TypeError(`${path} is not a regular file`)
  const handle: FileHandle = await open(path, 'r')
  return {
    size: info.size,
    name: basename(path),
    async read(offset, length) {
      const bytes = Buffer.allocUnsafe(Math.max(0, Math.min(length, info.size - offset)))
      let done = 0
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, offset + done)
        if (bytesRead === 0) throw new Error(`${path} shrank while it was being uploaded`)
        done += bytesRead
      }
      return bytes
    },
    close: () => handle.close(),
  }
}

function bytesSource(bytes: Uint8Array, name: string | undefined): FileSource {
  return {
    size: bytes.length,
    name,
    read: async (offset, length) => bytes.subarray(offset, Math.min(offset + length, bytes.length)),
    close: async () => {},
  }
}

/** A stream of known size, read in order; each part waits for the bytes before it. */
function streamSource(stream: Readable, size: number, name: string | undefined): FileSource {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>
  let buffered: Uint8Array[] = []
  let bufferedBytes = 0
  let position = 0
  let queue: Promise<unknown> = Promise.resolve()

  const take = async (offset: number, length: number): Promise<Uint8Array> => {
    if (offset !== position) throw new Error('a stream is read in order: parts must be requested front to back')
    const want = Math.min(length, size - offset)
    while (bufferedBytes < want) {
      const next = await chunks.next()
      if (next.done) throw new Error(`the stream ended after ${position + bufferedBytes} of the ${size} bytes announced`)
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value
      buffered.push(chunk)
      bufferedBytes += chunk.length
    }
    const joined = Buffer.concat(buffered)
    const part = joined.subarray(0, want)
    const rest = joined.subarray(want)
    buffered = rest.length > 0 ? [rest] : []
    bufferedBytes = rest.length
    position += want
    return part
  }
  return {
    size,
    name,
    // Calls are chained, so parallel workers asking for consecutive parts get them in order.
    read(offset, length) {
      const result = queue.then(() => take(offset, length))
      queue = result.catch(() => {})
      return result
    },
    close: async () => {
      await chunks.return?.()
    },
  }
}

async function readWhole(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks)
}

/** fs.ReadStream carries the path it reads. */
function streamPath(stream: Readable): string | undefined {
  const path = (stream as Readable & { path?: unknown }).path
  return typeof path === 'string' ? basename(path) : undefined
}
