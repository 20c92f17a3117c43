/**
 * The long form of the update stream (update-stream.ts): one million messages at full scale pushed to one client,
 * with its heap and RSS sampled after GC as the run goes. Checks: every message handled exactly once and in order,
 * every deletion handled, heap and RSS plateau (the rule is in memory.ts; tolerances in update-stream.ts), and no
 * handle left open after disconnect(). `durationMs` does not apply: the message count is the budget.
 */
import { checked, figure, type Soak } from './types'
import { DEFAULT_BATCH, HEAP_SLACK, HEAP_TOLERANCE, RSS_SLACK, RSS_TOLERANCE, runUpdateStream } from './update-stream'
import { MiB } from './memory'

const FULL_MESSAGES = 1_000_000

export default (async ({ scale, log }) => {
  const messages = Math.max(6_000, Math.round(FULL_MESSAGES * scale))
  log(`streaming ${messages.toLocaleString('en')} messages to one client`)
  const run = await runUpdateStream({ messages, samples: 60, log })
  const percent = (growth: number) => Math.round(growth * 1000) / 10
  return [
    checked('updates: messages handled', run.handled, `all ${messages.toLocaleString('en')}`, run.handled === messages),
    checked('updates: duplicates', run.duplicates, 'must be 0', run.duplicates === 0),
    checked('updates: handled out of order', run.outOfOrder, 'must be 0', run.outOfOrder === 0),
    checked('updates: deletions handled', run.deletionsHandled, `all ${messages.toLocaleString('en')}`, run.deletionsHandled === messages),
    figure('updates: delivery rate', run.handled / run.seconds, 'messages/s', `${run.seconds.toFixed(0)} s, pushed in containers of ${DEFAULT_BATCH}, each followed by one deletion update`),
    checked(
      'updates: heap growth, last third over middle third (after GC)',
      percent(run.heap.growth),
      `at most ${HEAP_TOLERANCE * 100}% + ${HEAP_SLACK / MiB} MiB`,
      run.heap.holds,
      '%',
      `max ${(run.heap.middleMax / MiB).toFixed(1)} then ${(run.heap.lastMax / MiB).toFixed(1)} MiB`,
    ),
    checked(
      'updates: RSS growth, last third over middle third',
      percent(run.rss.growth),
      `at most ${RSS_TOLERANCE * 100}% + ${RSS_SLACK / MiB} MiB`,
      run.rss.holds,
      '%',
      `max ${(run.rss.middleMax / MiB).toFixed(0)} then ${(run.rss.lastMax / MiB).toFixed(0)} MiB`,
    ),
    checked('updates: handles left open after disconnect()', run.leakedResources.length, 'must be 0', run.leakedResources.length === 0, undefined, run.leakedResources.join(', ') || 'back to the baseline'),
  ]
}) satisfies Soak
