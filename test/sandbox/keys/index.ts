// The sandbox's long-lived key material, loaded from the committed fixture (see generate.ts).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import fixture from './server-keys.json'

export interface ServerKeys {
  /** PEM (PKCS#1 "RSA PUBLIC KEY"), the form clients are configured with. */
  readonly rsaPublicKeyPem: string
  readonly rsaPrivateKey: KeyObject
  /** Modulus and public exponent, as the handshake math needs them. */
  readonly rsaModulus: bigint
  readonly rsaExponent: bigint
  readonly rsaPrivateExponent: bigint
  /** A 2048-bit safe prime, and a generator valid for it under the MTProto rules. */
  readonly dhPrime: bigint
  readonly dhGenerator: number
}

let cached: ServerKeys | undefined

export function loadServerKeys(): ServerKeys {
  if (cached) return cached
  const rsaPrivateKey = createPrivateKey(fixture.rsaPrivateKeyPem)
  const jwk = rsaPrivateKey.export({ format: 'jwk' })
  const dhPrime = BigInt(`0x${fixture.dhPrimeHex}`)
  cached = {
    rsaPublicKeyPem: createPublicKey(rsaPrivateKey).export({ type: 'pkcs1', format: 'pem' }).toString(),
    rsaPrivateKey,
    rsaModulus: base64UrlToBigInt(jwk.n!),
    rsaExponent: base64UrlToBigInt(jwk.e!),
    rsaPrivateExponent: base64UrlToBigInt(jwk.d!),
    dhPrime,
    dhGenerator: pickGenerator(dhPrime),
  }
  return cached
}

function base64UrlToBigInt(value: string): bigint {
  return BigInt(`0x${Buffer.from(value, 'base64url').toString('hex')}`)
}

/**
 * Clients accept g in 2..7 only when g generates the subgroup of order (p-1)/2, which for a safe prime reduces to
 * a residue condition on p per g (the MTProto auth key page lists them). Prefer 3, as Telegram does.
 */
function pickGenerator(p: bigint): number {
  const conditions: [number, () => boolean][] = [
    [3, () => p % 3n === 2n],
    [2, () => p % 8n === 7n],
    [4, () => true],
  ]
  for (const [g, holds] of conditions) if (holds()) return g
  return 4
}
