// The sandbox: several DCs on 127.0.0.1 sharing one world. Tests start it in-process; `npm run sandbox`
// (main.ts) starts it in the foreground.
import { createMethodRegistry } from './api'
import { SandboxControl } from './control/control'
import { createRuntime, type SandboxRuntime } from './control/runtime'
import { startDc, type DcServer } from './dc-server'
import type { DcAddress } from './world'
import { World } from './world'

export interface SandboxOptions {
  /** How many DCs, numbered from 1. At least 2 by default, since clients must be able to migrate. */
  dcs?: number
  host?: string
  /** One port per DC; 0 (the default) picks free ports. */
  ports?: readonly number[] | 0
  /** Where persistent state will live (accounts and keys, once the API issue adds them). */
  dataDir?: string
}

export interface Sandbox {
  readonly dcs: readonly DcAddress[]
  /** PKCS#1 PEM of the server key, for clients' key lists. */
  readonly rsaPublicKeyPem: string
  /** The key's MTProto fingerprint, as a signed 64-bit value. */
  readonly fingerprint: bigint
  /** Shared state and fault switches, for tests that reach inside. */
  readonly world: World
  /** Act as accounts, inject faults, restart (control/control.ts). */
  readonly control: SandboxControl
  stop(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const count = options.dcs ?? 2
  const world = new World(createMethodRegistry())
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
      // A restarted server remembers auth keys (they are persistent) but no session: clients get
      // new_session_created when they come back.
      for (const key of world.authKeys.all()) key.sessions.clear()
      servers = await listen(world, runtime, host, world.dcs.map((dc) => dc.port))
    },
  })
  return {
    dcs: world.dcs,
    rsaPublicKeyPem: world.keys.rsaPublicKeyPem,
    fingerprint: world.fingerprint,
    world,
    control,
    stop: async () => {
      await closeAll()
      runtime.pusher.dispose()
    },
  }
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
