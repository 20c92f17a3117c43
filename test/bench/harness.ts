/**
 * A tiny side-by-side benchmark harness. Each `*.bench.ts` file in this folder exports a default
 * function that receives a `Bench` and records one or more metrics, each with our figure and every
 * peer's figure measured in the same process.
 */
import { performance } from 'node:perf_hooks'

export interface Figure {
  /** Who was measured: `ours`, `mtcute`, `gramjs`, `node-native`, `JSON`, ... */
  who: string
  value: number
}

export interface Metric {
  name: string
  unit: string
  /** Whether a larger value is better (ops/s, MB/s) or worse (ms, bytes). */
  higherIsBetter: boolean
  ours: number
  peers: Figure[]
  note?: string
}

export interface Bench {
  /** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
  opsPerSecond(fn: () => unknown, ms?: number): number
  /** Same as opsPerSecond for async work, awaiting each call in turn. */
  opsPerSecondAsync(fn: () => Promise<unknown>, ms?: number): Promise<number>
  /**
   * Measures several contenders in interleaved rounds (A, B, C, A, B, C, ...) and keeps each one's best
   * round, so a burst of load on this shared machine hits every contender alike instead of one of them.
   */
  compare<K extends string>(contenders: Record<K, () => unknown>, options?: { rounds?: number; ms?: number }): Record<K, number>
  /** Median of `runs` timed async runs, in milliseconds. */
  medianMs(fn: () => Promise<unknown>, runs: number): Promise<number>
  record(metric: Metric): void
}

export function createBench(metrics: Metric[]): Bench {
  return {
    opsPerSecond(fn, ms = 1000) {
      const warmUntil = performance.now() + Math.min(300, ms / 3)
      while (performance.now() < warmUntil) fn()
      let n = 0
      const start = performance.now()
      let now = start
      while (now - start < ms) {
        for (let i = 0; i < 8; i++) fn()
        n += 8
        now = performance.now()
      }
      return (n * 1000) / (now - start)
    },
    compare(contenders, { rounds = 5, ms = 300 } = {}) {
      const names = Object.keys(contenders) as (keyof typeof contenders)[]
      const best = Object.fromEntries(names.map((name) => [name, 0])) as Record<keyof typeof contenders, number>
      for (let round = 0; round < rounds; round++) {
        for (const name of names) best[name] = Math.max(best[name], this.opsPerSecond(contenders[name], ms))
      }
      return best
    },
    async opsPerSecondAsync(fn, ms = 1000) {
      const warmUntil = performance.now() + Math.min(300, ms / 3)
      while (performance.now() < warmUntil) await fn()
      let n = 0
      const start = performance.now()
      let now = start
      while (now - start < ms) {
        await fn()
        n++
        now = performance.now()
      }
      return (n * 1000) / (now - start)
    },
    async medianMs(fn, runs) {
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const start = performance.now()
        await fn()
        times.push(performance.now() - start)
      }
      times.sort((a, b) => a - b)
      return times[Math.floor(times.length / 2)]
    },
    record(metric) {
      metrics.push(metric)
    },
  }
}

/** Splits a `compare` result, whose `ours` entry is our figure, into the fields of a Metric. */
export function oursAndPeers(figures: Record<string, number>, scale = 1): Pick<Metric, 'ours' | 'peers'> {
  const { ours, ...peers } = figures
  return { ours: ours * scale, peers: Object.entries(peers).map(([who, value]) => ({ who, value: value * scale })) }
}

/** Ratio of ours to a peer, oriented so that above 1 means we are better. */
export function advantage(metric: Metric, peer: Figure): number {
  return metric.higherIsBetter ? metric.ours / peer.value : peer.value / metric.ours
}
