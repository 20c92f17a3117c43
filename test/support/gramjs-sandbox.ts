// Points GramJS (npm `telegram`) at a running sandbox: our RSA key goes into its `_serverKeys` map, the session
// is set to a sandbox DC, and a connection subclass forces the port (GramJS always dials 80 or 443 itself). The
// client subclass turns GramJS's silent failures into errors, so a test fails rather than hangs.
import { createPublicKey } from 'node:crypto'
import bigInt from 'big-integer'
import { TelegramClient } from 'telegram'
import { _serverKeys } from 'telegram/crypto/RSA'
import { Logger, LogLevel } from 'telegram/extensions/Logger'
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from 'telegram/network'
import type { Connection, MTProtoSender } from 'telegram/network'
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
  return new SandboxTelegramClient(session, 1, 'sandbox', {
    connection: sandboxConnection(connectionClasses[options.transport ?? 'full'], sandbox),
    baseLogger: new Logger(LogLevel.NONE),
    // GramJS drops a leading zero byte of g^ab mod dh_prime, so one key exchange in 256 leaves it a 255-byte key
    // whose hash does not match dh_gen_ok's new_nonce_hash1 (the server's key is 256 bytes). It recovers by starting
    // a new exchange, as it must against Telegram; its default five attempts make a failure 1 in 2^40.
    connectionRetries: 5,
    retryDelay: 100,
    autoReconnect: false,
  })
}

/**
 * A TelegramClient that fails instead of waiting forever: connect() rejects when GramJS gives up (GramJS resolves
 * false, and every invoke() after that waits for a connection that never comes, with no timer left running), and
 * destroy() also closes the senders GramJS opened to other DCs for file transfers.
 */
class SandboxTelegramClient extends TelegramClient {
  private lastError: Error | undefined

  constructor(...args: ConstructorParameters<typeof TelegramClient>) {
    super(...args)
    // With its logger off, GramJS reports why a connection attempt failed only here.
    this.onError = async (error) => {
      this.lastError = error
    }
  }

  override async connect(): Promise<boolean> {
    const connected = await super.connect()
    // False while already connected is GramJS's "nothing to do", not a failure.
    if (!connected && !this.connected) {
      throw new Error(`GramJS gave up connecting to dc ${this.session.dcId}: ${this.lastError?.message ?? 'no error given'}`, {
        cause: this.lastError,
      })
    }
    return connected
  }

  override async destroy(): Promise<void> {
    // GramJS's disconnect() walks these two Maps with Object.values, which finds nothing: without this the
    // other-DC senders stay connected and each one's 30 s release timer holds the test process open.
    const internals = this as unknown as OtherDcSenders
    const senders = [...internals._exportedSenderPromises.values()]
    for (const timer of internals._exportedSenderReleaseTimeouts.values()) clearTimeout(timer)
    internals._exportedSenderReleaseTimeouts.clear()
    await super.destroy()
    await Promise.allSettled(senders.map(async (sender) => (await sender)?.disconnect()))
  }
}

/** GramJS's private record of the senders it borrows for other DCs (TelegramBaseClient). */
interface OtherDcSenders {
  readonly _exportedSenderPromises: Map<number, Promise<MTProtoSender | undefined>>
  readonly _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout>
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
