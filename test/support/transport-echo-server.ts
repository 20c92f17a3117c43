// A sandbox transport endpoint that sends every packet straight back, recording what each stream identified as.

import { listenTransport, type TransportListener } from '../sandbox/transport/listener'
import type { ServerPacketStream } from '../sandbox/transport/packet-stream'

export interface EchoServer extends TransportListener {
  /** Every stream accepted so far, in order. */
  readonly streams: ServerPacketStream[]
  /** Errors the server side saw, per stream. */
  readonly errors: Error[]
}

export async function startEchoServer(): Promise<EchoServer> {
  const streams: ServerPacketStream[] = []
  const errors: Error[] = []
  const listener = await listenTransport({
    onStream(stream) {
      streams.push(stream)
      stream.on('error', (error) => errors.push(error))
      stream.on('packet', (packet) => stream.send(packet))
    },
  })
  return Object.assign(listener, { streams, errors })
}
