/**
 * Creating an auth key with the server (client side of the MTProto 2.0 handshake):
 *
 *   req_pq_multi -> resPQ                     pick an RSA key by fingerprint, factor pq
 *   req_DH_params -> server_DH_params_ok      RSA_PAD(p_q_inner_data_dc), decrypt the DH params
 *   set_client_DH_params -> dh_gen_ok         send g_b; on dh_gen_retry send a new g_b
 *
 * Every check the protocol asks of a client is made, and each failure is a `KeyExchangeError`
 * naming the check. The messages travel unencrypted (see plain-message.ts).
 */
import { randomBytes } from 'node:crypto'
import { igeDecrypt, igeEncrypt } from '../crypto/aes-ige'
import { bigIntToBytes, bitLength, bytesToBigInt, modPow, randomBigIntBelow } from '../crypto/bigint'
import { checkDhParams, isSafeDhValue, isSafePrime } from '../crypto/dh'
import { factorizePq } from '../crypto/factorize'
import { sha1 } from '../crypto/hash'
import { handshakeAesKeyIv, newNonceHash } from '../crypto/kdf'
import { rsaLegacyEncrypt, rsaPadEncrypt, type RsaPublicKey } from '../crypto/rsa'
import { KeyExchangeError } from '../errors/protocol-errors'
import { decodeTl, encodeTl, type TlObject } from '../session/tl'
import { AuthKey } from './auth-key'

/** Sends one unencrypted request and returns the body of the server's unencrypted answer. */
export type PlainExchange = (request: Uint8Array, signal?: AbortSignal) => Promise<Uint8Array>

export interface KeyExchangeOptions {
  /** The server keys we trust; the first whose fingerprint the server offers is used. */
  rsaKeys: readonly RsaPublicKey[]
  /** RSA_PAD (what current servers expect; the default) or the older SHA1-prefixed format. */
  rsaPadding?: 'rsa_pad' | 'legacy'
  /** The DC id put into p_q_inner_data_dc (test DCs add 10000, media DCs are negative). */
  dcId: number
  /** Create a temporary key valid for this many seconds (p_q_inner_data_temp_dc) instead of a permanent one. */
  tempKeyExpiresIn?: number
  /** How many times the whole exchange restarts after dh_gen_fail or dh_gen_retry. */
  maxAttempts?: number
  signal?: AbortSignal
  /** Local clock, replaceable for tests. */
  now?: () => number
}

export interface KeyExchangeResult {
  authKey: AuthKey
  /** The first server salt: new_nonce[0..8] XOR server_nonce[0..8]. */
  serverSalt: bigint
  /** Seconds to add to the local clock to get the server's (from server_DH_inner_data.server_time). */
  timeOffset: number
  /** For a temporary key, the unixtime (server clock) it expires at. */
  expiresAt?: number
}

interface ResPQ {
  _: 'resPQ'
  nonce: Uint8Array
  server_nonce: Uint8Array
  pq: Uint8Array
  server_public_key_fingerprints: bigint[]
}
interface ServerDhParams {
  _: 'server_DH_params_ok' | 'server_DH_params_fail'
  nonce: Uint8Array
  server_nonce: Uint8Array
  encrypted_answer?: Uint8Array
}
interface ServerDhInnerData {
  _: 'server_DH_inner_data'
  nonce: Uint8Array
  server_nonce: Uint8Array
  g: number
  dh_prime: Uint8Array
  g_a: Uint8Array
  server_time: number
}
interface DhGenAnswer {
  _: 'dh_gen_ok' | 'dh_gen_retry' | 'dh_gen_fail'
  nonce: Uint8Array
  server_nonce: Uint8Array
  new_nonce_hash1?: Uint8Array
  new_nonce_hash2?: Uint8Array
  new_nonce_hash3?: Uint8Array
}

/** How many dh_gen_retry answers are accepted before giving up on one set of DH params. */
const MAX_DH_RETRIES = 5

export async function exchangeAuthKey(send: PlainExchange, options: KeyExchangeOptions): Promise<KeyExchangeResult> {
  const maxAttempts = options.maxAttempts ?? 3
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchangeOnce(send, options)
    } catch (error) {
      // dh_gen_fail means the server gave up on this DH; a fresh exchange may succeed.
      if (!(error instanceof KeyExchangeError) || error.reason !== 'dh-gen-fail' || attempt >= maxAttempts) throw error
    }
  }
}

async function exchangeOnce(send: PlainExchange, options: KeyExchangeOptions): Promise<KeyExchangeResult> {
  const { signal } = options
  const now = options.now ?? Date.now
  const call = async <T extends { _: string }>(request: TlObject, expected: readonly T['_'][]): Promise<T> => {
    const answer = decodeTl(await send(encodeTl(request), signal)) as unknown as T
    if (!expected.includes(answer._)) throw new KeyExchangeError('unexpected-answer', `${answer._} to ${request._}`)
    return answer
  }

  // 1. Ask for pq, and learn which RSA keys the server holds.
  const nonce = randomBytes(16)
  const resPq = await call<ResPQ>({ _: 'req_pq_multi', nonce }, ['resPQ'])
  if (!bytesEqual(resPq.nonce, nonce)) throw new KeyExchangeError('nonce-mismatch', 'resPQ')
  const serverNonce = resPq.server_nonce
  const offered = new Set(resPq.server_public_key_fingerprints.map((f) => BigInt.asIntN(64, f)))
  const rsaKey = options.rsaKeys.find((key) => offered.has(BigInt.asIntN(64, key.fingerprint)))
  if (!rsaKey) throw new KeyExchangeError('no-matching-rsa-key', `server offers ${[...offered].join(', ')}`)

  // 2. Prove the work (factor pq) and send new_nonce under the server's RSA key.
  const pq = bytesToBigInt(resPq.pq)
  const [p, q] = factorizePq(pq)
  if (p * q !== pq || p <= 1n) throw new KeyExchangeError('pq-not-factorizable')
  const newNonce = randomBytes(32)
  const innerData = {
    _: options.tempKeyExpiresIn ? 'p_q_inner_data_temp_dc' : 'p_q_inner_data_dc',
    pq: resPq.pq,
    p: bigIntToBytes(p),
    q: bigIntToBytes(q),
    nonce,
    server_nonce: serverNonce,
    new_nonce: newNonce,
    dc: options.dcId,
    ...(options.tempKeyExpiresIn ? { expires_in: options.tempKeyExpiresIn } : {}),
  }
  const dhParams = await call<ServerDhParams>(
    {
      _: 'req_DH_params',
      nonce,
      server_nonce: serverNonce,
      p: bigIntToBytes(p),
      q: bigIntToBytes(q),
      public_key_fingerprint: rsaKey.fingerprint,
      encrypted_data: (options.rsaPadding === 'legacy' ? rsaLegacyEncrypt : rsaPadEncrypt)(encodeTl(innerData), rsaKey),
    },
    ['server_DH_params_ok', 'server_DH_params_fail'],
  )
  checkNonces(dhParams, nonce, serverNonce)
  if (dhParams._ === 'server_DH_params_fail') throw new KeyExchangeError('server-dh-params-fail')

  // 3. Decrypt the server's DH half with the key both sides derive from the nonces.
  const { key: tmpKey, iv: tmpIv } = handshakeAesKeyIv(serverNonce, newNonce)
  const answer = openAnswerWithHash(igeDecrypt(dhParams.encrypted_answer!, tmpKey, tmpIv))
  const dh = decodeTl(answer) as unknown as ServerDhInnerData
  if (dh._ !== 'server_DH_inner_data') throw new KeyExchangeError('unexpected-answer', dh._)
  checkNonces(dh, nonce, serverNonce)
  const dhPrime = bytesToBigInt(dh.dh_prime)
  const gA = bytesToBigInt(dh.g_a)
  checkDhGroup(dh.g, dhPrime)
  if (!isSafeDhValue(gA, dhPrime)) throw new KeyExchangeError('g_a-out-of-range')
  const timeOffset = dh.server_time - Math.floor(now() / 1000)

  // 4. Send our half; the server may ask for another b (dh_gen_retry) if it disliked the key id.
  let retryId = 0n
  for (let retry = 0; retry <= MAX_DH_RETRIES; retry++) {
    const b = randomBigIntBelow(dhPrime)
    const gB = modPow(BigInt(dh.g), b, dhPrime)
    if (!isSafeDhValue(gB, dhPrime)) throw new KeyExchangeError('g_b-out-of-range')
    const clientInner = encodeTl({
      _: 'client_DH_inner_data',
      nonce,
      server_nonce: serverNonce,
      retry_id: retryId,
      g_b: bigIntToBytes(gB),
    })
    const result = await call<DhGenAnswer>(
      {
        _: 'set_client_DH_params',
        nonce,
        server_nonce: serverNonce,
        encrypted_data: igeEncrypt(withHashAndPadding(clientInner), tmpKey, tmpIv),
      },
      ['dh_gen_ok', 'dh_gen_retry', 'dh_gen_fail'],
    )
    checkNonces(result, nonce, serverNonce)

    const authKey = new AuthKey(bigIntToBytes(modPow(gA, b, dhPrime), 256))
    const [marker, received]: [1 | 2 | 3, Uint8Array | undefined] =
      result._ === 'dh_gen_ok'
        ? [1, result.new_nonce_hash1]
        : result._ === 'dh_gen_retry'
          ? [2, result.new_nonce_hash2]
          : [3, result.new_nonce_hash3]
    if (!received || !bytesEqual(received, newNonceHash(newNonce, authKey.key, marker))) {
      throw new KeyExchangeError('new-nonce-hash-mismatch', result._)
    }
    if (result._ === 'dh_gen_fail') throw new KeyExchangeError('dh-gen-fail')
    if (result._ === 'dh_gen_retry') {
      // retry_id is auth_key_aux_hash: the first 64 bits of SHA1(auth_key) from the refused attempt.
      const auxHash = sha1(authKey.key)
      retryId = new DataView(auxHash.buffer, auxHash.byteOffset, 8).getBigInt64(0, true)
      continue
    }
    return {
      authKey,
      serverSalt: initialSalt(newNonce, serverNonce),
      timeOffset,
      ...(options.tempKeyExpiresIn ? { expiresAt: dh.server_time + options.tempKeyExpiresIn } : {}),
    }
  }
  throw new KeyExchangeError('too-many-retries', `${MAX_DH_RETRIES} dh_gen_retry answers`)
}

function checkNonces(answer: { _: string; nonce: Uint8Array; server_nonce: Uint8Array }, nonce: Uint8Array, serverNonce: Uint8Array): void {
  if (!bytesEqual(answer.nonce, nonce)) throw new KeyExchangeError('nonce-mismatch', answer._)
  if (!bytesEqual(answer.server_nonce, serverNonce)) throw new KeyExchangeError('server-nonce-mismatch', answer._)
}

/** DH groups (g, dh_prime) already verified in this process: Miller-Rabin is too slow to repeat. */
const verifiedGroups = new Set<string>()

/**
 * dh_prime must be a 2048-bit safe prime (Telegram's own is known; any other is tested with
 * Miller-Rabin), and g must generate its subgroup of prime order.
 */
function checkDhGroup(g: number, dhPrime: bigint): void {
  const group = `${g}:${dhPrime.toString(16)}`
  if (verifiedGroups.has(group)) return
  try {
    checkDhParams(g, dhPrime)
  } catch (error) {
    const primeRejected = bitLength(dhPrime) !== 2048 || !isSafePrime(dhPrime)
    throw new KeyExchangeError(primeRejected ? 'dh-prime-rejected' : 'g-out-of-range', (error as Error).message)
  }
  verifiedGroups.add(group)
}

/**
 * answer_with_hash = SHA1(answer) + answer + 0..15 padding bytes. The answer's length is found
 * by the hash itself, so nothing is trusted before it matches.
 */
function openAnswerWithHash(decrypted: Uint8Array): Uint8Array {
  const hash = decrypted.subarray(0, 20)
  for (let padding = 0; padding < 16 && 20 + padding <= decrypted.length; padding++) {
    const answer = decrypted.subarray(20, decrypted.length - padding)
    if (bytesEqual(sha1(answer), hash)) return answer
  }
  throw new KeyExchangeError('answer-hash-mismatch')
}

/** data_with_hash = SHA1(data) + data + random padding to a multiple of 16 bytes. */
function withHashAndPadding(data: Uint8Array): Uint8Array {
  const length = 20 + data.length
  return concat(sha1(data), data, randomBytes((16 - (length % 16)) % 16))
}

function initialSalt(newNonce: Uint8Array, serverNonce: Uint8Array): bigint {
  const salt = new Uint8Array(8)
  for (let i = 0; i < 8; i++) salt[i] = newNonce[i] ^ serverNonce[i]
  return new DataView(salt.buffer).getBigInt64(0, true)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}
