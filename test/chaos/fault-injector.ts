// Injects every fault kind the sandbox knows, chosen by a seeded PRNG so a run's schedule replays: connection
// drops, delayed answers, salt rotation, clock skew, FLOOD_WAIT, swallowed updates, FILE_MIGRATE, and full
// restarts from the data directory at a fixed cadence.
import type { SeededRandom } from '../sandbox/seed/prng'
import type { ChaosSandbox, Outage } from './chaos-sandbox'

export const FAULT_KINDS = ['drop', 'delay', 'salt-rotation', 'clock-skew', 'flood-wait', 'swallowed-updates', 'migrate', 'restart'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** The methods the workload calls, for faults aimed at one method. */
const WORKLOAD_METHODS = ['messages.sendMessage', 'messages.sendMedia', 'messages.getHistory', 'upload.getFile', 'upload.saveFilePart', 'updates.getDifference']

export interface FaultInjectorOptions {
  /** Every this many faults, the next one is a full restart. */
  readonly restartEvery: number
  /** Pause between two faults, in ms (picked in this range). */
  readonly pauseMs: readonly [number, number]
  /** How long a restart keeps the sandbox down, in ms (picked in this range). */
  readonly downMs: readonly [number, number]
  /** Called once the sandbox listens again after a restart; the injector waits for it (recovery is measured there). */
  readonly onRestarted: (outage: Outage) => Promise<void>
}

export class FaultInjector {
  readonly injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>
  readonly outages: Outage[] = []
  private stopped = false

  constructor(
    private readonly sandbox: ChaosSandbox,
    private readonly random: SeededRandom,
    private readonly options: FaultInjectorOptions,
  ) {}

  /** Injects faults until stop(); resolves after the last one is done (a restart finishes first). */
  async run(): Promise<void> {
    let count = 0
    while (!this.stopped) {
      await sleep(this.random.int(...this.options.pauseMs))
      if (this.stopped) break
      count++
      const kind = count % this.options.restartEvery === 0 ? 'restart' : this.random.pick(FAULT_KINDS.filter((k) => k !== 'restart'))
      await this.inject(kind)
      this.injected[kind]++
    }
  }

  stop(): void {
    this.stopped = true
  }

  /** Every fault off and the clock put right, for the checks at the end. */
  clear(): void {
    this.sandbox.current.control.clearFaults()
  }

  private async inject(kind: FaultKind): Promise<void> {
    const { control } = this.sandbox.current
    const random = this.random
    switch (kind) {
      case 'drop':
        // Either every connection now, or the one carrying a client packet a little later (that packet is lost).
        if (random.next() < 0.5) control.dropConnections()
        else control.dropConnectionAfter(random.int(1, 6))
        return
      case 'delay':
        control.delayResponses(random.int(100, 2000), { calls: random.int(1, 8) })
        return
      case 'salt-rotation':
        control.rotateSalts()
        return
      case 'clock-skew':
        // Up to ten minutes either way: beyond the 300 s / 30 s windows, so clients must resync their msg_ids.
        control.skewClock((random.next() < 0.5 ? -1 : 1) * random.int(5, 600) * 1000)
        return
      case 'flood-wait':
        control.floodWait(random.pick(WORKLOAD_METHODS), random.int(1, 3))
        return
      case 'swallowed-updates':
        control.swallowUpdates({ forMs: random.int(300, 3000) })
        return
      case 'migrate':
        // DC 1 or 2 at random: naming the other DC sends the call there; naming the DC the call is already on
        // is a server fault the client must surface as a typed RpcError rather than loop on.
        control.migrate('upload.getFile', 'FILE', random.int(1, 2))
        return
      case 'restart': {
        const outage = await this.sandbox.restart(random.int(...this.options.downMs))
        this.outages.push(outage)
        await this.options.onRestarted(outage)
        return
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
