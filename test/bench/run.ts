/**
 * `npm run bench [-- filter]`: runs every benchmark in this folder, prints a table of our figures
 * against each peer's, and writes results.json (not committed). Benchmarks inform; they never fail.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { advantage, createBench, type Metric } from './harness'

async function main(): Promise<void> {
  const { ensureGenerated } = await import('../../schema/codec/ensure-generated.mjs')
  ensureGenerated()
  const filters = process.argv.slice(2)
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort()
  const metrics: Metric[] = []
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default: (b: ReturnType<typeof createBench>) => Promise<void> }
    const before = metrics.length
    try {
      await mod.default(createBench(metrics))
    } catch (error) {
      console.error(`${file} failed:`, error)
    }
    for (const m of metrics.slice(before)) console.log(formatMetric(m))
  }
  console.log('\n' + table(metrics))
  writeFileSync(
    join(__dirname, 'results.json'),
    JSON.stringify(
      metrics.map((m) => ({
        metric: m.name,
        unit: m.unit,
        ours: m.ours,
        peers: Object.fromEntries(m.peers.map((p) => [p.who, p.value])),
        ratios: Object.fromEntries(m.peers.map((p) => [p.who, advantage(m, p)])),
        note: m.note,
      })),
      null,
      2,
    ) + '\n',
  )
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3))

function formatMetric(m: Metric): string {
  const peers = m.peers.map((p) => `${p.who} ${fmt(p.value)} (ours ${advantage(m, p).toFixed(2)}x)`).join(', ')
  return `  ${m.name}: ours ${fmt(m.ours)} ${m.unit}; ${peers}${m.note ? ` [${m.note}]` : ''}`
}

function table(metrics: Metric[]): string {
  const rows = metrics.flatMap((m) => [
    [m.name, m.unit, 'ours', fmt(m.ours), ''],
    ...m.peers.map((p) => ['', '', p.who, fmt(p.value), `${advantage(m, p).toFixed(2)}x`]),
  ])
  const head = ['metric', 'unit', 'who', 'value', 'ours vs peer']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

void main()
