// Chaos, short form: three signed-in clients (two on DC 1, one on DC 2) send texts and files to each other, read
// history and download a known file for about half a minute while the sandbox injects every fault kind, one full
// restart from its data directory included. At the end, against the sandbox's world: nothing lost, nothing twice,
// deliveries in order, files intact, nothing stuck, only typed errors, and a client waiting for the sandbox sleeps.
// The long form is chaos.soak.ts (`npm run soak -- chaos`).
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { FAULT_KINDS } from './fault-injector'
import { runChaos, type ChaosReport } from './chaos-run'

/** The seed of this short form, committed so a failure replays; the soak takes the runner's. */
const SEED = 20261125

/** A client waiting to reconnect may use at most this share of one core: a reconnect loop without sleeps uses all of it. */
const IDLE_CPU_SHARE = 0.25

let report: ChaosReport

before(async () => {
  report = await runChaos({
    seed: SEED,
    durationMs: 30_000,
    accounts: ['ada', 'alan', 'katherine'],
    restartEvery: 25,
    downMs: [800, 2000],
    log: (line) => console.log(`[chaos] ${line}`),
  })
  console.log(`[chaos] ${JSON.stringify(report, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 1)}`)
}, { timeout: 600_000 })

describe('chaos against the sandbox', () => {
  it('injected every fault kind, a full restart included', () => {
    for (const kind of FAULT_KINDS) assert.ok(report.faults[kind] > 0, `no ${kind} fault was injected`)
  })

  it('every message sent exists exactly once on the sandbox', () => {
    assert.ok(report.messages.sent > 0)
    assert.equal(report.messages.duplicates, 0)
    assert.equal(report.messages.losses, 0)
  })

  it('every message to a client reached its handlers exactly once, in order per chat', () => {
    assert.ok(report.messages.delivered > 0)
    assert.equal(report.messages.phantoms, 0)
    assert.equal(report.messages.outOfOrderChats, 0)
  })

  it('a send that failed left no message, or one the sending client finds itself', () => {
    assert.equal(report.messages.failedSendsUnclear, 0)
  })

  it('every download and every delivered file is byte-identical', () => {
    assert.ok(report.operations.downloadsIdentical > 0)
    assert.equal(report.operations.downloadsDifferent, 0)
    assert.ok(report.files.identical > 0)
    assert.equal(report.files.different, 0)
  })

  it('no operation got stuck, every failure was a typed error, and no rejection went unhandled', () => {
    assert.equal(report.operations.stuck, 0)
    assert.deepEqual(report.operations.failedUntyped, [])
    assert.deepEqual(report.unhandledRejections, [])
    assert.equal(report.operations.historyDuplicates, 0)
  })

  it('clients recover after a restart, and sleep while the sandbox is down', () => {
    assert.ok(report.restarts.length > 0)
    for (const restart of report.restarts) {
      assert.ok(Number.isFinite(restart.recoveryMs), 'every client got an answer after the restart')
      assert.ok(restart.cpuShare < IDLE_CPU_SHARE, `${(restart.cpuShare * 100).toFixed(1)}% of a core while waiting`)
    }
  })
})

