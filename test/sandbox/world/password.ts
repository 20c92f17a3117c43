// Two-step verification on the server side: the SRP parameters Telegram uses
// (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow with its 2048-bit prime and g = 3), and
// the verifier the server keeps instead of the password.
import { randomBytes } from 'node:crypto'
import { bigIntToBytes, srpPasswordHash, srpVerifier, TELEGRAM_DH_PRIME, type SrpAlgorithm } from '../../../extension/mtproto/crypto'
import type { TlConstructors } from '../../../schema/codec/generated/types'
import type { PasswordRecord } from './records'

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
