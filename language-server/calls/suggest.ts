/**
 * "Did you mean": the closest known name to a misspelt one, by edit distance with adjacent swaps
 * counted once (`gteHistory` is one edit from `getHistory`), ignoring case.
 */

/** Optimal string alignment distance, stopping early once every path exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previousPrevious: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previousPrevious[j - 2]! + 1)
      current.push(value)
      best = Math.min(best, value)
    }
    if (best > limit) return limit + 1
    previousPrevious = previous
    previous = current
  }
  return previous[b.length]!
}

/**
 * The candidate closest to `name`, if it is close enough to be a plausible typo: at most a third of
 * the name's length in edits. Ties go to the shorter, then alphabetically first candidate.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const needle = name.toLowerCase()
  const limit = Math.max(1, Math.floor(needle.length / 3))
  let best: string | undefined
  let bestDistance = limit + 1
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase(), bestDistance)
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && (candidate.length < best.length || (candidate.length === best.length && candidate < best)))
    ) {
      if (distance <= limit) {
        best = candidate
        bestDistance = distance
      }
    }
  }
  return best
}
