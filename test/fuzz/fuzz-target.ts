/**
 * One fuzz target, run two ways: a short form inside `npm test` (a few thousand cases from a fixed, committed
 * seed, so a failure replays) and a long form in `npm run soak` (at least 100,000 cases from the run's seed).
 *
 * A case passes when the code under test either returns, and what it returned keeps the target's invariants
 * (lengths within the input: no out-of-bounds read; round trips), or throws one of the target's typed errors.
 * Any other exception fails the case. Work per case is bounded by the size of the generated inputs, and the
 * slowest case is reported so a superlinear path shows up as a figure.
 */
import { test } from 'node:test'
import fc from 'fast-check'

export type ErrorClass = abstract new (...args: never[]) => Error

export interface FuzzTarget<T> {
  /** What is fuzzed, named after the behaviour: "TL decoder on mutated real answers". */
  name: string
  /** The seed of the short form; committed, so `npm test` replays the same cases everywhere. */
  seed: number
  /** The typed errors hostile input may end in; anything else is a bug. Empty when the code must never throw. */
  allowedErrors: readonly ErrorClass[]
  input: fc.Arbitrary<T>
  /** Runs the code under test on one input and asserts the invariants of its result. */
  run(input: T): void
}

export interface FuzzStats {
  cases: number
  /** Cases that ended in one of the allowed errors (the rest returned). */
  rejected: number
  slowestCaseMs: number
  seconds: number
  /** fast-check's report of the first failing case (seed and path to replay it), when one failed. */
  failure?: string
}

/** Runs `cases` cases of a target and reports what happened, without throwing on a failure. */
export function fuzz<T>(target: FuzzTarget<T>, cases: number, seed: number = target.seed): FuzzStats {
  let rejected = 0
  let slowest = 0
  const property = fc.property(target.input, (input) => {
    const started = performance.now()
    try {
      target.run(input)
    } catch (error) {
      if (!target.allowedErrors.some((allowed) => error instanceof allowed)) throw error
      rejected++
    } finally {
      slowest = Math.max(slowest, performance.now() - started)
    }
  })
  const started = performance.now()
  const details = fc.check(property, { seed, numRuns: cases })
  const stats: FuzzStats = { cases: details.numRuns, rejected, slowestCaseMs: slowest, seconds: (performance.now() - started) / 1000 }
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance)
    stats.failure = `${fc.defaultReportMessage(details) ?? `seed ${details.seed}, path ${details.counterexamplePath}`}\n${error}`
  }
  return stats
}

/** Registers the short form of a target as one node:test test. */
export function fuzzTest<T>(target: FuzzTarget<T>, cases: number): void {
  test(`${target.name}: ${cases.toLocaleString('en')} cases end in a result or a typed error (seed ${target.seed})`, () => {
    const stats = fuzz(target, cases)
    if (stats.failure !== undefined) throw new Error(stats.failure)
  })
}
