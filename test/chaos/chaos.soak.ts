// Chaos, long form (`npm run soak -- chaos`): the short test's run, longer and with more clients. At scale 1 it
// runs for ten minutes with six clients across both DCs and a full restart every 40 faults, each keeping the
// sandbox down for 2 to 8 s: long enough for the clients' reconnect backoff to show whether they sleep.
import { checked, figure, type Soak } from '../soak/types'
import { runChaos } from './chaos-run'
import { FAULT_KINDS } from './fault-injector'

const FULL_DURATION_MS = 10 * 60_000
const ACCOUNTS = ['ada', 'alan', 'katherine', 'dennis', 'margaret', 'grace']
const IDLE_CPU_SHARE = 0.25

export default (async ({ scale, durationMs, seed, log }) => {
  const accounts = ACCOUNTS.slice(0, Math.max(3, Math.round(ACCOUNTS.length * scale)))
  const report = await runChaos({ seed, durationMs: durationMs ?? Math.max(30_000, FULL_DURATION_MS * scale), accounts, restartEvery: 40, downMs: [2_000, 8_000], log })
  const { operations, messages, files, restarts } = report
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
  const worstCpu = Math.max(0, ...restarts.map((r) => r.cpuShare))
  const worstRecovery = Math.max(0, ...restarts.map((r) => r.recoveryMs))
  const failedUntyped = operations.failedUntyped.length
  return [
    figure('clients', accounts.length),
    figure('operations', sum(operations.ok) + sum(operations.failedTyped) + failedUntyped + operations.stuck),
    figure('operations failed with a typed error', sum(operations.failedTyped), undefined, Object.entries(operations.typedFailures).map(([label, n]) => `${n}x ${label}`).slice(0, 3).join(' | ')),
    ...FAULT_KINDS.map((kind) => figure(`faults: ${kind}`, report.faults[kind])),
    figure('messages sent', messages.sent),
    figure('messages delivered', messages.delivered),
    checked('duplicates', messages.duplicates, 'must be 0', messages.duplicates === 0),
    checked('losses', messages.losses, 'must be 0', messages.losses === 0),
    checked('chats delivered out of order', messages.outOfOrderChats, 'must be 0', messages.outOfOrderChats === 0),
    checked('phantom deliveries', messages.phantoms, 'must be 0', messages.phantoms === 0),
    figure('sends failed (typed)', messages.failedSends, undefined, `${messages.failedSendsPosted} of them posted once anyway`),
    checked('failed sends the client cannot account for', messages.failedSendsUnclear, 'must be 0', messages.failedSendsUnclear === 0),
    checked('downloads not byte-identical', operations.downloadsDifferent + files.different, 'must be 0', operations.downloadsDifferent + files.different === 0, undefined, `${operations.downloadsIdentical + files.identical} identical`),
    checked('stuck operations', operations.stuck, 'must be 0', operations.stuck === 0),
    checked('untyped failures', failedUntyped, 'must be 0', failedUntyped === 0, undefined, operations.failedUntyped.slice(0, 3).join(' | ')),
    checked('unhandled rejections', report.unhandledRejections.length, 'must be 0', report.unhandledRejections.length === 0),
    figure('full restarts', restarts.length),
    checked('worst recovery after a restart', worstRecovery, 'every client answered within 60 s', Number.isFinite(worstRecovery), 'ms'),
    checked('CPU while the sandbox was down', worstCpu * 100, `under ${IDLE_CPU_SHARE * 100}% of a core`, worstCpu < IDLE_CPU_SHARE, '%'),
  ]
}) satisfies Soak
