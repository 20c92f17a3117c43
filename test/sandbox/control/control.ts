// The control hook of a running sandbox (`sandbox.control`): act as any account, and switch faults on and off.
// Tests call it in-process; http-endpoint.ts serves the same calls to other processes (the bench, the demo).
import type { World } from '../world'
import { AccountActor, resolveAccount, type AccountRef } from './account-actor'
import type { ClearFault, FaultSwitches, MethodPattern, MigrateKind } from './faults'
import type { Misbehavior } from './misbehavior'
import { forgetSessions, type SandboxRuntime } from './runtime'

/** What the control needs from the server that owns it. */
export interface ControlHost {
  readonly world: World
  readonly runtime: SandboxRuntime
  /** Closes client connections now (of one DC, or all); returns how many. */
  dropConnections(dcId?: number): number
  /** Stops listening, drops every connection, forgets sessions, and listens again on the same ports. */
  restart(): Promise<void>
}

export interface CallFaultOptions {
  /** How many calls it applies to. */
  readonly calls?: number
}

export class SandboxControl {
  private readonly actors = new Map<bigint, AccountActor>()

  constructor(private readonly host: ControlHost) {}

  /** The raw switches, for what the methods below do not cover (custom errors). */
  get faults(): FaultSwitches {
    return this.host.runtime.faults
  }

  /** Acts as an account: by id, phone or username. */
  as(account: AccountRef): AccountActor {
    const id = resolveAccount(this.host.world, account)
    let actor = this.actors.get(id)
    if (!actor) this.actors.set(id, (actor = new AccountActor(this.host.world, id)))
    return actor
  }

  /** Closes client connections now, on one DC or every DC; returns how many were open. */
  dropConnections(options: { dcId?: number } = {}): number {
    return this.host.dropConnections(options.dcId)
  }

  /** Closes the connection that carries the `packets`-th client packet from now (that packet is lost). */
  dropConnectionAfter(packets: number, options: { dcId?: number } = {}): ClearFault {
    return this.faults.dropAfterPackets(packets, options.dcId)
  }

  /** Holds back answers to `method` ('*': every method) by `ms`; for every call until cleared by default. */
  delayResponses(ms: number, options: CallFaultOptions & { method?: MethodPattern } = {}): ClearFault {
    return this.faults.delay(options.method ?? '*', ms, options.calls)
  }

  /** Answers 420 FLOOD_WAIT_<seconds> to the next call of `method` (or the next `calls` calls). */
  floodWait(method: MethodPattern, seconds: number, options: CallFaultOptions = {}): ClearFault {
    return this.faults.floodWait(method, seconds, options.calls)
  }

  /** Answers 303 <kind>_MIGRATE_<dcId> to the next call of `method` (or the next `calls` calls). */
  migrate(method: MethodPattern, kind: MigrateKind, dcId: number, options: CallFaultOptions = {}): ClearFault {
    return this.faults.migrate(method, kind, dcId, options.calls)
  }

  /** New server salts for every auth key at once: each client's next message gets bad_server_salt. */
  rotateSalts(): void {
    this.host.world.rotateSalts()
  }

  /** Runs the server clock `ms` ahead of real time (negative: behind); 0 puts it right. */
  skewClock(ms: number): void {
    const { world, runtime } = this.host
    const backwards = ms < world.clock.skewMs
    world.clock.skewMs = ms
    if (!backwards) return
    // A real server's clock never runs back. Its sessions' msg_ids must keep growing, so they would stay ahead of
    // the new time and every client message would look too new (17); salts issued "later" would not be valid
    // yet. So a backward skew looks to clients like a restart: new sessions, new salts.
    forgetSessions(world, runtime)
    world.rotateSalts()
  }

  /**
   * Stops pushing updates to an account's sessions (every account when omitted) for `forMs`, or until cleared.
   * The updates still happen, so clients must recover them through updates.getDifference.
   */
  swallowUpdates(options: { account?: AccountRef; forMs?: number } = {}): ClearFault {
    const accountId = options.account === undefined ? undefined : resolveAccount(this.host.world, options.account)
    return this.faults.swallowUpdates(accountId, options.forMs)
  }

  /**
   * Breaks one protocol rule the next time the sandbox reaches it (a wrong msg_key, an unsafe dh_prime, ...), for
   * the protocol-security tests: see control/misbehavior.ts for the kinds.
   */
  misbehave(kind: Misbehavior): ClearFault {
    return this.host.runtime.misbehavior.arm(kind)
  }

  /** Restarts every DC while clients are connected; state (accounts, messages, auth keys) is kept. */
  restart(): Promise<void> {
    return this.host.restart()
  }

  /** Every fault off, the clock put right. */
  clearFaults(): void {
    this.faults.clear()
    this.host.runtime.misbehavior.clear()
    this.host.world.faults.dhGenRetries = 0
    this.skewClock(0)
  }

  /** What is armed right now, as plain data (the HTTP endpoint's GET /faults). */
  describeFaults(): object {
    const { world } = this.host
    return { ...this.faults.describe(), misbehavior: this.host.runtime.misbehavior.pending, clockSkewMs: world.clock.skewMs, dhGenRetries: world.faults.dhGenRetries }
  }
}
