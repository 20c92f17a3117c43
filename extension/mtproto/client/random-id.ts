import { randomBytes } from 'node:crypto'

/** A random TL `long`: what random_id fields take, so that a resent request is not applied twice. */
export function randomLong(): bigint {
  return randomBytes(8).readBigInt64LE()
}
