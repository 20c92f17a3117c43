// The file machinery on its own, with fake lanes instead of connections: part plans under Telegram's limits,
// ordered output from chunks that complete out of order, FILE_MIGRATE moving every worker, the read-ahead
// window, an MD5 fed in part order whatever order parts are read in, and photo size selection.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { strippedPhotoToJpg } from 'telegram/Utils'
import type { TlTypes } from '../../schema/codec/generated/types'
import { RpcError } from '../../extension/mtproto/errors/rpc-error'
import { downloadChunks } from '../../extension/mtproto/files/download'
import { collectBytes } from '../../extension/mtproto/files/file-sink'
import { openFileSource } from '../../extension/mtproto/files/file-source'
import { selectSize } from '../../extension/mtproto/files/media-location'
import { BIG_FILE_THRESHOLD, MAX_UPLOAD_PARTS, planUpload } from '../../extension/mtproto/files/part-plan'
import { inflateStrippedThumbnail, StrippedThumbnailError } from '../../extension/mtproto/files/stripped-thumbnail'
import type { TransferLane } from '../../extension/mtproto/files/transfer-pool'
import { uploadParts } from '../../extension/mtproto/files/upload'

const KIB = 1024
const MIB = 1024 * KIB
const location: TlTypes['InputFileLocation'] = { _: 'inputDocumentFileLocation', id: 1n, access_hash: 2n, file_reference: new Uint8Array(), thumb_size: '' }
const tick = () => new Promise((resolve) => setImmediate(resolve))

/** Lanes serving `file` from `homeDc`; other DCs answer FILE_MIGRATE. Answers come back in a scrambled order. */
function fakeLanes(file: Uint8Array, homeDc: number, log: { dcId: number; offset: number; limit: number }[]) {
  let inFlight = 0
  let maxInFlight = 0
  const lanesTo = async (dcId: number): Promise<TransferLane[]> => [
    {
      dcId,
      invoke: (async (request: { _: string; offset: bigint; limit: number }) => {
        const offset = Number(request.offset)
        log.push({ dcId, offset, limit: request.limit })
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        // Later offsets answer sooner, so completions arrive out of order.
        for (let i = 0; i < 8 - ((offset / request.limit) % 8); i++) await tick()
        inFlight--
        if (dcId !== homeDc) throw new RpcError(303, `FILE_MIGRATE_${homeDc}`, 'upload.getFile')
        assert.equal(offset % 4096, 0)
        assert.equal(MIB % request.limit, 0)
        assert.equal(Math.floor(offset / MIB), Math.floor((offset + request.limit - 1) / MIB), 'a request crosses a 1 MiB boundary')
        return { _: 'upload.file', type: { _: 'storage.filePartial' }, mtime: 0, bytes: file.subarray(offset, offset + request.limit) }
      }) as TransferLane['invoke'],
    },
  ]
  return { lanesTo, maxInFlight: () => maxInFlight }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

describe('planUpload', () => {
  it('cuts files at the part size and takes the big path only above 10 MiB', () => {
    assert.deepEqual(planUpload(BIG_FILE_THRESHOLD), { partSize: 512 * KIB, parts: 20, big: false })
    assert.deepEqual(planUpload(BIG_FILE_THRESHOLD + 1), { partSize: 512 * KIB, parts: 21, big: true })
    assert.deepEqual(planUpload(1, 1024), { partSize: 1024, parts: 1, big: false })
  })

  it('grows a small part size that would need more than 4,000 parts', () => {
    const plan = planUpload(100 * MIB, 8 * KIB)
    assert.ok(plan.parts <= MAX_UPLOAD_PARTS)
    assert.equal(plan.partSize, 32 * KIB)
  })

  it('rejects part sizes that do not divide 512 KiB, empty files and files past the part limit', () => {
    assert.throws(() => planUpload(10, 3 * KIB), /part size/)
    assert.throws(() => planUpload(0), /empty/)
    assert.throws(() => planUpload(MAX_UPLOAD_PARTS * 512 * KIB + 1), /at most/)
  })
})

describe('downloadChunks', () => {
  it('yields chunks in file order while several are in flight and finish out of order', async () => {
    const file = randomBytes(3 * MIB + 100)
    const log: { dcId: number; offset: number; limit: number }[] = []
    const lanes = fakeLanes(file, 1, log)
    const bytes = await collect(downloadChunks({ location, dcId: 1, offset: 0, chunkSize: 256 * KIB, fileSize: file.length, workers: 4, lanesTo: lanes.lanesTo }))
    assert.ok(bytes.equals(file))
    assert.equal(lanes.maxInFlight(), 4)
    assert.equal(log.length, Math.ceil(file.length / (256 * KIB)), 'no request past the end of a file of known size')
  })

  it('finds the end of a file of unknown size at its first short chunk', async () => {
    const file = randomBytes(MIB + 4096)
    const bytes = await collect(downloadChunks({ location, dcId: 1, offset: 5000, chunkSize: 64 * KIB, workers: 3, lanesTo: fakeLanes(file, 1, []).lanesTo }))
    assert.ok(bytes.equals(file.subarray(5000)))
  })

  it('moves every worker to the DC FILE_MIGRATE names', async () => {
    const file = randomBytes(2 * MIB)
    const log: { dcId: number; offset: number; limit: number }[] = []
    const bytes = await collect(downloadChunks({ location, dcId: 1, offset: 0, chunkSize: MIB / 4, fileSize: file.length, workers: 4, lanesTo: fakeLanes(file, 2, log).lanesTo }))
    assert.ok(bytes.equals(file))
    assert.ok(log.filter((call) => call.dcId === 1).length <= 4, 'only the first requests went to the wrong DC')
  })

  it('stays within its read-ahead window while the consumer is slow, and stops fetching when it leaves', async () => {
    const file = randomBytes(4 * MIB)
    const log: { dcId: number; offset: number; limit: number }[] = []
    const chunks = downloadChunks({ location, dcId: 1, offset: 0, chunkSize: 64 * KIB, fileSize: file.length, workers: 2, lanesTo: fakeLanes(file, 1, log).lanesTo })
    for await (const chunk of chunks) {
      assert.equal(chunk.length, 64 * KIB)
      for (let i = 0; i < 50; i++) await tick()
      assert.ok(log.length <= 1 + 2 * 2, `${log.length} requests for one chunk consumed`)
      break
    }
    const afterBreak = log.length
    for (let i = 0; i < 50; i++) await tick()
    assert.equal(log.length, afterBreak)
  })

  it('rejects chunk sizes and strides that break the offset rules', async () => {
    const lanesTo = fakeLanes(new Uint8Array(0), 1, []).lanesTo
    await assert.rejects(collect(downloadChunks({ location, dcId: 1, offset: 0, chunkSize: 3 * KIB, workers: 1, lanesTo })), /chunk size/)
    await assert.rejects(collect(downloadChunks({ location, dcId: 1, offset: 0, chunkSize: 64 * KIB, stride: 96 * KIB, workers: 1, lanesTo })), /stride/)
  })
})

describe('collectBytes', () => {
  async function* chunksOf(...sizes: number[]): AsyncGenerator<Uint8Array> {
    let next = 0
    for (const size of sizes) yield Uint8Array.from({ length: size }, () => next++ & 0xff)
  }
  const counting = (length: number) => Uint8Array.from({ length }, (_, i) => i & 0xff)

  it('joins the chunks whether the announced size is right, too small, too large or missing', async () => {
    for (const sizeHint of [700, 300, 4096, undefined, 0, -5]) {
      const joined = await collectBytes(chunksOf(256, 256, 188), sizeHint)
      assert.deepEqual(Buffer.from(joined), Buffer.from(counting(700)), `size hint ${sizeHint}`)
    }
  })
})

describe('uploadParts', () => {
  it('computes the MD5 of the whole file in order while parts are read and sent out of order', async () => {
    const file = randomBytes(3 * MIB + 7)
    const received = new Map<number, Uint8Array>()
    const lane: TransferLane = {
      dcId: 1,
      invoke: (async (request: { file_part: number; bytes: Uint8Array }) => {
        for (let i = 0; i < (request.file_part * 5) % 7; i++) await tick()
        received.set(request.file_part, request.bytes)
        return true
      }) as TransferLane['invoke'],
    }
    const input = await uploadParts(await openFileSource(file), 'f.bin', [lane, lane], { workers: 4, partSize: 64 * KIB })
    assert.equal(input._, 'inputFile')
    assert.equal(input._ === 'inputFile' && input.md5_checksum, createHash('md5').update(file).digest('hex'))
    assert.ok(Buffer.concat([...received.keys()].sort((a, b) => a - b).map((part) => received.get(part)!)).equals(file))
  })

  it('stops the other workers when one part fails', async () => {
    let sent = 0
    const lane: TransferLane = {
      dcId: 1,
      invoke: (async () => {
        await tick()
        if (++sent === 3) throw new RpcError(400, 'FILE_PART_INVALID', 'upload.saveFilePart')
        return true
      }) as TransferLane['invoke'],
    }
    await assert.rejects(uploadParts(await openFileSource(randomBytes(MIB)), 'f.bin', [lane], { workers: 2, partSize: 16 * KIB }), /FILE_PART_INVALID/)
    assert.ok(sent <= 4, `${sent} parts sent`)
  })
})

describe('photo sizes and stripped thumbnails', () => {
  const sizes: TlTypes['PhotoSize'][] = [
    { _: 'photoSize', type: 'x', w: 800, h: 600, size: 50_000 },
    { _: 'photoStrippedSize', type: 'i', bytes: new Uint8Array([1, 30, 40, 0]) },
    { _: 'photoSizeProgressive', type: 'y', w: 1280, h: 960, sizes: [10_000, 40_000, 90_000] },
    { _: 'photoSize', type: 'm', w: 320, h: 240, size: 12_000 },
    { _: 'photoPathSize', type: 'j', bytes: new Uint8Array([1, 2]) },
  ]

  it('orders sizes by bytes and selects by index or type, skipping outlines', () => {
    assert.equal(selectSize(sizes, -1)?.type, 'y')
    assert.equal(selectSize(sizes, 0)?.type, 'i')
    assert.equal(selectSize(sizes, 1)?.type, 'm')
    assert.equal(selectSize(sizes, 'x')?.type, 'x')
    assert.equal(selectSize(sizes, 'j'), undefined)
  })

  it('inflates like GramJS does, and refuses bytes of another format', () => {
    const stripped = new Uint8Array([1, 17, 29, ...randomBytes(200)])
    assert.ok(Buffer.from(inflateStrippedThumbnail(stripped)).equals(strippedPhotoToJpg(Buffer.from(stripped))))
    assert.throws(() => inflateStrippedThumbnail(new Uint8Array([2, 1, 1])), StrippedThumbnailError)
    assert.throws(() => inflateStrippedThumbnail(new Uint8Array([1, 1])), StrippedThumbnailError)
  })
})
