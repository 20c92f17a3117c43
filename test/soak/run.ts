/**
 * `npm run soak -- [--scale 1] [--duration 10m] [--seed N] [filter...]`: the long forms of the reliability suite.
 * Finds every `*.soak.ts` under test/, runs the ones whose path contains a filter (all without one) one after
 * another with the same options, prints a table of their figures, and exits 1 when a soak throws or breaks one of
 * its checks. The contract a soak follows is in types.ts. The seed is printed first: pass it back to replay a run.
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import type { Soak, SoakFigure, SoakOptions } from './types'

const TEST_ROOT = join(__dirname, '..')
const SKIPPED_DIRS = new Set(['node_modules', '.run', '.artifacts'])

interface SoakResult {
  file: string
  figures: SoakFigure[]
  error?: unknown
  seconds: number
}

function* soakFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* soakFiles(path)
    else if (entry.name.endsWith('.soak.ts')) yield path
  }
}

/** `90s`, `10m`, `1h`, `1500ms` or a bare number of seconds. */
function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim())
  if (!match) throw new Error(`--duration: cannot read '${text}' (examples: 90s, 10m, 1h)`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!
  return Number(match[1]) * unit
}

function parseOptions(argv: string[]): { options: Omit<SoakOptions, 'log'>; filters: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { scale: { type: 'string' }, duration: { type: 'string' }, seed: { type: 'string' } },
  })
  const scale = values.scale === undefined ? 1 : Number(values.scale)
  if (!(scale > 0 && scale <= 1)) throw new Error(`--scale must be in (0, 1], got ${values.scale}`)
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed)
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`)
  const durationMs = values.duration === undefined ? undefined : parseDuration(values.duration)
  return { options: { scale, seed, ...(durationMs !== undefined ? { durationMs } : {}) }, filters: positionals }
}

async function runSoak(file: string, options: Omit<SoakOptions, 'log'>): Promise<SoakResult> {
  const name = relative(TEST_ROOT, file)
  const started = performance.now()
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1).padStart(7) + 's'
  const log = (line: string) => console.log(`[${name} ${elapsed()}] ${line}`)
  try {
    const soak = ((await import(file)) as { default: Soak }).default
    if (typeof soak !== 'function') throw new Error('the file does not default-export a soak function')
    const figures = await soak({ ...options, log })
    return { file: name, figures, seconds: (performance.now() - started) / 1000 }
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return { file: name, figures: [], error, seconds: (performance.now() - started) / 1000 }
  }
}

const formatValue = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en') : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3))

function table(results: SoakResult[]): string {
  const rows: string[][] = []
  for (const result of results) {
    rows.push([result.file, '', '', result.error ? 'FAILED (threw)' : `${result.seconds.toFixed(0)} s`])
    for (const f of result.figures) {
      const verdict = f.check ? `${f.check.pass ? 'ok' : 'FAILED'}: ${f.check.rule}` : ''
      rows.push(['  ' + f.name, formatValue(f.value), f.unit ?? '', [verdict, f.note ?? ''].filter(Boolean).join('; ')])
    }
  }
  const head = ['figure', 'value', 'unit', 'check / note']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: string[]) => r.map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

async function main(): Promise<void> {
  const { ensureGenerated } = await import('../../schema/codec/ensure-generated.mjs')
  ensureGenerated()
  const { options, filters } = parseOptions(process.argv.slice(2))
  const files = [...soakFiles(TEST_ROOT)]
    .filter((file) => filters.length === 0 || filters.some((f) => relative(TEST_ROOT, file).includes(f)))
    .sort()
  if (files.length === 0) throw new Error(`no *.soak.ts matches ${filters.join(', ')}`)
  const duration = options.durationMs === undefined ? '' : `, duration ${options.durationMs / 1000} s`
  console.log(`soak: scale ${options.scale}, seed ${options.seed}${duration}; ${files.length} soak(s)`)

  const results: SoakResult[] = []
  for (const file of files) results.push(await runSoak(file, options))

  console.log('\n' + table(results))
  const failed = results.filter((r) => r.error !== undefined || r.figures.some((f) => f.check && !f.check.pass))
  console.log(failed.length === 0 ? '\nevery invariant held' : `\n${failed.length} soak(s) failed: ${failed.map((r) => r.file).join(', ')}`)
  console.log(`replay with: npm run soak -- --scale ${options.scale} --seed ${options.seed}${filters.map((f) => ' ' + f).join('')}`)
  // Exit explicitly: a soak that leaked a handle must fail its own check, not hang the run.
  process.exit(failed.length === 0 ? 0 : 1)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(2)
})
