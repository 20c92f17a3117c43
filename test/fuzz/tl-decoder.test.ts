// Short forms of the TL decoder fuzz targets; the long forms run in fuzz.soak.ts.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeObject, decodeResult, TlDecodeError } from '../../schema/codec'
import { fuzzTest } from './fuzz-target'
import { tlDecoderOnKnownIds, tlDecoderOnMutatedAnswers, tlDecoderOnRandomBytes } from './targets/tl-decoder'

const le = (id: number) => [id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff, id >>> 24]
const VECTOR = 0x1cb5c415

describe('fuzz: TL decoder', () => {
  fuzzTest(tlDecoderOnRandomBytes, 3000)
  fuzzTest(tlDecoderOnKnownIds, 3000)
  fuzzTest(tlDecoderOnMutatedAnswers, 3000)

  // Found by the long form (seed 20261127): a mutated users.getUsers answer held a vector where a User belongs,
  // and the decoder handed it on as a User.
  test('refuses a value of another type in a typed slot or a typed vector', () => {
    const refused = (decode: () => unknown) =>
      assert.throws(decode, (error: unknown) => error instanceof TlDecodeError && error.reason === 'invalid-value' && /expected a constructor of/.test(error.message))
    // users.getUsers -> Vector<User> holding an empty vector
    refused(() => decodeResult('users.getUsers', new Uint8Array([...le(VECTOR), 1, 0, 0, 0, ...le(VECTOR), 0, 0, 0, 0])))
    // updateShort update:Update date:int, with inputPeerSelf as the update
    refused(() => decodeObject(new Uint8Array([...le(0x78d4dec1), ...le(0x7da07ec9), 0, 0, 0, 0])))
    // ... and with boolTrue as the update
    refused(() => decodeObject(new Uint8Array([...le(0x78d4dec1), ...le(0x997275b5), 0, 0, 0, 0])))
  })
})
