// The sandbox under chaos: started with a data directory, so a full restart is what `npm run sandbox -- --data`
// does after a crash: the process's world is gone, a new one is read back from disk and listens on the same ports.
// While it is down, the CPU the clients burn is measured: a client waiting to reconnect must sleep, not spin.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type Sandbox } from '../sandbox/server'

export interface Outage {
  /** How long the sandbox was down, in ms. */
  readonly downMs: number
  /** CPU time this process used while it was down, as a share of one core over the same wall time. */
  readonly cpuShare: number
}

export class ChaosSandbox {
  private constructor(
    private sandbox: Sandbox,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<ChaosSandbox> {
    const dataDir = mkdtempSync(join(tmpdir(), 'workbench-chaos-'))
    return new ChaosSandbox(await startSandbox({ dataDir, log: () => {} }), dataDir)
  }

  /** The running sandbox; a new object after every restart. */
  get current(): Sandbox {
    return this.sandbox
  }

  /** Stops every DC, stays down for `downMs` while measuring this process's CPU, then starts from the data dir. */
  async restart(downMs: number): Promise<Outage> {
    const ports = this.sandbox.dcs.map((dc) => dc.port)
    await this.sandbox.stop()
    const cpuBefore = process.cpuUsage()
    const wallBefore = performance.now()
    await new Promise((resolve) => setTimeout(resolve, downMs))
    const cpu = process.cpuUsage(cpuBefore)
    const wall = performance.now() - wallBefore
    this.sandbox = await startSandbox({ dataDir: this.dataDir, ports, log: () => {} })
    return { downMs: wall, cpuShare: (cpu.user + cpu.system) / 1000 / wall }
  }

  async stop(): Promise<void> {
    await this.sandbox.stop()
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}
