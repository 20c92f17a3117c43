/**
 * Ranked name search for quick picks and workspace symbols: exact names first, then prefixes, then
 * substrings at word starts, then any substring, then fuzzy subsequences (`gethist` → `messages.getHistory`).
 * Case is ignored. A name's "short" form is the part after its namespace (`getHistory`).
 */

interface Candidate<T> {
  value: T
  name: string
  lower: string
  /** Start of the short name in `lower`. */
  shortStart: number
  /** `wordStart[i]`: a word begins at `i` (after `.` or `_`, at an upper-case letter, or at 0). */
  wordStart: boolean[]
}

export interface SearchHit<T> {
  value: T
  /** Higher is better; only the order is meaningful. */
  score: number
}

const EXACT = 1000
const EXACT_SHORT = 900
const PREFIX = 800
const SHORT_PREFIX = 700
const WORD_SUBSTRING = 600
const SUBSTRING = 500
const FUZZY_MAX = 499

function wordStarts(name: string): boolean[] {
  return Array.from(name, (c, i) => {
    if (i === 0) return true
    const previous = name[i - 1]!
    if (previous === '.' || previous === '_') return true
    return c >= 'A' && c <= 'Z' && !(previous >= 'A' && previous <= 'Z')
  })
}

function score(query: string, candidate: Candidate<unknown>): number | undefined {
  const { lower, shortStart } = candidate
  if (lower === query) return EXACT
  if (shortStart > 0 && lower.length - shortStart === query.length && lower.endsWith(query)) return EXACT_SHORT
  if (lower.startsWith(query)) return PREFIX
  if (shortStart > 0 && lower.startsWith(query, shortStart)) return SHORT_PREFIX

  let at = lower.indexOf(query)
  if (at >= 0) {
    const first = at
    for (; at >= 0; at = lower.indexOf(query, at + 1)) {
      if (candidate.wordStart[at]) return WORD_SUBSTRING
    }
    return SUBSTRING - Math.min(first, 99) / 100
  }
  return fuzzyScore(query, candidate)
}

function isSubsequence(needle: string, haystack: string, from: number): boolean {
  for (const c of needle) {
    const at = haystack.indexOf(c, from)
    if (at < 0) return false
    from = at + 1
  }
  return true
}

/** Greedy subsequence match, rewarding letters that start words and runs of adjacent letters. */
function fuzzyScore(query: string, candidate: Candidate<unknown>): number | undefined {
  const { lower, wordStart } = candidate
  if (!isSubsequence(query, lower, 0)) return undefined
  let points = 0
  let from = 0
  let previous = -2
  for (let k = 0; k < query.length; k++) {
    const c = query[k]!
    let at = lower.indexOf(c, from)
    // Unless it continues a run, move the letter to a later word start, if the rest still matches after it.
    if (at !== previous + 1 && !wordStart[at]) {
      for (let i = at + 1; i < lower.length; i++) {
        if (lower[i] === c && wordStart[i] && isSubsequence(query.slice(k + 1), lower, i + 1)) {
          at = i
          break
        }
      }
    }
    if (wordStart[at]) points += 3
    if (at === previous + 1) points += 2
    points -= Math.min(at - from, 10) / 10
    previous = at
    from = at + 1
  }
  // Among fuzzy matches, prefer names with less left unmatched: `sndmsg` means sendMessage more than sendMessageGamePlayAction.
  points -= (lower.length - candidate.shortStart - query.length) * 0.2
  return Math.min(FUZZY_MAX, 100 + points)
}

export class NameIndex<T> {
  private readonly candidates: Candidate<T>[]

  constructor(entries: Iterable<{ name: string; value: T }>) {
    this.candidates = Array.from(entries, ({ name, value }) => ({
      value,
      name,
      lower: name.toLowerCase(),
      shortStart: name.lastIndexOf('.') + 1,
      wordStart: wordStarts(name),
    }))
  }

  /** The best `limit` matches for `query`, best first; ties go to the shorter, then alphabetically first name. */
  search(query: string, limit: number): SearchHit<T>[] {
    const needle = query.trim().toLowerCase()
    if (!needle || limit <= 0) return []
    const hits: { candidate: Candidate<T>; score: number }[] = []
    for (const candidate of this.candidates) {
      const points = score(needle, candidate)
      if (points !== undefined) hits.push({ candidate, score: points })
    }
    hits.sort(
      (a, b) =>
        b.score - a.score ||
        a.candidate.name.length - b.candidate.name.length ||
        (a.candidate.name < b.candidate.name ? -1 : a.candidate.name > b.candidate.name ? 1 : 0),
    )
    return hits.slice(0, limit).map(({ candidate, score }) => ({ value: candidate.value, score }))
  }
}
