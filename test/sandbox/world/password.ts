// Two-step verification on the server side: the SRP parameters Telegram uses
// (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow with its 2048-bit prime and g = 3), and
// the verifier the server keeps instead of the password.
import { randomBytes } from 'node:crypto'
import {
  bigIntToBytes,
  srpPasswordHash,
  srpServerChallenge,
  srpVerifier,
  TELEGRAM_DH_PRIME,
  type SrpAlgorithm,
  type SrpServerChallenge,
} from '../../../extension/mtproto/crypto'
import type { TlConstructors } from '../../../schema/codec/generated/types'
import type { World } from '.'
import type { Account, PasswordRecord } from './records'

export const SRP_G = 3
export const SRP_P = bigIntToBytes(TELEGRAM_DH_PRIME, 256)

/** Salt lengths as Telegram's new_algo has them: the client appends 32 random bytes to salt1 when setting one. */
const SALT1_LENGTH = 40
const SALT2_LENGTH = 16

export function srpAlgorithmOf(record: PasswordRecord): SrpAlgorithm {
  return { salt1: record.salt1, salt2: record.salt2, g: SRP_G, p: SRP_P }
}

export function tlAlgorithmOf(salts: { salt1: Uint8Array; salt2: Uint8Array }): TlConstructors['passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow'] {
  return { _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow', salt1: salts.salt1, salt2: salts.salt2, g: SRP_G, p: SRP_P }
}

/** Makes the stored form of a password: fresh salts and v = g^x mod p. */
export async function makePasswordRecord(
  password: string,
  hint: string,
  random: (size: number) => Uint8Array = randomBytes,
): Promise<PasswordRecord> {
  const salt1 = random(SALT1_LENGTH)
  const salt2 = random(SALT2_LENGTH)
  const hash = await srpPasswordHash(password, salt1, salt2)
  return { salt1, salt2, verifier: srpVerifier({ salt1, salt2, g: SRP_G, p: SRP_P }, hash), hint }
}

/** The algorithm offered for a new password (account.password.new_algo): salt1 is a prefix the client extends. */
export function newPasswordAlgorithm(random: (size: number) => Uint8Array = randomBytes) {
  return tlAlgorithmOf({ salt1: random(8), salt2: random(SALT2_LENGTH) })
}

/**
 * The server's half of one SRP login for an account: B and srp_id. The secret exponent is kept in the world's
 * sign-in state (not a closure), so a check after a restart with --data still verifies.
 */
export function passwordChallenge(world: World, account: Account): { B: Uint8Array; srpId: bigint } {
  const record = account.password
  if (!record) throw new Error(`user ${account.id} has no password`)
  for (;;) {
    const secret = randomBytes(256)
    const challenge = challengeWith(record, secret)
    if (!challenge) continue
    const srpId = randomBytes(8).readBigInt64LE()
    world.state.signIn.srpChallenges.set(account.id, { srpId, secret })
    return { B: challenge.B, srpId }
  }
}

export type PasswordCheck = 'ok' | 'srp-id-invalid' | 'hash-invalid'

/** Checks inputCheckPasswordSRP against the account's current challenge. */
export function verifyPassword(world: World, account: Account, srpId: bigint, A: Uint8Array, M1: Uint8Array): PasswordCheck {
  const current = world.state.signIn.srpChallenges.get(account.id)
  if (!account.password || !current || current.srpId !== srpId) return 'srp-id-invalid'
  const challenge = challengeWith(account.password, current.secret)
  if (!challenge?.verify(A, M1)) return 'hash-invalid'
  world.state.signIn.srpChallenges.delete(account.id)
  return 'ok'
}

/** srpServerChallenge with a given secret; undefined in the (negligible) case that it gives an unsafe B. */
function challengeWith(record: PasswordRecord, secret: Uint8Array): SrpServerChallenge | undefined {
  let handedOut = false
  try {
    return srpServerChallenge(srpAlgorithmOf(record), record.verifier, () => {
      if (handedOut) throw new UnsafeSecret()
      handedOut = true
      return secret
    })
  } catch (error) {
    if (error instanceof UnsafeSecret) return undefined
    throw error
  }
}

class UnsafeSecret extends Error {}
