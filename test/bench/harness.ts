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

/** Ratio of ours to a peer, oriented so that above 1 means we are better. */
export function advantage(metric: Metric, peer: Figure): number {
  return metric.higherIsBetter ? metric.ours / peer.value : peer.value / metric.ours
}
