// One chaos run: signed-in clients busy against a sandbox that injects every fault kind, then the invariants
// checked against the sandbox's world once the faults are off. The short test and the soak both call runChaos and
// differ only in duration and scale.
import { randomBytes } from 'node:crypto'
import type { TelegramClient } from '../../extension/mtproto'
import { signedInClient } from '../client/support'
import { SeededRandom } from '../sandbox/seed/prng'
import { userPeer } from '../sandbox/world/peers'
import { ChaosSandbox } from './chaos-sandbox'
import { FaultInjector, type FaultKind } from './fault-injector'
import { checkDeliveredFiles, checkMessages, type FileFigures, type MessageFigures } from './invariants'
import { errorLabel } from './typed-errors'
import { ChaosParticipant, emptyCounts, runWorker, type OperationCounts } from './workload'

export interface ChaosOptions {
  readonly seed: number
  /** How long the clients stay busy under faults. */
  readonly durationMs: number
  /** Seeded account keys (test/sandbox/seed/people.ts); at least two. */
  readonly accounts: readonly string[]
  /** Every this many faults, a full restart. */
  readonly restartEvery: number
  /** How long a restart keeps the sandbox down, in ms (picked in this range); clients wait through it. */
  readonly downMs: readonly [number, number]
  readonly log: (line: string) => void
}

export interface RestartFigures {
  readonly downMs: number
  /** CPU this process used while the sandbox was down, as a share of one core. */
  readonly cpuShare: number
  /** From listening again to every client having a call answered. */
  readonly recoveryMs: number
}

export interface ChaosReport {
  readonly operations: OperationCounts
  readonly faults: Record<FaultKind, number>
  readonly messages: MessageFigures
  readonly files: FileFigures
  readonly restarts: readonly RestartFigures[]
  readonly unhandledRejections: readonly string[]
}

/** How long one operation may take before it counts as stuck: flood waits, delays, a restart and a timeout. */
const OPERATION_BOUND_MS = 90_000
/** How long the clients get, once the faults are off, to be handed every message (their own recovery only). */
const SETTLE_BOUND_MS = 90_000
/** How long a client may take to get a call answered after a restart before the run gives up waiting. */
const RECOVERY_BOUND_MS = 60_000

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options
  const random = new SeededRandom(options.seed)
  const unhandledRejections: string[] = []
  const onRejection = (reason: unknown) => unhandledRejections.push(errorLabel(reason))
  process.on('unhandledRejection', onRejection)

  const sandbox = await ChaosSandbox.start()
  const participants: ChaosParticipant[] = []
  try {
    // Each run has a fresh sandbox: the tag only sets this run's texts apart from the seeded history.
    const runTag = `chaos:${options.seed}`
    for (const key of options.accounts) participants.push(await joinParticipant(sandbox, key, runTag))
    log(`${participants.length} clients signed in; faults for ${options.durationMs} ms (seed ${options.seed})`)

    const restarts: RestartFigures[] = []
    const injector = new FaultInjector(sandbox, random, {
      restartEvery: options.restartEvery,
      pauseMs: [100, 600],
      downMs: options.downMs,
      onRestarted: async (outage) => {
        const recoveries = await Promise.all(participants.map((p) => timeToRecover(p.client)))
        const recoveryMs = Math.max(...recoveries.map((r) => r.ms))
        restarts.push({ ...outage, recoveryMs })
        log(`restart: down ${outage.downMs.toFixed(0)} ms at ${(outage.cpuShare * 100).toFixed(1)}% CPU, recovered in ${recoveryMs.toFixed(0)} ms`)
        for (const [index, recovery] of recoveries.entries()) {
          if (!Number.isFinite(recovery.ms)) log(`  ${participants[index]!.key} did not recover; last error: ${recovery.lastError}`)
        }
      },
    })
    const counts = emptyCounts()
    let stopping = false
    const workers = participants.map((self, index) =>
      runWorker(self, {
        // One PRNG per worker, each seeded from the run's: the choices replay whatever the interleaving.
        random: new SeededRandom(options.seed + 7919 * (index + 1)),
        peers: participants,
        counts,
        operationBoundMs: OPERATION_BOUND_MS,
        shouldStop: () => stopping,
      }),
    )
    const injecting = injector.run()
    await new Promise((resolve) => setTimeout(resolve, options.durationMs))
    stopping = true
    injector.stop()
    await injecting
    await Promise.all(workers)
    injector.clear()
    log(`faults off: ${JSON.stringify(injector.injected)}`)

    await waitForDeliveries(sandbox, participants)
    for (const participant of participants) await participant.client.eventsSettled()
    const messages = await checkMessages(sandbox.current.world, participants)
    const files = await checkDeliveredFiles(participants)
    return { operations: counts, faults: injector.injected, messages, files, restarts, unhandledRejections }
  } finally {
    for (const participant of participants) await participant.client.disconnect()
    await sandbox.stop()
    process.off('unhandledRejection', onRejection)
  }
}

async function joinParticipant(sandbox: ChaosSandbox, key: string, runTag: string): Promise<ChaosParticipant> {
  const account = sandbox.current.seed!.accounts.find((a) => a.key === key)
  if (!account?.username) throw new Error(`seeded account ${key} with a username`)
  const client = await signedInClient(sandbox.current, key, { requestTimeoutMs: 15_000 })
  // A short idle timeout: a client whose updates went quiet under faults asks for the difference soon.
  await client.startUpdates({ idleTimeoutMs: 2_000 })
  const bytes = randomBytes(200 * 1024)
  const message = await client.sendFile('me', bytes, { fileName: 'reference.bin', forceDocument: true })
  return new ChaosParticipant(key, account.id, account.username, client, { message, bytes }, runTag)
}

/** Time until the client has a call answered, retrying a cheap call until one succeeds (Infinity if none does). */
async function timeToRecover(client: TelegramClient): Promise<{ ms: number; lastError?: string }> {
  const started = performance.now()
  let lastError: string | undefined
  while (performance.now() - started < RECOVERY_BOUND_MS) {
    try {
      await client.invoke({ _: 'help.getNearestDc' })
      return { ms: performance.now() - started }
    } catch (error) {
      lastError = errorLabel(error)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return { ms: Infinity, lastError }
}

/** Waits (bounded) until each client was handed as many of this run's messages as the sandbox holds for it. */
async function waitForDeliveries(sandbox: ChaosSandbox, participants: readonly ChaosParticipant[]): Promise<void> {
  const deadline = performance.now() + SETTLE_BOUND_MS
  const world = () => sandbox.current.world
  const complete = () =>
    participants.every((receiver) => {
      const held = participants
        .filter((sender) => sender !== receiver)
        .flatMap((sender) => world().messages.history(receiver.id, userPeer(sender.id)))
        .filter((m) => !m.out && m.text.startsWith(receiver.runTag)).length
      return new Set(receiver.deliveries.map((d) => d.text)).size >= held
    })
  while (!complete() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250))
}
