// The sandbox: several DCs on 127.0.0.1 sharing one world. Tests start it in-process; `npm run sandbox`
// (main.ts) starts it in the foreground.
import { createMethodRegistry } from './api'
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
  stop(): Promise<void>
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const count = options.dcs ?? 2
  const world = new World(createMethodRegistry())
  const servers: DcServer[] = []
  try {
    for (let id = 1; id <= count; id++) {
      const port = options.ports ? (options.ports[id - 1] ?? 0) : 0
      const server = await startDc(world, id, host, port)
      servers.push(server)
      world.dcs.push({ id, host, port: server.port })
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()))
    throw error
  }
  return {
    dcs: world.dcs,
    rsaPublicKeyPem: world.keys.rsaPublicKeyPem,
    fingerprint: world.fingerprint,
    world,
    stop: async () => {
      await Promise.all(servers.map((server) => server.close()))
    },
  }
}
