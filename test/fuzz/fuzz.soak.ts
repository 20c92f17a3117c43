/**
 * The long form of every fuzz target: 100,000 cases each at full scale, seeded from the run's seed (target i
 * uses seed + i, printed with any failure so it replays). Each target reports its cases, how many ended in an
 * allowed error, its slowest case, and a check that no case failed. `durationMs` does not apply: the case
 * count is the budget.
 */
import { checked, figure, type Soak, type SoakFigure } from '../soak/types'
import { fuzz } from './fuzz-target'
import { allTargets } from './targets'

const FULL_CASES = 100_000
/** A case is a few KiB of input through linear code: even on a loaded machine, one taking this long is a hang-like path. */
const SLOW_CASE_MS = 10_000

export default (async ({ scale, seed, log }) => {
  const cases = Math.max(1_000, Math.round(FULL_CASES * scale))
  const figures: SoakFigure[] = []
  let total = 0
  for (const [i, target] of allTargets.entries()) {
    const targetSeed = seed + i
    const stats = fuzz(target, cases, targetSeed)
    total += stats.cases
    log(
      `${target.name}: ${stats.cases} cases in ${stats.seconds.toFixed(1)} s (seed ${targetSeed}), ` +
        `${stats.rejected} typed errors, slowest ${stats.slowestCaseMs.toFixed(1)} ms`,
    )
    if (stats.failure !== undefined) log(`FAILED ${target.name}:\n${stats.failure}`)
    figures.push(
      checked(`${target.name}: failing cases`, stats.failure === undefined ? 0 : 1, 'must be 0', stats.failure === undefined, undefined, `${stats.cases.toLocaleString('en')} cases, seed ${targetSeed}`),
      checked(`${target.name}: slowest case`, stats.slowestCaseMs, `under ${SLOW_CASE_MS} ms`, stats.slowestCaseMs < SLOW_CASE_MS, 'ms'),
    )
  }
  figures.push(
    figure('fuzz cases run', total, 'cases', `${allTargets.length} targets`),
    figure('fuzz process RSS at the end', process.memoryUsage().rss / 2 ** 20, 'MiB'),
  )
  return figures
}) satisfies Soak
