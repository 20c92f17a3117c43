/**
 * The language server over a real stdio connection to its built bundle: latency of completion,
 * hover and full diagnostics of the bundled api.tl (p50 and p95 of at least 200 requests each),
 * cold start to the first answer that needs the layer, and the server's memory once the layer is loaded.
 * There is no peer to compare with; the issue sets the goal: completion and hover p95 under 10 ms.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as esbuild from 'esbuild'
import { LspSession, positionOf, repositoryRoot } from '../language-server/lsp-session'
import type { Bench } from './harness'

const REQUESTS = 300

async function buildServer(folder: string): Promise<string> {
  const outfile = join(folder, 'language-server.js')
  await esbuild.build({
    entryPoints: [join(repositoryRoot, 'language-server', 'server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    logLevel: 'silent',
  })
  // The bundle reads the layer's .tl files from next to itself, as in dist/.
  for (const file of ['api.tl', 'mtproto.tl']) copyFileSync(join(repositoryRoot, 'schema', 'layer', file), join(folder, file))
  return outfile
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function latencies(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await fn(i)
  const times: number[] = []
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now()
    await fn(i)
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function residentMegabytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
    return kilobytes === undefined ? undefined : Number(kilobytes) / 1024
  } catch {
    return undefined
  }
}

export default async function languageServerBench(b: Bench): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'tl-language-server-'))
  try {
    const bundle = await buildServer(folder)
    const apiTl = readFileSync(join(repositoryRoot, 'schema', 'layer', 'api.tl'), 'utf8')
    const apiUri = 'file:///bench/api.tl'
    const hoverAt = positionOf(apiTl, 'peer:InputPeer', 5, positionOfLineIndex(apiTl, 'messages.getHistory#'))
    const completeAt = positionOf(apiTl, 'peer:InputPeer', 5 + 'Inp'.length, positionOfLineIndex(apiTl, 'messages.getHistory#'))

    // Cold start: spawn, initialize, open api.tl and get the first hover, which loads the layer.
    const coldStart = performance.now()
    const session = await LspSession.start({ bundle, diagnosticsDelay: 0 })
    const firstDiagnostics = session.nextDiagnostics(apiUri)
    await session.open(apiUri, 'tl', apiTl)
    await session.hover(apiUri, hoverAt)
    const coldMs = performance.now() - coldStart
    await firstDiagnostics
    const memory = residentMegabytes(session.process.pid!)

    const cellText = 'messages.getHistory({ peer: { _: "inputPeerSelf" }, limit: 10, offset_id: 0 })\n'
    const [cellUri] = await session.openNotebook('file:///bench/scratch.tlnb', [cellText])
    const cellCompleteAt = positionOf(cellText, 'limit', 0)

    const completionApi = await latencies(() => session.completion(apiUri, completeAt))
    const completionCell = await latencies(() => session.completion(cellUri!, cellCompleteAt))
    const hover = await latencies(() => session.hover(apiUri, hoverAt))
    // A one-character edit, alternately inserted and removed, then the full diagnostics it triggers.
    const diagnostics = await latencies(async (i) => {
      const published = session.nextDiagnostics(apiUri)
      const at = { line: 0, character: 0 }
      await session.change(apiUri, [i % 2 === 0 ? { range: { start: at, end: at }, text: ' ' } : { range: { start: at, end: { line: 0, character: 1 } }, text: '' }])
      await published
    })
    await session.stop()

    const record = (name: string, { p50, p95 }: { p50: number; p95: number }) => {
      b.record({ name: `language-server: ${name} p50`, unit: 'ms', higherIsBetter: false, ours: p50, peers: [], note: `${REQUESTS} requests` })
      b.record({ name: `language-server: ${name} p95`, unit: 'ms', higherIsBetter: false, ours: p95, peers: [], note: `${REQUESTS} requests` })
    }
    record('completion in api.tl', completionApi)
    record('completion in a notebook cell', completionCell)
    record('hover in api.tl', hover)
    record('full diagnostics of api.tl after an edit', diagnostics)
    b.record({ name: 'language-server: cold start to first hover', unit: 'ms', higherIsBetter: false, ours: coldMs, peers: [], note: 'spawn, initialize, open api.tl, hover (loads the layer)' })
    if (memory !== undefined) {
      b.record({ name: 'language-server: resident memory with the layer loaded', unit: 'MB', higherIsBetter: false, ours: memory, peers: [] })
    }
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** Which occurrence of `peer:InputPeer` sits on the line that starts with `prefix`. */
function positionOfLineIndex(text: string, prefix: string): number {
  const lineStart = text.indexOf(`\n${prefix}`) + 1
  return text.slice(0, lineStart).split('peer:InputPeer').length - 1
}
