// Uploads and downloads of the friendly client against the sandbox over TCP: byte-identical round trips on
// the small and big-file paths, parts really in parallel on several connections (seen from the server),
// progress, cancellation that leaves nothing behind, resume by offset, and FILE_MIGRATE to the media DC
// with the authorization exported there.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, afterEach, describe, it } from 'node:test'
import type { TlConstructors, TlTypes } from '../../schema/codec/generated/types'
import type { TelegramClient } from '../../extension/mtproto'
import type { Message } from '../../extension/mtproto/client/message'
import type { MethodHandler } from '../sandbox/rpc/method-registry'
import type { Sandbox } from '../sandbox/server'
import { sandboxPerFile } from './support'

const MIB = 1024 * 1024

interface ServerCall {
  readonly method: string
  readonly dcId: number
  readonly session: object
  readonly request: Record<string, unknown>
}

/**
 * Watches the sandbox's upload.* and auth.* handlers: every call with the DC and server session that carried
 * it, and the most calls being handled at once. Each watched call is held for a few milliseconds so that
 * calls that were sent together are seen together.
 */
class ServerWatch {
  readonly calls: ServerCall[] = []
  maxConcurrent = 0
  private running = 0

  constructor(sandbox: Sandbox) {
    const methods = sandbox.world.methods
    const lookup = methods.lookup.bind(methods)
    methods.lookup = (name: string): MethodHandler | undefined => {
      const handler = lookup(name)
      if (!handler || !(name.startsWith('upload.') || name.startsWith('auth.')) || name === 'auth.sendCode') return handler
      return async (request, context) => {
        this.calls.push({ method: name, dcId: context.dcId, session: context.session, request })
        this.running++
        this.maxConcurrent = Math.max(this.maxConcurrent, this.running)
        try {
          await new Promise((resolve) => setTimeout(resolve, 3))
          return handler(request, context)
        } finally {
          this.running--
        }
      }
    }
  }

  of(method: string): ServerCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  sessionsOf(method: string): number {
    return new Set(this.of(method).map((call) => call.session)).size
  }

  reset(): void {
    this.calls.length = 0
    this.maxConcurrent = 0
  }
}

let client: TelegramClient
let watch: ServerWatch
let directory: string

const file = sandboxPerFile(async () => {
  watch = new ServerWatch(file.sandbox)
  client = await file.signedIn('ada')
  directory = await mkdtemp(join(tmpdir(), 'files-transfer-'))
})
after(async () => {
  await rm(directory, { recursive: true, force: true })
})
afterEach(() => watch.reset())

async function sendDocument(bytes: Uint8Array, name = 'blob.bin'): Promise<{ message: Message; document: TlConstructors['document'] }> {
  const message = await client.sendFile('me', bytes, { fileName: name, forceDocument: true })
  const media = message.media
  assert.equal(media?._, 'messageMediaDocument')
  const document = (media as TlConstructors['messageMediaDocument']).document
  assert.equal(document?._, 'document')
  return { message, document: document as TlConstructors['document'] }
}

function documentLocation(document: TlConstructors['document']): TlTypes['InputFileLocation'] {
  return { _: 'inputDocumentFileLocation', id: document.id, access_hash: document.access_hash, file_reference: document.file_reference, thumb_size: '' }
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex')

describe('uploadFile', () => {
  it('uploads 5 MiB through saveFilePart with its MD5, several parts at once over several connections', async () => {
    const original = randomBytes(5 * MIB + 321)
    const file = await client.uploadFile(original, { fileName: 'five.bin' })
    assert.equal(file._, 'inputFile')
    assert.equal(file._ === 'inputFile' && file.md5_checksum, md5(original))
    const parts = watch.of('upload.saveFilePart')
    assert.equal(parts.length, file._ === 'inputFile' ? file.parts : -1)
    assert.equal(watch.of('upload.saveBigFilePart').length, 0)
    assert.ok(watch.sessionsOf('upload.saveFilePart') >= 2, `parts came over ${watch.sessionsOf('upload.saveFilePart')} session(s)`)
    assert.ok(watch.maxConcurrent >= 2, `at most ${watch.maxConcurrent} part(s) were handled at once`)
    assert.ok(parts.every((part) => part.dcId === client.homeDcId), 'uploads go to the account DC')
  })

  it('takes the big-file path above 10 MiB and the 20 MiB file downloads byte-identical', async () => {
    const original = randomBytes(20 * MIB + 4099)
    const { document } = await sendDocument(original, 'twenty.bin')
    const bigParts = watch.of('upload.saveBigFilePart')
    assert.equal(watch.of('upload.saveFilePart').length, 0)
    assert.equal(bigParts.length, Math.ceil(original.length / (512 * 1024)))
    assert.ok(bigParts.every((part) => part.request.file_total_parts === bigParts.length))
    assert.equal(Number(document.size), original.length)
    watch.reset()
    const downloaded = await client.downloadFile(documentLocation(document), { dcId: document.dc_id, fileSize: original.length })
    assert.ok(Buffer.from(downloaded).equals(original), 'the download differs from the upload')
    assert.ok(watch.sessionsOf('upload.getFile') >= 2, 'chunks came over one session only')
    assert.ok(watch.maxConcurrent >= 2, 'chunks were fetched one at a time')
  })

  it('reports progress that only grows and ends at the total', async () => {
    const original = randomBytes(3 * MIB + 5)
    const reports: [number, number | undefined][] = []
    await client.uploadFile(original, { fileName: 'p.bin', partSize: 128 * 1024, onProgress: (done, total) => reports.push([done, total]) })
    assert.equal(reports.length, Math.ceil(original.length / (128 * 1024)))
    for (let i = 1; i < reports.length; i++) assert.ok(reports[i]![0] > reports[i - 1]![0])
    assert.deepEqual(reports.at(-1), [original.length, original.length])
  })

  it('reads paths and streams, with or without a known size, into the same bytes', async () => {
    const original = randomBytes(2 * MIB + 17)
    const path = join(directory, 'source.bin')
    await writeFile(path, original)
    const inputs = [
      () => client.uploadFile(path),
      () => client.uploadFile(createReadStream(path, { highWaterMark: 100_000 }), { size: original.length }),
      () => client.uploadFile(Readable.from([original.subarray(0, 1000), original.subarray(1000)])),
    ]
    for (const upload of inputs) {
      const file = await upload()
      assert.equal(file._ === 'inputFile' && file.md5_checksum, md5(original))
    }
    const fromPath = await client.uploadFile(path)
    assert.equal(fromPath._ === 'inputFile' && fromPath.name, 'source.bin')
  })

  it('stops sending parts when aborted, and rejects with the reason', async () => {
    const original = randomBytes(12 * MIB)
    const controller = new AbortController()
    const reason = new Error('user cancelled')
    const partSize = 64 * 1024
    const workers = 2
    let acknowledgedAtAbort = 0
    const upload = client.uploadFile(original, {
      fileName: 'cancel.bin',
      partSize,
      workers,
      onProgress: (done) => {
        if (done < 512 * 1024 || controller.signal.aborted) return
        acknowledgedAtAbort = done / partSize
        controller.abort(reason)
      },
      signal: controller.signal,
    })
    await assert.rejects(upload, (error) => error === reason)
    // Everything already sent has been answered once a later request on the same connections is.
    await client.uploadFile(randomBytes(1024), { fileName: 'after.bin' })
    const cancelledId = watch.of('upload.saveBigFilePart')[0]!.request.file_id
    const sent = watch.of('upload.saveBigFilePart').filter((call) => call.request.file_id === cancelledId).length
    // At most the parts already answered and those the workers had in flight.
    assert.ok(sent <= acknowledgedAtAbort + workers, `${sent} parts were sent, ${acknowledgedAtAbort} answered at the abort`)
  })

  it('rejects empty files and part sizes Telegram does not accept, before sending anything', async () => {
    await assert.rejects(client.uploadFile(new Uint8Array(0)), /empty/)
    await assert.rejects(client.uploadFile(randomBytes(10), { partSize: 1000 }), /part size/)
    assert.equal(watch.calls.length, 0)
  })
})

describe('downloads', () => {
  it('writes to a path through a temporary file and reports complete, growing progress', async () => {
    const original = randomBytes(5 * MIB + 999)
    const { message } = await sendDocument(original)
    const path = join(directory, 'five.bin')
    const reports: number[] = []
    const result = await client.downloadMedia(message, { file: path, onProgress: (done, total) => (assert.equal(total, original.length), reports.push(done)) })
    assert.equal(result, path)
    assert.ok((await readFile(path)).equals(original))
    for (let i = 1; i < reports.length; i++) assert.ok(reports[i]! > reports[i - 1]!)
    assert.equal(reports.at(-1), original.length)
    assert.deepEqual((await readdir(directory)).filter((name) => name.includes('five')), ['five.bin'])
  })

  it('leaves no file at all when a download to a path is cancelled midway', async () => {
    const original = randomBytes(6 * MIB)
    const { message } = await sendDocument(original)
    const path = join(directory, 'cancelled.bin')
    const controller = new AbortController()
    const download = client.downloadMedia(message, {
      file: path,
      chunkSize: 128 * 1024,
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => done >= MIB && controller.abort(new Error('stop')),
    })
    await assert.rejects(download, /stop/)
    assert.deepEqual((await readdir(directory)).filter((name) => name.includes('cancelled')), [])
  })

  it('resumes from an offset, in memory and onto the part of a file already on disk', async () => {
    const original = randomBytes(3 * MIB + 12345)
    const { message } = await sendDocument(original)
    for (const offset of [0, 4096, 1_000_001, 3 * MIB]) {
      const tail = await client.downloadMedia(message, { offset })
      assert.ok(Buffer.from(tail).equals(original.subarray(offset)), `from ${offset}`)
    }
    const path = join(directory, 'resumed.bin')
    await writeFile(path, original.subarray(0, 1_500_000))
    const requested: number[] = []
    await client.downloadMedia(message, { file: path, offset: 1_500_000, onProgress: (done) => requested.push(done) })
    assert.ok((await readFile(path)).equals(original))
    assert.equal(requested.at(-1), original.length - 1_500_000)
    assert.ok(watch.of('upload.getFile').every((call) => Number(call.request.offset) % 4096 === 0 && (1024 * 1024) % (call.request.limit as number) === 0))
  })

  it('iterates chunks in order with a chunk size, a limit and a stride', async () => {
    const original = randomBytes(MIB)
    const { document } = await sendDocument(original)
    const chunks: Buffer[] = []
    for await (const chunk of client.iterDownload(documentLocation(document), { dcId: document.dc_id, chunkSize: 64 * 1024, stride: 128 * 1024, limit: 3 })) {
      chunks.push(Buffer.from(chunk))
    }
    assert.deepEqual(
      chunks.map((chunk) => md5(chunk)),
      [0, 1, 2].map((i) => md5(original.subarray(i * 128 * 1024, i * 128 * 1024 + 64 * 1024))),
    )
    let seen = 0
    for await (const chunk of client.iterDownload(documentLocation(document), { dcId: document.dc_id, chunkSize: 4096 })) {
      seen += chunk.length
      if (seen >= 8192) break
    }
    assert.equal(seen, 8192)
  })

  it('follows FILE_MIGRATE from DC 1 to the media DC 2, exporting the authorization there once', async () => {
    assert.equal(client.homeDcId, 1)
    const original = randomBytes(2 * MIB + 1)
    const { document } = await sendDocument(original)
    assert.equal(document.dc_id, 2, 'the sandbox keeps files on its media DC')
    const fresh = await file.signedIn('ada')
    try {
      watch.reset()
      // Told nothing about the DC, the download starts on the home DC and is sent on.
      const downloaded = await fresh.downloadFile(documentLocation(document), { fileSize: original.length })
      assert.ok(Buffer.from(downloaded).equals(original))
      const firstTries = watch.of('upload.getFile').filter((call) => call.dcId === 1)
      assert.ok(firstTries.length >= 1, 'the first request went to DC 1')
      assert.ok(watch.of('upload.getFile').filter((call) => call.dcId === 2).length >= 3)
      assert.deepEqual(watch.of('auth.exportAuthorization').map((call) => [call.dcId, call.request.dc_id]), [[1, 2]])
      assert.deepEqual(watch.of('auth.importAuthorization').map((call) => call.dcId), [2])
      await fresh.downloadFile(documentLocation(document), { dcId: 2 })
      assert.equal(watch.of('auth.importAuthorization').length, 1, 'the DC stays authorized')
    } finally {
      await fresh.disconnect()
    }
  })

  it('refuses transfers once disconnected, its extra connections closed', async () => {
    const other = await file.signedIn('ada')
    await other.uploadFile(randomBytes(3 * MIB), { fileName: 'x.bin' })
    await other.disconnect()
    await assert.rejects(other.uploadFile(randomBytes(10)), /not connected/)
  })
})
