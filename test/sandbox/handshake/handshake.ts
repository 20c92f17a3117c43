// The server side of the auth key exchange (MTProto "Creating an Authorization Key"): req_pq(_multi) ->
// req_DH_params -> set_client_DH_params, over unencrypted messages on one connection. It accepts every variant
// Telegram does: RSA_PAD and the older SHA1+data RSA format, and the inner data with or without dc, permanent
// or temporary.
import { checkPrimeSync, generatePrimeSync, randomBytes } from 'node:crypto'
import {
  bigIntToBytes,
  bytesEqual,
  bytesToBigInt,
  concatBytes,
  igeDecrypt,
  igeEncrypt,
  isSafeDhValue,
  modPow,
  sha1,
} from '../crypto'
import type { HandshakeMisbehavior, MisbehaviorSwitch } from '../control/misbehavior'
import type { ServerKeys } from '../keys'
import type { AuthKeyStore, KeyExchangeVariant } from '../session/auth-keys'
import { decodeObjectPrefix, encodeObject, type TlObject } from '../tl'
import { initialServerSalt, newNonceHash, tmpAesKeyIv } from './nonce-keys'
import { decryptInnerData } from './rsa-inner-data'

export interface HandshakeEnvironment {
  readonly dcId: number
  readonly keys: ServerKeys
  readonly fingerprint: bigint
  readonly authKeys: AuthKeyStore
  readonly nowSeconds: () => number
  /** Test hook: answer dh_gen_retry to this many otherwise valid attempts, as for an auth_key_id collision. */
  forcedRetries?: number
  /** Test hook: the misbehaving mode, for lies a client must catch (control/misbehavior.ts). */
  readonly misbehavior?: MisbehaviorSwitch
}

/** What the connection should do with a handshake message. */
export type HandshakeOutcome =
  | { readonly kind: 'reply'; readonly answer: TlObject }
  /** Telegram answers a handshake it cannot continue with transport error -404 and drops the connection. */
  | { readonly kind: 'abort'; readonly reason: string }

interface PendingExchange {
  readonly nonce: Uint8Array
  readonly serverNonce: Uint8Array
  readonly p: bigint
  readonly q: bigint
  /** Set once req_DH_params has been accepted. */
  dh?: {
    readonly newNonce: Uint8Array
    readonly a: bigint
    readonly tmpKey: Uint8Array
    readonly tmpIv: Uint8Array
    readonly expiresIn: number | undefined
    readonly variant: KeyExchangeVariant
    /** retry_id the next set_client_DH_params must carry: 0, then the aux hash of the refused key. */
    expectedRetryId: bigint
  }
}

/** One connection's handshakes in progress, keyed by server_nonce (a client may run a perm and a temp one). */
export class HandshakeServer {
  private readonly pending = new Map<string, PendingExchange>()

  constructor(private readonly env: HandshakeEnvironment) {}

  handle(message: TlObject): HandshakeOutcome {
    switch (message._) {
      case 'req_pq':
      case 'req_pq_multi':
        return this.reqPq(message.nonce as Uint8Array)
      case 'req_DH_params':
        return this.reqDhParams(message)
      case 'set_client_DH_params':
        return this.setClientDhParams(message)
      default:
        return abort(`${message._} is not a handshake message`)
    }
  }

  private reqPq(nonce: Uint8Array): HandshakeOutcome {
    // Telegram's pq is the product of two distinct primes below 2^32; the client must factor it.
    const p = generatePrimeSync(31, { bigint: true })
    let q = generatePrimeSync(31, { bigint: true })
    while (q === p) q = generatePrimeSync(31, { bigint: true })
    const exchange: PendingExchange = { nonce, serverNonce: randomBytes(16), p: p < q ? p : q, q: p < q ? q : p }
    this.pending.set(hex(exchange.serverNonce), exchange)
    const lie = this.misbehave(['resPQ-wrong-nonce', 'resPQ-unknown-fingerprint'])
    return reply({
      _: 'resPQ',
      nonce: lie === 'resPQ-wrong-nonce' ? flipFirstBit(nonce) : nonce,
      server_nonce: exchange.serverNonce,
      pq: bigIntToBytes(p * q),
      server_public_key_fingerprints: [lie === 'resPQ-unknown-fingerprint' ? this.env.fingerprint ^ 1n : this.env.fingerprint],
    })
  }

  private reqDhParams(message: TlObject): HandshakeOutcome {
    const exchange = this.exchangeFor(message)
    if (!exchange || exchange.dh) return abort('req_DH_params for an unknown or finished exchange')
    if (message.public_key_fingerprint !== this.env.fingerprint) return abort('unknown RSA key fingerprint')
    if (!this.samePq(exchange, message.p as Uint8Array, message.q as Uint8Array)) return abort('wrong p or q')

    const decrypted = decryptInnerData(message.encrypted_data as Uint8Array, this.env.keys)
    if (!decrypted) return abort('encrypted_data decrypts to nothing valid')
    const data = decrypted.inner
    const innerKinds = ['p_q_inner_data', 'p_q_inner_data_dc', 'p_q_inner_data_temp', 'p_q_inner_data_temp_dc']
    if (!innerKinds.includes(data._)) return abort(`${data._} in place of p_q_inner_data`)
    if (
      !bytesEqual(data.nonce as Uint8Array, exchange.nonce) ||
      !bytesEqual(data.server_nonce as Uint8Array, exchange.serverNonce) ||
      !this.samePq(exchange, data.p as Uint8Array, data.q as Uint8Array) ||
      bytesToBigInt(data.pq as Uint8Array) !== exchange.p * exchange.q
    ) {
      return abort('p_q_inner_data does not match the exchange')
    }
    // Media DCs are addressed as -id, test DCs as 10000+id; all of them are this DC.
    if (data.dc !== undefined && ![this.env.dcId, -this.env.dcId, 10000 + this.env.dcId].includes(data.dc as number)) {
      return abort(`p_q_inner_data names dc ${data.dc}, this is dc ${this.env.dcId}`)
    }

    const newNonce = data.new_nonce as Uint8Array
    const { dhPrime, dhGenerator } = this.env.keys
    let a: bigint
    let gA: bigint
    do {
      a = bytesToBigInt(randomBytes(256)) % dhPrime
      gA = modPow(BigInt(dhGenerator), a, dhPrime)
    } while (!isSafeDhValue(gA, dhPrime))
    const lie = this.misbehave(['dh-params-wrong-server-nonce', 'dh-answer-wrong-hash', 'dh-prime-not-prime', 'dh-prime-unsafe', 'g_a-out-of-range'])
    const { key: tmpKey, iv: tmpIv } = tmpAesKeyIv(exchange.serverNonce, newNonce)
    exchange.dh = {
      newNonce,
      a,
      tmpKey,
      tmpIv,
      expiresIn: data.expires_in as number | undefined,
      variant: { rsa: decrypted.scheme, innerData: data._ },
      expectedRetryId: 0n,
    }

    const answer = encodeObject({
      _: 'server_DH_inner_data',
      nonce: exchange.nonce,
      server_nonce: exchange.serverNonce,
      g: dhGenerator,
      dh_prime: bigIntToBytes(lie === 'dh-prime-not-prime' ? compositeNear(dhPrime) : lie === 'dh-prime-unsafe' ? unsafePrime() : dhPrime),
      // p - 1 is the classic small-subgroup value: the shared key would be 1 or p - 1.
      g_a: bigIntToBytes(lie === 'g_a-out-of-range' ? dhPrime - 1n : gA),
      server_time: this.env.nowSeconds(),
    })
    const answerHash = lie === 'dh-answer-wrong-hash' ? flipFirstBit(sha1(answer)) : sha1(answer)
    return reply({
      _: 'server_DH_params_ok',
      nonce: exchange.nonce,
      server_nonce: lie === 'dh-params-wrong-server-nonce' ? flipFirstBit(exchange.serverNonce) : exchange.serverNonce,
      encrypted_answer: igeEncrypt(padTo16(concatBytes(answerHash, answer)), tmpKey, tmpIv),
    })
  }

  private setClientDhParams(message: TlObject): HandshakeOutcome {
    const exchange = this.exchangeFor(message)
    const dh = exchange?.dh
    if (!exchange || !dh) return abort('set_client_DH_params before req_DH_params')
    const encrypted = message.encrypted_data as Uint8Array
    if (encrypted.length === 0 || encrypted.length % 16 !== 0) return abort('encrypted_data is not whole AES blocks')

    const answerWithHash = igeDecrypt(encrypted, dh.tmpKey, dh.tmpIv)
    const decoded = safeDecodePrefix(answerWithHash.subarray(20))
    if (!decoded || decoded.object._ !== 'client_DH_inner_data') return abort('client_DH_inner_data does not decode')
    if (!bytesEqual(sha1(answerWithHash.subarray(20, 20 + decoded.length)), answerWithHash.subarray(0, 20))) {
      return abort('client_DH_inner_data hash mismatch')
    }
    const inner = decoded.object
    if (!bytesEqual(inner.nonce as Uint8Array, exchange.nonce) || !bytesEqual(inner.server_nonce as Uint8Array, exchange.serverNonce)) {
      return abort('client_DH_inner_data nonces do not match')
    }

    const { dhPrime } = this.env.keys
    const gB = bytesToBigInt(inner.g_b as Uint8Array)
    const authKey = bigIntToBytes(modPow(gB, dh.a, dhPrime), 256)
    const auxHash = sha1(authKey).subarray(0, 8)
    const nonces = { nonce: exchange.nonce, server_nonce: exchange.serverNonce }

    // g_b must lie in the safe range (2^(2048-64) away from 1 and p-1), as the spec requires of both sides.
    if (inner.retry_id !== dh.expectedRetryId || !isSafeDhValue(gB, dhPrime)) {
      this.pending.delete(hex(exchange.serverNonce))
      return reply({ _: 'dh_gen_fail', ...nonces, new_nonce_hash3: newNonceHash(dh.newNonce, authKey, 3) })
    }
    if (this.env.authKeys.has(this.env.dcId, authKey) || (this.env.forcedRetries ?? 0) > 0) {
      if (this.env.forcedRetries) this.env.forcedRetries--
      dh.expectedRetryId = Buffer.from(auxHash).readBigInt64LE()
      return reply({ _: 'dh_gen_retry', ...nonces, new_nonce_hash2: newNonceHash(dh.newNonce, authKey, 2) })
    }

    this.pending.delete(hex(exchange.serverNonce))
    this.env.authKeys.add({
      key: authKey,
      dcId: this.env.dcId,
      expiresAt: dh.expiresIn === undefined ? undefined : this.env.nowSeconds() + dh.expiresIn,
      initialSalt: initialServerSalt(dh.newNonce, exchange.serverNonce),
      agreedWith: dh.variant,
    })
    return reply({ _: 'dh_gen_ok', ...nonces, new_nonce_hash1: newNonceHash(dh.newNonce, authKey, 1) })
  }

  private misbehave<K extends HandshakeMisbehavior>(kinds: readonly K[]): K | undefined {
    return this.env.misbehavior?.take(kinds)
  }

  private exchangeFor(message: TlObject): PendingExchange | undefined {
    const exchange = this.pending.get(hex(message.server_nonce as Uint8Array))
    return exchange && bytesEqual(exchange.nonce, message.nonce as Uint8Array) ? exchange : undefined
  }

  private samePq(exchange: PendingExchange, p: Uint8Array, q: Uint8Array): boolean {
    return bytesToBigInt(p) === exchange.p && bytesToBigInt(q) === exchange.q
  }
}

function reply(answer: TlObject): HandshakeOutcome {
  return { kind: 'reply', answer }
}

function abort(reason: string): HandshakeOutcome {
  return { kind: 'abort', reason }
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

function flipFirstBit(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice()
  copy[0]! ^= 1
  return copy
}

/** The first odd composite above `prime`: a 2048-bit dh_prime that is not prime at all. */
function compositeNear(prime: bigint): bigint {
  let candidate = prime + 2n
  while (checkPrimeSync(candidate)) candidate += 2n
  return candidate
}

let cachedUnsafePrime: bigint | undefined

/** A 2048-bit prime whose (p - 1) / 2 is not prime (a random prime almost never is safe); made once, it is slow. */
function unsafePrime(): bigint {
  while (cachedUnsafePrime === undefined) {
    const prime = generatePrimeSync(2048, { bigint: true })
    if (!checkPrimeSync((prime - 1n) / 2n)) cachedUnsafePrime = prime
  }
  return cachedUnsafePrime
}

function padTo16(data: Uint8Array): Uint8Array {
  const padding = (16 - (data.length % 16)) % 16
  return padding === 0 ? data : concatBytes(data, randomBytes(padding))
}

/** Decodes the object at the start of `bytes`, which may be followed by padding. */
function safeDecodePrefix(bytes: Uint8Array): { object: TlObject; length: number } | undefined {
  try {
    return decodeObjectPrefix(bytes)
  } catch {
    return undefined
  }
}
