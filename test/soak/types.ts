/**
 * The contract of a soak: every `test/**\/*.soak.ts` file default-exports a `Soak`. `npm run soak` imports each
 * file, calls it once with the run's options and prints the figures it returns; the run fails (exit 1) when a
 * soak throws or when any figure carrying a `check` did not pass. A soak is the long form of a test: it scales its
 * work by `scale` (1 = the full form the issue asks for), stops early when `durationMs` runs out if it is
 * open-ended, derives all its randomness from `seed` so a failure replays, and reports progress through `log`
 * (never console.log: the runner prefixes and times the lines).
 *
 *   export default (async ({ scale, seed, log }) => {
 *     ...
 *     return [figure('messages sent', sent), checked('duplicates', duplicates, 'must be 0', duplicates === 0)]
 *   }) satisfies Soak
 */

export interface SoakOptions {
  /** 0..1: the share of the full form to run; 1 is the full form (e.g. one million updates). */
  scale: number
  /** Wall-clock budget for soaks that run until told to stop; undefined lets each choose from `scale`. */
  durationMs?: number
  /** The run's seed, printed by the runner: the same seed replays the same random choices. */
  seed: number
  log: (line: string) => void
}

export interface SoakFigure {
  name: string
  value: number
  unit?: string
  /** When the figure is also an invariant: the rule in words, and whether this run kept it. */
  check?: { rule: string; pass: boolean }
  /** Context for a reader of the table (sizes, thresholds, what was left out). */
  note?: string
}

/** The named figures of one soak run, in the order they should be printed. */
export type SoakReport = SoakFigure[]

export type Soak = (options: SoakOptions) => Promise<SoakReport>

/** A figure that is only reported. */
export function figure(name: string, value: number, unit?: string, note?: string): SoakFigure {
  return { name, value, ...(unit !== undefined ? { unit } : {}), ...(note !== undefined ? { note } : {}) }
}

/** A figure that is also an invariant: the run fails when `pass` is false. */
export function checked(name: string, value: number, rule: string, pass: boolean, unit?: string, note?: string): SoakFigure {
  return { ...figure(name, value, unit, note), check: { rule, pass } }
}
