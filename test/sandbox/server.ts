// The sandbox: several DCs on 127.0.0.1 sharing one world. Tests start it in-process; `npm run sandbox`
// (main.ts) starts it in the foreground.
import { createMethodRegistry } from './api'
import { SandboxControl } from './control/control'
import { createRuntime, forgetSessions, type SandboxRuntime } from './control/runtime'
import { startDc, type DcServer } from './dc-server'
import { seedWorld, type SeedInfo, type SeedOptions } from './seed'
import type { DcAddress } from './world'
import { World } from './world'
import { hasSnapshot, readSnapshot, SnapshotWriter } from './world/snapshot'

export interface SandboxOptions {
  /** How many DCs, numbered from 1. At least 2 by default, since clients must be able to migrate. */
  dcs?: number
  host?: string
  /** One port per DC; 0 (the default) picks free ports. */
  ports?: readonly number[] | 0
  /** Persist the world and the auth keys here, and restore them from it on start (`--data DIR`). */
  dataDir?: string
  /** Seed a fresh world (the default), with these options; false starts empty. Restored worlds are not reseeded. */
  seed?: SeedOptions | false
  /** Where login codes and other console notes go; console.log by default. */
  log?: (line: string) => void
}

export interface Sandbox {
  readonly dcs: readonly DcAddress[]
  /** PKCS#1 PEM of the server key, for clients' key lists. */
  readonly rsaPublicKeyPem: string
  /** The key's MTProto fingerprint, as a signed 64-bit value. */
  readonly fingerprint: bigint
  /** Shared state and fault switches, for tests that reach inside. */
  readonly world: World
  /** The seeded accounts and chats (also after a restore), or undefined for an unseeded world. */
  readonly seed: SeedInfo | undefined
  /** Act as accounts, inject faults, restart (control/control.ts). */
  readonly control: SandboxControl
  stop(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const count = options.dcs ?? 2
  const world = await openWorld(options)
  const writer = options.dataDir ? new SnapshotWriter(options.dataDir, world) : undefined
  writer?.saveNow()
  const runtime = createRuntime(world)
  const ports = Array.from({ length: count }, (_, i) => (options.ports ? (options.ports[i] ?? 0) : 0))
  let servers = await listen(world, runtime, host, ports)
  for (const server of servers) world.dcs.push({ id: server.id, host, port: server.port })

  const closeAll = async () => {
    await Promise.all(servers.map((server) => server.close()))
    runtime.liveSessions.clear()
  }
  const control = new SandboxControl({
    world,
    runtime,
    dropConnections: (dcId) => servers.filter((s) => dcId === undefined || s.id === dcId).reduce((n, s) => n + s.dropConnections(), 0),
    restart: async () => {
      await closeAll()
      // Auth keys and sign-ins are persistent; sessions are not (clients get new_session_created).
      forgetSessions(world, runtime)
      writer?.saveNow()
      servers = await listen(world, runtime, host, world.dcs.map((dc) => dc.port))
    },
  })
  return {
    dcs: world.dcs,
    rsaPublicKeyPem: world.keys.rsaPublicKeyPem,
    fingerprint: world.fingerprint,
    world,
    seed: world.state.seed,
    control,
    stop: async () => {
      await closeAll()
      runtime.pusher.dispose()
      writer?.stop()
    },
  }
}

/** A restored world when `dataDir` holds one; otherwise a new world, seeded unless told not to. */
async function openWorld(options: SandboxOptions): Promise<World> {
  if (options.dataDir && hasSnapshot(options.dataDir)) {
    const snapshot = readSnapshot(options.dataDir)
    const world = new World(createMethodRegistry(), { state: snapshot.state })
    if (options.log) world.log = options.log
    snapshot.restoreKeys(world)
    return world
  }
  const world = new World(createMethodRegistry())
  if (options.log) world.log = options.log
  if (options.seed !== false) world.state.seed = await seedWorld(world, options.seed ?? {})
  return world
}

/** Starts one DC per port (DC ids from 1); on a failure, closes those already listening. */
async function listen(world: World, runtime: SandboxRuntime, host: string, ports: readonly number[]): Promise<DcServer[]> {
  const servers: DcServer[] = []
  try {
    for (const [index, port] of ports.entries()) servers.push(await startDc(world, index + 1, host, port, runtime))
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()))
    throw error
  }
  return servers
}
