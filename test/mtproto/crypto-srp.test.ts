// SRP two-step verification. Oracles: mtcute's password hash and SRP client, and GramJS's digest
// and computeCheck, fed the same random `a`; our server side must accept GramJS's proof.

import assert from 'node:assert/strict'
import { createHash, pbkdf2, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { computePasswordHash, computeSrpParams } from '@mtcute/core/utils.js'
import bigInt from 'big-integer'
import { computeCheck, computeDigest } from 'telegram/Password'
import { Api } from 'telegram/tl'
import { bigIntToBytes } from '../../extension/mtproto/crypto/bigint'
import { TELEGRAM_DH_PRIME } from '../../extension/mtproto/crypto/dh'
import {
  srpClientProof,
  srpPasswordHash,
  srpServerChallenge,
  srpVerifier,
  type SrpAlgorithm,
} from '../../extension/mtproto/crypto/srp'
// The CommonJS module object itself, whose exports GramJS looks up at each call, so they can be patched.
import GramJsHelpers = require('telegram/Helpers')

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex')

function algorithm(g = 3): SrpAlgorithm {
  return { salt1: randomBytes(40), salt2: randomBytes(16), g, p: bigIntToBytes(TELEGRAM_DH_PRIME, 256) }
}

/** The part of mtcute's crypto provider its password code uses, backed by Node; `random` supplies `a`. */
function mtcuteCrypto(random: (size: number) => Uint8Array = randomBytes) {
  return {
    sha256: (data: Uint8Array) => createHash('sha256').update(data).digest(),
    randomBytes: random,
    pbkdf2: (password: Uint8Array, salt: Uint8Array, iterations: number, keylen = 64, algo = 'sha512') =>
      new Promise<Buffer>((resolve, reject) =>
        pbkdf2(password, salt, iterations, keylen, algo, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  }
}

function gramJsAlgo(algo: SrpAlgorithm) {
  return new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
    salt1: Buffer.from(algo.salt1),
    salt2: Buffer.from(algo.salt2),
    g: algo.g,
    p: Buffer.from(algo.p),
  })
}

/** Runs GramJS's computeCheck with its random bytes recorded. */
async function gramJsCheck(algo: SrpAlgorithm, srpB: Uint8Array, password: string) {
  const helpers = GramJsHelpers as { generateRandomBytes: (size: number) => Buffer }
  const original = helpers.generateRandomBytes
  const drawn: Buffer[] = []
  helpers.generateRandomBytes = (size) => {
    const block = randomBytes(size)
    drawn.push(block)
    return Buffer.from(block)
  }
  try {
    const request = new Api.account.Password({
      hasPassword: true,
      currentAlgo: gramJsAlgo(algo),
      srp_B: Buffer.from(srpB),
      srpId: bigInt(12345),
      newAlgo: new Api.PasswordKdfAlgoUnknown(),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
      secureRandom: Buffer.alloc(0),
    })
    return { check: await computeCheck(request, password), drawn }
  } finally {
    helpers.generateRandomBytes = original
  }
}

function replay(blocks: Uint8Array[]): (size: number) => Uint8Array {
  let next = 0
  return (size) => {
    const block = blocks[next++]
    assert.ok(block && block.length === size, 'random blocks do not line up')
    return Uint8Array.from(block)
  }
}

describe('SRP password hash', () => {
  it("computes PH2 like mtcute, for ASCII and non-ASCII passwords", async () => {
    for (const password of ['hunter2', 'пароль 🔑', '']) {
      const algo = algorithm()
      const ours = await srpPasswordHash(password, algo.salt1, algo.salt2)
      const theirs = await computePasswordHash(mtcuteCrypto() as never, new TextEncoder().encode(password), algo.salt1, algo.salt2)
      assert.equal(hex(ours), hex(theirs))
    }
  })

  it("computes the verifier g^x mod p that GramJS's computeDigest gives", async () => {
    const algo = algorithm(5)
    const ours = srpVerifier(algo, await srpPasswordHash('correct horse', algo.salt1, algo.salt2))
    assert.equal(hex(ours), hex(await computeDigest(gramJsAlgo(algo), 'correct horse')))
  })
})

describe('SRP exchange', () => {
  it("computes the same A and M1 as GramJS's computeCheck from the same random a", async () => {
    const algo = algorithm()
    const hash = await srpPasswordHash('s3cret', algo.salt1, algo.salt2)
    const server = srpServerChallenge(algo, srpVerifier(algo, hash))
    const { check, drawn } = await gramJsCheck(algo, server.B, 's3cret')
    assert.ok(check instanceof Api.InputCheckPasswordSRP)
    const ours = srpClientProof(algo, server.B, hash, replay(drawn))
    assert.equal(hex(ours.A), hex(check.A))
    assert.equal(hex(ours.M1), hex(check.M1))
  })

  it("computes the same A and M1 as mtcute's computeSrpParams from the same random a", async () => {
    const algo = algorithm(7)
    const hash = await srpPasswordHash('pa55', algo.salt1, algo.salt2)
    const server = srpServerChallenge(algo, srpVerifier(algo, hash))
    const a = randomBytes(256)
    const theirs = await computeSrpParams(
      mtcuteCrypto(() => Uint8Array.from(a)) as never,
      { currentAlgo: { _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow', ...algo }, srpB: server.B, srpId: 1 } as never,
      'pa55',
    )
    const ours = srpClientProof(algo, server.B, hash, () => Uint8Array.from(a))
    assert.equal(hex(ours.A), hex(theirs.A))
    assert.equal(hex(ours.M1), hex(theirs.M1))
  })

  it("accepts GramJS's proof and ours on the server side, and refuses a wrong password", async () => {
    const algo = algorithm()
    const verifier = srpVerifier(algo, await srpPasswordHash('right', algo.salt1, algo.salt2))

    const forGramJs = srpServerChallenge(algo, verifier)
    const { check } = await gramJsCheck(algo, forGramJs.B, 'right')
    assert.ok(check instanceof Api.InputCheckPasswordSRP)
    assert.equal(forGramJs.verify(check.A, check.M1), true)

    const forUs = srpServerChallenge(algo, verifier)
    const ours = srpClientProof(algo, forUs.B, await srpPasswordHash('right', algo.salt1, algo.salt2))
    assert.equal(forUs.verify(ours.A, ours.M1), true)

    const wrong = srpServerChallenge(algo, verifier)
    const guess = srpClientProof(algo, wrong.B, await srpPasswordHash('wrong', algo.salt1, algo.salt2))
    assert.equal(wrong.verify(guess.A, guess.M1), false)
  })

  it('refuses a tampered M1, an A out of range, and a B the client cannot trust', async () => {
    const algo = algorithm()
    const hash = await srpPasswordHash('x', algo.salt1, algo.salt2)
    const server = srpServerChallenge(algo, srpVerifier(algo, hash))
    const proof = srpClientProof(algo, server.B, hash)
    const tampered = Uint8Array.from(proof.M1)
    tampered[0] ^= 1
    assert.equal(server.verify(proof.A, tampered), false)
    assert.equal(server.verify(bigIntToBytes(1n, 256), proof.M1), false)
    assert.throws(() => srpClientProof(algo, bigIntToBytes(TELEGRAM_DH_PRIME, 256), hash), /out of range/)
    assert.throws(() => srpClientProof({ ...algo, g: 2 }, server.B, hash), /does not generate/)
  })
})
