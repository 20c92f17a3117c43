/**
 * The TL decoder (schema/codec) on hostile bytes. Allowed error: TlDecodeError. On success, the value holds no
 * more data than the input carried (so nothing was read past the buffer and no length prefix was trusted), and
 * encoding it and decoding again gives the same value.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import {
  decodeObject,
  decodeResult,
  encodeObject,
  encodeResult,
  MAX_INFLATED_BYTES,
  TlDecodeError,
  type TlDecoded,
  type TlMethodName,
  type TlObject,
} from '../../../schema/codec'
import { loadModel } from '../../../schema/codec/model'
import { realisticMessages } from '../../../schema/codec/testing/fixtures'
import type { CorpusEntry } from '../corpus/capture'
import type { FuzzTarget } from '../fuzz-target'
import { mutate, mutationsArb } from '../mutations'

interface Answer {
  method: TlMethodName
  bytes: Uint8Array
}

/** Real answers captured from the sandbox (corpus/capture.ts), plus a large realistic message history. */
function loadAnswers(): Answer[] {
  const entries = JSON.parse(readFileSync(join(__dirname, '../corpus/tl-responses.json'), 'utf8')) as CorpusEntry[]
  const history = encodeResult('messages.getHistory', realisticMessages({ messages: 12, users: 4, chats: 2 }))
  return [...entries.map((e) => ({ method: e.method, bytes: new Uint8Array(Buffer.from(e.bytes, 'base64')) })), { method: 'messages.getHistory', bytes: history }]
}

const GZIP_PACKED_LE = [0xa1, 0xcf, 0x72, 0x30]

/** What a decoded value may hold at most: the input itself, or the inflation cap when the input carries gzip_packed. */
function payloadBound(input: Uint8Array): number {
  const gzip = Buffer.from(input).includes(Buffer.from(GZIP_PACKED_LE))
  return input.length + (gzip ? MAX_INFLATED_BYTES : 0)
}

/**
 * The data a decoded value holds: bytes of byte strings and UTF-16 units of strings (one input byte gives at most
 * one unit, even when it is invalid UTF-8), 4 for each number and 8 for each long; names and booleans count nothing.
 */
export function payloadSize(value: unknown): number {
  if (value instanceof Uint8Array) return value.length
  if (typeof value === 'string') return value.length
  if (typeof value === 'number') return 4
  if (typeof value === 'bigint') return 8
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + payloadSize(item), 0)
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).reduce((n: number, [key, field]) => (key === '_' ? n : n + payloadSize(field)), 0)
  }
  return 0
}

function checkDecoded(input: Uint8Array, value: unknown): void {
  const size = payloadSize(value)
  assert.ok(size <= payloadBound(input), `decoded ${size} bytes of data from ${input.length} input bytes`)
}

function isObject(value: TlDecoded): value is TlObject {
  return typeof value === 'object' && !Array.isArray(value)
}

const model = loadModel()
const boxedIds = model.definitions.filter((d) => !d.bareOnly).map((d) => d.id)

export const tlDecoderOnRandomBytes: FuzzTarget<Uint8Array> = {
  name: 'TL decoder on random bytes',
  seed: 0x7c0de01,
  allowedErrors: [TlDecodeError],
  input: fc.uint8Array({ maxLength: 512 }),
  run(bytes) {
    checkDecoded(bytes, decodeObject(bytes))
  },
}

export const tlDecoderOnKnownIds: FuzzTarget<Uint8Array> = {
  name: 'TL decoder on a known constructor id followed by random bytes',
  seed: 0x7c0de02,
  allowedErrors: [TlDecodeError],
  input: fc.tuple(fc.constantFrom(...boxedIds), fc.uint8Array({ maxLength: 256 })).map(([id, tail]) => {
    const bytes = new Uint8Array(4 + tail.length)
    new DataView(bytes.buffer).setUint32(0, id, true)
    bytes.set(tail, 4)
    return bytes
  }),
  run(bytes) {
    const value = decodeObject(bytes)
    checkDecoded(bytes, value)
    if (isObject(value)) assert.deepStrictEqual(decodeObject(encodeObject(value)), value)
  },
}

const answers = loadAnswers()

export const tlDecoderOnMutatedAnswers: FuzzTarget<{ answer: Answer; bytes: Uint8Array }> = {
  name: 'TL decoder on mutated real answers',
  seed: 0x7c0de03,
  allowedErrors: [TlDecodeError],
  input: fc
    .tuple(fc.constantFrom(...answers), mutationsArb)
    .map(([answer, mutations]) => ({ answer, bytes: mutate(answer.bytes, mutations) })),
  run({ answer, bytes }) {
    const value = decodeResult(answer.method, bytes)
    checkDecoded(bytes, value)
    assert.deepStrictEqual(decodeResult(answer.method, encodeResult(answer.method, value as never)), value)
  },
}
