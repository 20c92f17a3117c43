/**
 * SRP-2048 for two-step verification (the algorithm Telegram calls
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow): the password hash, the
 * client's proof for inputCheckPasswordSRP, and the server's side of the same exchange.
 *
 * All numbers travel as 256-byte big-endian strings; H is SHA-256.
 *   x = PH2(password, salt1, salt2)        v = g^x mod p        k = H(p + g)
 *   server: B = (k v + g^b) mod p
 *   client: A = g^a mod p, u = H(A + B), S = (B - k v)^(a + u x) mod p
 *   server: S = (A v^u)^b mod p
 *   both:   M1 = H(H(p) xor H(g) + H(salt1) + H(salt2) + A + B + H(S))
 */
import { pbkdf2, randomBytes } from 'node:crypto'
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint'
import { checkDhParams, isSafeDhValue } from './dh'
import { sha256 } from './hash'

/** The fields of passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow. */
export interface SrpAlgorithm {
  salt1: Uint8Array
  salt2: Uint8Array
  g: number
  /** The 2048-bit prime, big-endian. */
  p: Uint8Array
}

export interface SrpClientProof {
  A: Uint8Array
  M1: Uint8Array
}

type RandomBytes = (size: number) => Uint8Array

const SIZE = 256
const PBKDF2_ITERATIONS = 100_000

/**
 * PH2(password, salt1, salt2) = SH(pbkdf2(sha512, PH1(password, salt1, salt2), salt1, 100000), salt2),
 * where PH1 = SH(SH(password, salt1), salt2) and SH(data, salt) = H(salt + data + salt).
 */
export async function srpPasswordHash(password: string | Uint8Array, salt1: Uint8Array, salt2: Uint8Array): Promise<Uint8Array> {
  const bytes = typeof password === 'string' ? new TextEncoder().encode(password) : password
  const ph1 = saltedHash(saltedHash(bytes, salt1), salt2)
  const stretched = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(ph1, salt1, PBKDF2_ITERATIONS, 64, 'sha512', (error, key) => (error ? reject(error) : resolve(key))),
  )
  return saltedHash(stretched, salt2)
}

function saltedHash(data: Uint8Array, salt: Uint8Array): Uint8Array {
  return sha256(salt, data, salt)
}

/** v = g^x mod p: what the server stores instead of the password (also new_password_hash). */
export function srpVerifier(algo: SrpAlgorithm, passwordHash: Uint8Array): Uint8Array {
  return bigIntToBytes(modPow(BigInt(algo.g), bytesToBigInt(passwordHash), bytesToBigInt(algo.p)), SIZE)
}

/**
 * The client's answer to account.password: checks the parameters and B, then computes A and M1.
 * `passwordHash` is srpPasswordHash(password, salt1, salt2).
 */
export function srpClientProof(
  algo: SrpAlgorithm,
  srpB: Uint8Array,
  passwordHash: Uint8Array,
  random: RandomBytes = randomBytes,
): SrpClientProof {
  const p = bytesToBigInt(algo.p)
  const g = BigInt(algo.g)
  checkDhParams(algo.g, p)
  const B = bytesToBigInt(srpB)
  if (B <= 0n || B >= p) throw new Error('srp_B is out of range')
  const x = bytesToBigInt(passwordHash)
  const k = multiplier(algo)
  const kv = (k * modPow(g, x, p)) % p
  const gb = (((B - kv) % p) + p) % p
  if (!isSafeDhValue(gb, p)) throw new Error('srp_B - k v is not a safe group element')
  const bBytes = bigIntToBytes(B, SIZE)

  for (;;) {
    const a = bytesToBigInt(random(SIZE))
    const A = modPow(g, a, p)
    if (!isSafeDhValue(A, p)) continue
    const aBytes = bigIntToBytes(A, SIZE)
    const u = bytesToBigInt(sha256(aBytes, bBytes))
    if (u === 0n) continue
    const S = modPow(gb, a + u * x, p)
    return { A: aBytes, M1: proof(algo, aBytes, bBytes, S) }
  }
}

/** The server's half of one login attempt: B to send, and the check of the client's proof. */
export interface SrpServerChallenge {
  B: Uint8Array
  verify(A: Uint8Array, M1: Uint8Array): boolean
}

export function srpServerChallenge(algo: SrpAlgorithm, verifier: Uint8Array, random: RandomBytes = randomBytes): SrpServerChallenge {
  const p = bytesToBigInt(algo.p)
  const g = BigInt(algo.g)
  const v = bytesToBigInt(verifier)
  const k = multiplier(algo)
  let b: bigint
  let B: bigint
  do {
    b = bytesToBigInt(random(SIZE))
    B = (k * v + modPow(g, b, p)) % p
  } while (!isSafeDhValue(B, p))
  const bBytes = bigIntToBytes(B, SIZE)

  return {
    B: bBytes,
    verify(aBytes, m1) {
      const A = bytesToBigInt(aBytes)
      if (aBytes.length > SIZE || !isSafeDhValue(A, p)) return false
      const paddedA = bigIntToBytes(A, SIZE)
      const u = bytesToBigInt(sha256(paddedA, bBytes))
      const S = modPow((A * modPow(v, u, p)) % p, b, p)
      const expected = proof(algo, paddedA, bBytes, S)
      return m1.length === expected.length && expected.every((byte, i) => byte === m1[i])
    },
  }
}

/** k = H(p + g), with g left-padded to 256 bytes. */
function multiplier(algo: SrpAlgorithm): bigint {
  return bytesToBigInt(sha256(bigIntToBytes(bytesToBigInt(algo.p), SIZE), bigIntToBytes(BigInt(algo.g), SIZE)))
}

function proof(algo: SrpAlgorithm, aBytes: Uint8Array, bBytes: Uint8Array, S: bigint): Uint8Array {
  const hp = sha256(bigIntToBytes(bytesToBigInt(algo.p), SIZE))
  const hg = sha256(bigIntToBytes(BigInt(algo.g), SIZE))
  for (let i = 0; i < hp.length; i++) hp[i] ^= hg[i]
  return sha256(hp, sha256(algo.salt1), sha256(algo.salt2), aBytes, bBytes, sha256(bigIntToBytes(S, SIZE)))
}
