/**
 * Extra connections for file transfers. Parts travel in parallel over several connections to a DC,
 * each one an MTProto session of its own on the same auth key, so one slow answer or one busy socket
 * never holds up the rest. The connections are opened on first use, kept for later transfers, and
 * closed with the client.
 *
 * Before the first transfer to a DC, its auth key is made once on the main connection (the extra
 * connections only ever read keys), and, when the DC is not the account's, the authorization is
 * copied there with auth.exportAuthorization / auth.importAuthorization.
 */
import type { TlMethod, TlResults } from '../../../schema/codec/generated/types'
import { composeMiddlewares, type CallHandler } from '../network/call-pipeline'
import { floodWaitMiddleware, serverErrorRetryMiddleware } from '../network/middlewares'
import type { MtprotoClient } from '../network/mtproto-client'
import type { TlObject } from '../session/tl'

export interface TransferPoolOptions {
  /** One more low-level client on the client's auth keys, which reads keys and never stores them. */
  openConnection: () => MtprotoClient
  /** Connects the main client to `dcId`, creating and saving the DC's auth key if needed. */
  connectDc: (dcId: number) => Promise<void>
  /** The DC the account lives on. */
  homeDcId: () => number
  /** Sends a request over the main client to a DC (for the authorization copy). */
  call: <R extends TlMethod>(request: R, dcId: number) => Promise<TlResults[R['_']]>
  /** FLOOD_WAIT errors up to this many seconds are slept through. */
  floodSleepThreshold: number
}

/** One connection to one DC, through which a transfer worker sends its requests. */
export interface TransferLane {
  readonly dcId: number
  invoke<R extends TlMethod>(request: R, signal?: AbortSignal): Promise<TlResults[R['_']]>
}

/** The most connections per transfer; more stop paying off and only load the server. */
export const MAX_TRANSFER_CONNECTIONS = 8

export class TransferPool {
  private readonly connections: MtprotoClient[] = []
  private readonly preparedDcs = new Map<number, Promise<void>>()
  private readonly send: CallHandler
  private closed = false

  constructor(private readonly options: TransferPoolOptions) {
    // The policies of the main pipeline that suit file parts; *_MIGRATE is the transfer's own business
    // (FILE_MIGRATE moves the whole file to another DC, not one request).
    this.send = composeMiddlewares(
      [floodWaitMiddleware({ maxWaitSeconds: options.floodSleepThreshold }), serverErrorRetryMiddleware()],
      (ctx) => {
        const connection = this.connections[(ctx as LaneContext).lane]!
        // File traffic does not need updates pushed to these extra sessions.
        const request: TlObject = { _: 'invokeWithoutUpdates', query: ctx.request }
        return connection.session(ctx.dcId).invoke(request, { signal: ctx.signal, timeout: ctx.timeout })
      },
    )
  }

  /**
   * `count` lanes to `dcId` (at most MAX_TRANSFER_CONNECTIONS), connected and authorized. Lanes of one
   * index share a connection across DCs, and later transfers reuse them.
   */
  async lanes(dcId: number, count: number, signal?: AbortSignal): Promise<TransferLane[]> {
    if (this.closed) throw new Error('the client is disconnected')
    await this.prepareDc(dcId)
    signal?.throwIfAborted()
    const wanted = Math.max(1, Math.min(count, MAX_TRANSFER_CONNECTIONS))
    while (this.connections.length < wanted) this.connections.push(this.options.openConnection())
    const lanes = Array.from({ length: wanted }, (_, lane) => this.lane(dcId, lane))
    // Connect them together: the handshakes overlap instead of adding up.
    await Promise.all(lanes.map((_, lane) => this.connections[lane]!.connect(dcId)))
    return lanes
  }

  /** Closes every transfer connection; pending parts fail. */
  close(): void {
    this.closed = true
    for (const connection of this.connections) connection.close()
    this.connections.length = 0
    this.preparedDcs.clear()
  }

  private lane(dcId: number, lane: number): TransferLane {
    return {
      dcId,
      invoke: <R extends TlMethod>(request: R, signal?: AbortSignal) => {
        const ctx: LaneContext = { request, dcId, lane, signal, timeout: undefined }
        return this.send(ctx) as Promise<TlResults[R['_']]>
      },
    }
  }

  /** Once per DC: its auth key exists, and it knows the account. */
  private prepareDc(dcId: number): Promise<void> {
    let prepared = this.preparedDcs.get(dcId)
    if (!prepared) {
      prepared = this.authorize(dcId)
      // A failed preparation is tried again by the next transfer.
      prepared.catch(() => this.preparedDcs.delete(dcId))
      this.preparedDcs.set(dcId, prepared)
    }
    return prepared
  }

  private async authorize(dcId: number): Promise<void> {
    await this.options.connectDc(dcId)
    if (dcId === this.options.homeDcId()) return
    const exported = await this.options.call({ _: 'auth.exportAuthorization', dc_id: dcId }, this.options.homeDcId())
    await this.options.call({ _: 'auth.importAuthorization', id: exported.id, bytes: exported.bytes }, dcId)
  }
}

interface LaneContext {
  readonly request: { readonly _: string }
  dcId: number
  readonly lane: number
  readonly signal: AbortSignal | undefined
  readonly timeout: number | undefined
}
