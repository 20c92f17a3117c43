// upload.* against the real sandbox over TCP with our MtprotoClient: parts in (small and big paths, every part
// rule), pieces out (offset/limit rules, FILE_MIGRATE from the wrong DC, file references), photo renditions that
// decode as the JPEGs they claim to be.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import bigInt from 'big-integer'
import { decode as decodeJpeg } from 'jpeg-js'
import { Api, errors, type TelegramClient } from 'telegram'
import type { TlTypes } from '../../schema/codec/generated/types'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MtprotoClient, RpcError as ClientRpcError } from '../../extension/mtproto/network'
import { authKeyId } from './crypto'
import { mediaOf } from './media'
import { drawPattern } from './media/image'
import type { DocumentRecord, PhotoRecord } from './media/records'
import { RpcError as ServerRpcError } from './rpc/rpc-error'
import { startSandbox, type Sandbox } from './server'
import { createGramJsClient } from '../support/gramjs-sandbox'

const KIB = 1024
const MIB = 1024 * KIB

let sandbox: Sandbox
let client: MtprotoClient

before(async () => {
  sandbox = await startSandbox()
  client = new MtprotoClient({
    dcs: sandbox.dcs,
    rsaKeys: [parseRsaPublicKey(sandbox.rsaPublicKeyPem)],
    apiId: 1,
    requestTimeoutMs: 20_000,
  })
  await client.connect(1)
})
after(async () => {
  client.close()
  await sandbox.stop()
})

/** The key the sandbox files this client's uploads under on DC 1 (see media/caller.ts). */
function uploaderOnDc1(): string {
  return `1:${authKeyId(client.session(1).keyState!.authKey)}`
}

/** What a method that takes an InputFile (sendMedia, uploadMedia) does first: assemble and check it. */
function useUpload(input: TlTypes['InputFile']): Uint8Array {
  return mediaOf(sandbox.world).uploads.assemble(uploaderOnDc1(), input).bytes
}

function storeDocument(bytes: Uint8Array): DocumentRecord {
  return mediaOf(sandbox.world).store.addDocument({
    bytes,
    mimeType: 'application/octet-stream',
    attributes: [{ _: 'documentAttributeFilename', file_name: 'blob.bin' }],
  })
}

const documentLocation = (document: DocumentRecord, thumbSize = ''): TlTypes['InputFileLocation'] => ({
  _: 'inputDocumentFileLocation',
  id: document.id,
  access_hash: document.accessHash,
  file_reference: document.fileReference,
  thumb_size: thumbSize,
})

const photoLocation = (photo: PhotoRecord, thumbSize: string): TlTypes['InputFileLocation'] => ({
  _: 'inputPhotoFileLocation',
  id: photo.id,
  access_hash: photo.accessHash,
  file_reference: photo.fileReference,
  thumb_size: thumbSize,
})

/** Sends every part at once (the server sees them interleaved), as a parallel uploader does. */
async function uploadParts(bytes: Uint8Array, partSize: number, big: boolean): Promise<bigint> {
  const fileId = randomBytes(8).readBigInt64LE()
  const total = Math.ceil(bytes.length / partSize)
  await Promise.all(
    Array.from({ length: total }, (_, part) => {
      const chunk = bytes.subarray(part * partSize, (part + 1) * partSize)
      return big
        ? client.invoke({ _: 'upload.saveBigFilePart', file_id: fileId, file_part: part, file_total_parts: total, bytes: chunk })
        : client.invoke({ _: 'upload.saveFilePart', file_id: fileId, file_part: part, bytes: chunk })
    }),
  )
  return fileId
}

/** Fetches the whole file from the media DC in `limit`-sized pieces, all requested at once. */
async function download(location: TlTypes['InputFileLocation'], size: number, limit: number): Promise<Uint8Array> {
  const pieces = await Promise.all(
    Array.from({ length: Math.ceil(size / limit) }, (_, index) =>
      client.invoke({ _: 'upload.getFile', location, offset: BigInt(index * limit), limit }, { dcId: 2 }),
    ),
  )
  return Buffer.concat(pieces.map((piece) => (piece as { bytes: Uint8Array }).bytes))
}

/** The RPC error a call fails with, as our client parsed it. */
async function rpcErrorOf(call: Promise<unknown>): Promise<ClientRpcError> {
  try {
    await call
  } catch (error) {
    if (error instanceof ClientRpcError) return error
    throw error
  }
  assert.fail('the call succeeded')
}

function serverErrorOf(action: () => unknown): string {
  try {
    action()
  } catch (error) {
    if (error instanceof ServerRpcError) return error.errorMessage
    throw error
  }
  assert.fail('the action succeeded')
}

async function connectGramJs(): Promise<TelegramClient> {
  const gramjs = createGramJsClient(sandbox, { dcId: 1 })
  await gramjs.connect()
  return gramjs
}

async function gramJsErrorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call
  } catch (error) {
    if (error instanceof errors.RPCError) return error.errorMessage
    throw error
  }
  assert.fail('the call succeeded')
}

const md5Hex = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')

describe('uploading and downloading a file', () => {
  it('round-trips 5 MiB: 512 KiB parts in parallel, then 1 MiB pieces in parallel from the media DC', async () => {
    const original = randomBytes(5 * MIB + 12345)
    const fileId = await uploadParts(original, 512 * KIB, false)
    const parts = Math.ceil(original.length / (512 * KIB))
    const assembled = useUpload({ _: 'inputFile', id: fileId, parts, name: 'five.bin', md5_checksum: md5Hex(original) })
    assert.deepEqual(Buffer.from(assembled), original)

    const document = storeDocument(assembled)
    const downloaded = await download(documentLocation(document), original.length, MIB)
    assert.equal(downloaded.length, original.length)
    assert.ok(Buffer.from(downloaded).equals(original), 'the download is byte-identical')
  })

  it('downloads in smaller 128 KiB pieces and with precise 1 KiB-aligned ranges', async () => {
    const original = randomBytes(300 * KIB + 7)
    const document = storeDocument(original)
    assert.ok(Buffer.from(await download(documentLocation(document), original.length, 128 * KIB)).equals(original))
    const piece = (await client.invoke(
      { _: 'upload.getFile', precise: true, location: documentLocation(document), offset: 3n * BigInt(KIB), limit: 5 * KIB },
      { dcId: 2 },
    )) as { bytes: Uint8Array; type: { _: string } }
    assert.ok(Buffer.from(piece.bytes).equals(original.subarray(3 * KIB, 8 * KIB)))
    assert.equal(piece.type._, 'storage.filePartial')
  })

  it('takes a file over 10 MiB through saveBigFilePart and inputFileBig, but not through saveFilePart', async () => {
    const original = randomBytes(10 * MIB + 4096)
    const parts = Math.ceil(original.length / (512 * KIB))
    const bigId = await uploadParts(original, 512 * KIB, true)
    assert.ok(Buffer.from(useUpload({ _: 'inputFileBig', id: bigId, parts, name: 'big.bin' })).equals(original))

    const smallId = await uploadParts(original, 512 * KIB, false)
    const inputFile: TlTypes['InputFile'] = { _: 'inputFile', id: smallId, parts, name: 'big.bin', md5_checksum: '' }
    assert.equal(serverErrorOf(() => useUpload(inputFile)), 'FILE_PARTS_INVALID')
  })

  it('keeps small and big uploads apart: parts saved one way are missing the other way', async () => {
    const original = randomBytes(2 * KIB)
    const fileId = await uploadParts(original, KIB, false)
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFileBig', id: fileId, parts: 2, name: 'a' })), 'FILE_PART_0_MISSING')
  })

  it('accepts a stream uploaded with file_total_parts = -1 until its last part', async () => {
    const fileId = randomBytes(8).readBigInt64LE()
    const first = randomBytes(512 * KIB)
    const last = randomBytes(1000)
    await client.invoke({ _: 'upload.saveBigFilePart', file_id: fileId, file_part: 0, file_total_parts: -1, bytes: first })
    await client.invoke({ _: 'upload.saveBigFilePart', file_id: fileId, file_part: 1, file_total_parts: 2, bytes: last })
    assert.ok(Buffer.from(useUpload({ _: 'inputFileBig', id: fileId, parts: 2, name: 's' })).equals(Buffer.concat([first, last])))
  })
})

describe('upload part rules', () => {
  const fileId = 77n

  // These two go through GramJS: our client cannot yet read an rpc_error answering a Bool method (it decodes the
  // answer as Bool first), and an independent client checks the error names as well as ours would.
  it('answers FILE_PART_EMPTY, FILE_PART_TOO_BIG and FILE_PART_INVALID to saveFilePart', async () => {
    const gramjs = await connectGramJs()
    try {
      const save = (part: number, bytes: Uint8Array) =>
        gramjs.invoke(new Api.upload.SaveFilePart({ fileId: bigInt(fileId.toString()), filePart: part, bytes: Buffer.from(bytes) }))
      assert.equal(await gramJsErrorOf(save(0, new Uint8Array(0))), 'FILE_PART_EMPTY')
      assert.equal(await gramJsErrorOf(save(0, new Uint8Array(512 * KIB + 1))), 'FILE_PART_TOO_BIG')
      assert.equal(await gramJsErrorOf(save(4000, new Uint8Array(KIB))), 'FILE_PART_INVALID')
      assert.equal(await gramJsErrorOf(save(-1, new Uint8Array(KIB))), 'FILE_PART_INVALID')
      assert.equal(await save(3999, new Uint8Array(KIB)), true)
    } finally {
      await gramjs.destroy()
    }
  })

  it('checks saveBigFilePart: total parts, part numbers, part sizes and size changes', async () => {
    const gramjs = await connectGramJs()
    try {
      const save = (part: number, total: number, bytes: Uint8Array) =>
        gramjs.invoke(
          new Api.upload.SaveBigFilePart({ fileId: bigInt((fileId + 1n).toString()), filePart: part, fileTotalParts: total, bytes: Buffer.from(bytes) }),
        )
      assert.equal(await gramJsErrorOf(save(0, 0, new Uint8Array(KIB))), 'FILE_PARTS_INVALID')
      assert.equal(await gramJsErrorOf(save(0, 4001, new Uint8Array(KIB))), 'FILE_PARTS_INVALID')
      assert.equal(await gramJsErrorOf(save(3, 3, new Uint8Array(KIB))), 'FILE_PART_INVALID')
      assert.equal(await gramJsErrorOf(save(0, 3, new Uint8Array(0))), 'FILE_PART_EMPTY')
      assert.equal(await gramJsErrorOf(save(0, 3, new Uint8Array(512 * KIB + 1024))), 'FILE_PART_TOO_BIG')
      // A part that is not the last must be a multiple of 1 KiB that divides 512 KiB.
      assert.equal(await gramJsErrorOf(save(0, 3, new Uint8Array(1000))), 'FILE_PART_SIZE_INVALID')
      assert.equal(await gramJsErrorOf(save(0, 3, new Uint8Array(3 * KIB))), 'FILE_PART_SIZE_INVALID')
      assert.equal(await save(0, 3, new Uint8Array(4 * KIB)), true)
      assert.equal(await gramJsErrorOf(save(1, 3, new Uint8Array(8 * KIB))), 'FILE_PART_SIZE_CHANGED')
      assert.equal(await gramJsErrorOf(save(1, 4, new Uint8Array(4 * KIB))), 'FILE_PARTS_INVALID')
      assert.equal(await save(2, 3, new Uint8Array(100)), true, 'the last part may be shorter')
    } finally {
      await gramjs.destroy()
    }
  })

  it('reports the first missing part when the file is used, as FILE_PART_X_MISSING', async () => {
    const id = 501n
    for (const part of [0, 2]) await client.invoke({ _: 'upload.saveFilePart', file_id: id, file_part: part, bytes: new Uint8Array(KIB) })
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFile', id, parts: 3, name: 'x', md5_checksum: '' })), 'FILE_PART_1_MISSING')
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFile', id: 502n, parts: 1, name: 'x', md5_checksum: '' })), 'FILE_PART_0_MISSING')
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFile', id, parts: 0, name: 'x', md5_checksum: '' })), 'FILE_PARTS_INVALID')
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFile', id, parts: 4001, name: 'x', md5_checksum: '' })), 'FILE_PARTS_INVALID')
  })

  it('checks the MD5 of a small file and the part sizes across it when the file is used', async () => {
    const bytes = randomBytes(3 * KIB)
    const id = await uploadParts(bytes, KIB, false)
    const input = (md5: string): TlTypes['InputFile'] => ({ _: 'inputFile', id, parts: 3, name: 'x', md5_checksum: md5 })
    assert.equal(serverErrorOf(() => useUpload(input(md5Hex(randomBytes(4))))), 'MD5_CHECKSUM_INVALID')
    assert.ok(Buffer.from(useUpload(input(md5Hex(bytes)))).equals(bytes))
    assert.ok(Buffer.from(useUpload(input(''))).equals(bytes), 'an empty checksum is not checked')

    const uneven = 601n
    const sizes = [2 * KIB, KIB, KIB]
    for (const [part, size] of sizes.entries()) {
      await client.invoke({ _: 'upload.saveFilePart', file_id: uneven, file_part: part, bytes: new Uint8Array(size) })
    }
    assert.equal(serverErrorOf(() => useUpload({ _: 'inputFile', id: uneven, parts: 3, name: 'x', md5_checksum: '' })), 'FILE_PART_LENGTH_INVALID')
  })
})

describe('upload.getFile rules', () => {
  let document: DocumentRecord
  let original: Uint8Array

  before(() => {
    original = randomBytes(3 * MIB + 1000)
    document = storeDocument(original)
  })

  const getFile = (offset: number, limit: number, precise = false) =>
    client.invoke({ _: 'upload.getFile', precise, location: documentLocation(document), offset: BigInt(offset), limit }, { dcId: 2 })
  const errorOf = async (call: Promise<unknown>) => (await rpcErrorOf(call)).message

  it('answers LIMIT_INVALID to limits that are not 4 KiB multiples dividing 1 MiB, or that cross a 1 MiB boundary', async () => {
    assert.equal(await errorOf(getFile(0, 1000)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(0, 2 * KIB)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(0, 12 * KIB)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(0, 2 * MIB)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(0, 0)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(MIB - 4 * KIB, 8 * KIB)), 'LIMIT_INVALID')
    assert.equal(await errorOf(getFile(MIB - KIB, 2 * KIB, true)), 'LIMIT_INVALID', 'precise ranges stay inside one 1 MiB chunk too')
    assert.equal(await errorOf(getFile(0, MIB + KIB, true)), 'LIMIT_INVALID')
  })

  it('answers OFFSET_INVALID to offsets off the 4 KiB grid (1 KiB with precise)', async () => {
    assert.equal(await errorOf(getFile(KIB, 4 * KIB)), 'OFFSET_INVALID')
    assert.equal(await errorOf(getFile(100, 4 * KIB, true)), 'OFFSET_INVALID')
    assert.equal(await errorOf(getFile(-4096, 4 * KIB)), 'OFFSET_INVALID')
  })

  it('serves a short last piece and an empty one past the end', async () => {
    const last = (await getFile(3 * MIB, 4 * KIB)) as { bytes: Uint8Array }
    assert.equal(last.bytes.length, 1000)
    assert.ok(Buffer.from(last.bytes).equals(original.subarray(3 * MIB)))
    const past = (await getFile(4 * MIB, 4 * KIB)) as { bytes: Uint8Array }
    assert.equal(past.bytes.length, 0)
  })

  it('answers FILE_MIGRATE_2 on DC 1, and our client follows it to DC 2', async () => {
    const request = { _: 'upload.getFile', location: documentLocation(document), offset: 0n, limit: 4 * KIB } as const
    const error = await rpcErrorOf(client.session(1).invoke(request))
    assert.equal(error.code, 303)
    assert.equal(error.message, 'FILE_MIGRATE_2')
    const followed = (await client.invoke(request, { dcId: 1 })) as { bytes: Uint8Array }
    assert.ok(Buffer.from(followed.bytes).equals(original.subarray(0, 4 * KIB)))
  })

  it('answers FILE_ID_INVALID to a wrong access hash and LOCATION_INVALID to an unknown thumbnail', async () => {
    const wrongHash = { ...documentLocation(document), access_hash: document.accessHash ^ 1n } as TlTypes['InputFileLocation']
    assert.equal(await errorOf(client.invoke({ _: 'upload.getFile', location: wrongHash, offset: 0n, limit: 4096 }, { dcId: 2 })), 'FILE_ID_INVALID')
    const noThumb = documentLocation(document, 'm')
    assert.equal(await errorOf(client.invoke({ _: 'upload.getFile', location: noThumb, offset: 0n, limit: 4096 }, { dcId: 2 })), 'LOCATION_INVALID')
  })

  it('answers FILE_REFERENCE_EMPTY and, once references are refreshed, FILE_REFERENCE_EXPIRED to the old one', async () => {
    const location = documentLocation(document)
    const empty = { ...location, file_reference: new Uint8Array(0) } as TlTypes['InputFileLocation']
    assert.equal(await errorOf(client.invoke({ _: 'upload.getFile', location: empty, offset: 0n, limit: 4096 }, { dcId: 2 })), 'FILE_REFERENCE_EMPTY')
    mediaOf(sandbox.world).store.expireFileReferences()
    assert.equal(await errorOf(client.invoke({ _: 'upload.getFile', location, offset: 0n, limit: 4096 }, { dcId: 2 })), 'FILE_REFERENCE_EXPIRED')
    const refreshed = (await client.invoke({ _: 'upload.getFile', location: documentLocation(document), offset: 0n, limit: 4096 }, { dcId: 2 })) as { bytes: Uint8Array }
    assert.equal(refreshed.bytes.length, 4096)
  })
})

/** Width and height from a baseline or progressive SOF segment, after checking the SOI and EOI markers. */
function jpegDimensions(bytes: Uint8Array): { width: number; height: number } {
  assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xd8], 'starts with SOI')
  assert.deepEqual([bytes[bytes.length - 2], bytes[bytes.length - 1]], [0xff, 0xd9], 'ends with EOI')
  let offset = 2
  while (offset + 9 < bytes.length) {
    assert.equal(bytes[offset], 0xff, `a marker at ${offset}`)
    const marker = bytes[offset + 1]!
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!
    if (marker === 0xc0 || marker === 0xc2) {
      return { height: (bytes[offset + 5]! << 8) | bytes[offset + 6]!, width: (bytes[offset + 7]! << 8) | bytes[offset + 8]! }
    }
    offset += 2 + length
  }
  assert.fail('no SOF segment')
}

describe('photo renditions over TCP', () => {
  it('serves every size of a photo as a JPEG of the advertised dimensions and byte size', async () => {
    const photo = mediaOf(sandbox.world).store.addPhoto({ image: drawPattern({ width: 1600, height: 1000, seed: 11, kind: 'circles' }) })
    assert.deepEqual(photo.sizes.map((size) => size.type), ['s', 'm', 'x', 'y', 'w'])
    for (const size of photo.sizes) {
      const file = (await client.invoke({ _: 'upload.getFile', location: photoLocation(photo, size.type), offset: 0n, limit: MIB }, { dcId: 2 })) as {
        bytes: Uint8Array
        type: { _: string }
      }
      assert.equal(file.type._, 'storage.fileJpeg')
      assert.equal(file.bytes.length, size.bytes.length)
      assert.deepEqual(jpegDimensions(file.bytes), { width: size.w, height: size.h })
      const decoded = decodeJpeg(file.bytes, { useTArray: true })
      assert.deepEqual([decoded.width, decoded.height], [size.w, size.h])
      assert.ok(Math.max(size.w, size.h) <= { s: 100, m: 320, x: 800, y: 1280, w: 2560 }[size.type]!)
    }
    assert.equal(photo.sizes.at(-1)!.w, 1600, 'the largest rendition is the original size')
    const stripped = await client.invoke({ _: 'upload.getFile', location: photoLocation(photo, 'i'), offset: 0n, limit: MIB }, { dcId: 2 }).catch((error: unknown) => error)
    assert.equal((stripped as ClientRpcError).message, 'LOCATION_INVALID', 'the stripped size travels inline, not as a file')
  })

  it('serves a profile photo through inputPeerPhotoFileLocation, small (160) and big (640)', async () => {
    const { store } = mediaOf(sandbox.world)
    const photo = store.addPhoto({ image: drawPattern({ width: 700, height: 640, seed: 3, kind: 'avatar' }), kind: 'profile' })
    store.setProfilePhoto('user:424242', photo.id)
    const location = (big: boolean): TlTypes['InputFileLocation'] => ({
      _: 'inputPeerPhotoFileLocation',
      big,
      peer: { _: 'inputPeerUser', user_id: 424242n, access_hash: 0n },
      photo_id: photo.id,
    })
    for (const [big, side] of [[false, 160], [true, 640]] as const) {
      const file = (await client.invoke({ _: 'upload.getFile', location: location(big), offset: 0n, limit: MIB }, { dcId: 2 })) as { bytes: Uint8Array }
      assert.deepEqual(jpegDimensions(file.bytes), { width: side, height: side })
    }
    const stranger = { ...location(true), peer: { _: 'inputPeerUser', user_id: 1n, access_hash: 0n } } as TlTypes['InputFileLocation']
    const error = await rpcErrorOf(client.invoke({ _: 'upload.getFile', location: stranger, offset: 0n, limit: MIB }, { dcId: 2 }))
    assert.equal(error.message, 'FILE_ID_INVALID')
  })
})
