// The 64-bit hash a client sends to skip an unchanged list (core.telegram.org/api/offsets, "Hash generation"):
// fold every id of the cached result in order, with unsigned 64-bit wrap-around, and send it as a signed long.

const MASK = (1n << 64n) - 1n

export function listHash(ids: Iterable<number | bigint>): bigint {
  let hash = 0n
  for (const id of ids) {
    hash ^= hash >> 21n
    hash ^= (hash << 35n) & MASK
    hash ^= hash >> 4n
    hash = (hash + BigInt(id)) & MASK
  }
  return BigInt.asIntN(64, hash)
}
