// Points mtcute (@mtcute/node) at a running sandbox: our RSA key is added to its key index (addPublicKey), the
// sandbox DCs become its defaultDcs, and a TcpTransport subclass picks the framing under test.
import {
  BaseTelegramClient,
  IntermediatePacketCodec,
  MemoryStorage,
  ObfuscatedPacketCodec,
  PaddedIntermediatePacketCodec,
  TcpTransport,
  type IPacketCodec,
} from '@mtcute/node'
import { addPublicKey } from '@mtcute/node/utils.js'
import type { SandboxAddress } from './gramjs-sandbox'

/** The framings mtcute implements, each plain and obfuscated (it has no abridged or full transport). */
export const MTCUTE_TRANSPORTS = [
  'intermediate',
  'paddedIntermediate',
  'obfuscatedIntermediate',
  'obfuscatedPaddedIntermediate',
] as const
export type MtcuteTransport = (typeof MTCUTE_TRANSPORTS)[number]

class SandboxTcpTransport extends TcpTransport {
  constructor(private readonly kind: MtcuteTransport) {
    super()
  }

  override packetCodec(): IntermediatePacketCodec {
    const codecs: Record<MtcuteTransport, () => IPacketCodec> = {
      intermediate: () => new IntermediatePacketCodec(),
      paddedIntermediate: () => new PaddedIntermediatePacketCodec(),
      obfuscatedIntermediate: () => new ObfuscatedPacketCodec(new IntermediatePacketCodec()),
      obfuscatedPaddedIntermediate: () => new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec()),
    }
    // TcpTransport declares the intermediate codec as its return type; any IPacketCodec works at run time.
    return codecs[this.kind]() as IntermediatePacketCodec
  }
}

export interface MtcuteSandboxOptions {
  readonly dcId?: number
  readonly transport?: MtcuteTransport
  /** Receives mtcute's log lines (formatted), which stay off the console. */
  readonly onLog?: (line: string) => void
  /** Milliseconds between mtcute's ping_delay_disconnect pings (its default is a minute). */
  readonly pingIntervalMs?: number
  /**
   * Register the sandbox key as an "old" key, which makes mtcute encrypt p_q_inner_data with the older
   * SHA1 + data + padding RSA format instead of RSA_PAD. mtcute's key index is global: this applies to
   * every client in the process from then on.
   */
  readonly legacyRsa?: boolean
  /** Storage to use, so a test can read what mtcute stored (its auth keys); a fresh one by default. */
  readonly storage?: MemoryStorage
}

/** A BaseTelegramClient for the sandbox with in-memory storage, not yet connected. */
export function createMtcuteClient(sandbox: SandboxAddress, options: MtcuteSandboxOptions = {}): BaseTelegramClient {
  const dc = sandbox.dcs.find((candidate) => candidate.id === (options.dcId ?? sandbox.dcs[0]!.id))
  if (!dc) throw new Error(`the sandbox has no dc ${options.dcId}`)
  const address = { id: dc.id, ipAddress: dc.host, port: dc.port }
  const client = new BaseTelegramClient({
    apiId: 1,
    apiHash: 'sandbox',
    storage: options.storage ?? new MemoryStorage(),
    defaultDcs: { main: address, media: address },
    transport: new SandboxTcpTransport(options.transport ?? 'intermediate'),
    ...(options.pingIntervalMs ? { network: { pingInterval: options.pingIntervalMs } } : {}),
  })
  addPublicKey(client.crypto, sandbox.rsaPublicKeyPem, options.legacyRsa ?? false)
  const onLog = options.onLog
  client.log.mgr.level = onLog ? 5 : 0
  client.log.mgr.handler = (_color, _level, tag, fmt, args) => onLog?.(`[${tag}] ${format(fmt, args)}`)
  return client
}

/** Enough of mtcute's printf-style format (%s, %d, %l, %j, %h, %b, %e) to read its lines in a test. */
function format(fmt: string, args: readonly unknown[]): string {
  let index = 0
  return fmt.replace(/%[a-z]/g, () => String(args[index++]))
}
