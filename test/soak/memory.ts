/**
 * Memory figures for soaks: heap and RSS read after a forced GC, and the plateau rule they must keep.
 *
 * Plateau: the samples are split into thirds by time. The first third is warm-up (JIT, caches and bounded
 * buffers filling to their caps) and is ignored; memory has plateaued when the largest sample of the last third
 * is at most `tolerance` above the largest of the middle third (plus `slackBytes` for small heaps, where a few
 * hundred KiB of noise are a large share). A leak of any steady rate grows the last third past the middle one.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export interface MemorySample {
  /** How far the run was when the sample was taken: updates handled, cases run... */
  at: number
  heapUsed: number
  rss: number
}

/** Node's gc(), made available without restarting the process with --expose-gc. */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

export function sampleAfterGc(gc: () => void, at: number): MemorySample {
  // Several passes: the first frees objects whose finalizers release more.
  for (let i = 0; i < 3; i++) gc()
  const { heapUsed, rss } = process.memoryUsage()
  return { at, heapUsed, rss }
}

export interface Plateau {
  middleMax: number
  lastMax: number
  /** lastMax over middleMax, minus 1: 0.03 is 3% growth. */
  growth: number
  holds: boolean
}

export function plateau(values: readonly number[], tolerance: number, slackBytes: number): Plateau {
  if (values.length < 6) throw new RangeError(`a plateau needs at least 6 samples, got ${values.length}`)
  const third = Math.floor(values.length / 3)
  const middleMax = Math.max(...values.slice(third, 2 * third))
  const lastMax = Math.max(...values.slice(2 * third))
  return { middleMax, lastMax, growth: lastMax / middleMax - 1, holds: lastMax <= middleMax * (1 + tolerance) + slackBytes }
}

/** Open handles and requests by kind (TCPSocketWrap, Timeout, FSReqCallback...), as the event loop sees them. */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return counts
}

/** The resources in `now` beyond those in `baseline`, e.g. `TCPSocketWrap +1`; empty when none leaked. */
export function resourcesBeyond(baseline: Map<string, number>, now: Map<string, number>): string[] {
  const extra: string[] = []
  for (const [kind, count] of now) {
    const more = count - (baseline.get(kind) ?? 0)
    if (more > 0) extra.push(`${kind} +${more}`)
  }
  return extra
}

export const MiB = 2 ** 20
