// Points GramJS (npm `telegram`) at a running sandbox: our RSA key goes into its `_serverKeys` map, the session
// is set to a sandbox DC, and a connection subclass forces the port (GramJS always dials 80 or 443 itself).
import { createPublicKey } from 'node:crypto'
import bigInt from 'big-integer'
import { TelegramClient } from 'telegram'
import { _serverKeys } from 'telegram/crypto/RSA'
import { Logger, LogLevel } from 'telegram/extensions/Logger'
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from 'telegram/network'
import type { Connection } from 'telegram/network'
import { MemorySession } from 'telegram/sessions'

/** The transports GramJS speaks over TCP in Node (obfuscated = obfuscated abridged). */
export const GRAMJS_TRANSPORTS = ['full', 'abridged', 'obfuscated'] as const
export type GramJsTransport = (typeof GRAMJS_TRANSPORTS)[number]

export interface SandboxAddress {
  readonly dcs: readonly { readonly id: number; readonly host: string; readonly port: number }[]
  readonly rsaPublicKeyPem: string
}

const connectionClasses = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged,
  obfuscated: ConnectionTCPObfuscated,
} satisfies Record<GramJsTransport, typeof Connection>

/** Adds the sandbox key to GramJS's global key list (keyed by fingerprint, so repeating it is harmless). */
export function trustSandboxKey(sandbox: SandboxAddress & { readonly fingerprint: bigint }): void {
  const { n, e } = rsaNumbers(sandbox.rsaPublicKeyPem)
  _serverKeys.set(sandbox.fingerprint.toString(), { n: bigInt(n.toString()), e: Number(e) })
}

export interface GramJsSandboxOptions {
  readonly dcId?: number
  readonly transport?: GramJsTransport
}

/** A TelegramClient for the sandbox, silent, not yet connected. */
export function createGramJsClient(
  sandbox: SandboxAddress & { readonly fingerprint: bigint },
  options: GramJsSandboxOptions = {},
): TelegramClient {
  trustSandboxKey(sandbox)
  const dc = sandbox.dcs.find((candidate) => candidate.id === (options.dcId ?? sandbox.dcs[0]!.id))
  if (!dc) throw new Error(`the sandbox has no dc ${options.dcId}`)
  const session = new MemorySession()
  session.setDC(dc.id, dc.host, dc.port)
  return new TelegramClient(session, 1, 'sandbox', {
    connection: sandboxConnection(connectionClasses[options.transport ?? 'full'], sandbox),
    baseLogger: new Logger(LogLevel.NONE),
    connectionRetries: 1,
    retryDelay: 100,
    autoReconnect: false,
  })
}

/** A subclass of `base` that dials the sandbox port of the DC it is created for. */
function sandboxConnection(base: typeof Connection, sandbox: SandboxAddress): typeof Connection {
  return class SandboxConnection extends base {
    constructor(params: ConstructorParameters<typeof Connection>[0]) {
      const dc = sandbox.dcs.find((candidate) => candidate.id === params.dcId)
      super({ ...params, ip: dc?.host ?? params.ip, port: dc?.port ?? params.port })
    }
  }
}

function rsaNumbers(pem: string): { n: bigint; e: bigint } {
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  const toBigInt = (value: string) => BigInt(`0x${Buffer.from(value, 'base64url').toString('hex')}`)
  return { n: toBigInt(jwk.n!), e: toBigInt(jwk.e!) }
}
