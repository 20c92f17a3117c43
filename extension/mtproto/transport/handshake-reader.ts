// Reads exact byte counts from a socket during a proxy handshake, then hands back whatever arrived past it,
// so those bytes reach the next layer instead of being lost.

import type { Socket } from 'node:net'
import { ByteQueue } from './byte-queue'
import { ConnectionClosedError } from './errors'

export class HandshakeReader {
  private readonly queue = new ByteQueue()
  private waiter: (() => void) | undefined
  private ended = false
  private failure: Error | undefined

  private readonly onData = (chunk: Buffer): void => {
    this.queue.push(chunk)
    this.wake()
  }
  private readonly onEnd = (): void => {
    this.ended = true
    this.wake()
  }
  private readonly onError = (error: Error): void => {
    this.failure = error
    this.wake()
  }

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
    socket.on('error', this.onError)
  }

  async read(count: number): Promise<Uint8Array> {
    await this.until(() => this.queue.length >= count)
    return this.queue.take(count)
  }

  /** Reads up to and including `delimiter`, failing past `limit` bytes so a hostile proxy cannot grow us. */
  async readUntil(delimiter: Uint8Array, limit: number): Promise<Uint8Array> {
    let scanned = 0
    for (;;) {
      for (; scanned + delimiter.length <= this.queue.length; scanned++) {
        if (this.matchesAt(scanned, delimiter)) return this.queue.take(scanned + delimiter.length)
      }
      if (this.queue.length > limit) throw new RangeError(`no ${JSON.stringify(new TextDecoder().decode(delimiter))} within ${limit} bytes`)
      const seen = this.queue.length
      await this.until(() => this.queue.length > seen)
    }
  }

  /** Stops listening and returns the bytes that arrived after the handshake. */
  release(): Uint8Array {
    this.socket.off('data', this.onData)
    this.socket.off('end', this.onEnd)
    this.socket.off('close', this.onEnd)
    this.socket.off('error', this.onError)
    return this.queue.drain()
  }

  private matchesAt(offset: number, delimiter: Uint8Array): boolean {
    for (let i = 0; i < delimiter.length; i++) if (this.queue.peekByte(offset + i) !== delimiter[i]) return false
    return true
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.failure) throw this.failure
      if (this.ended) throw new ConnectionClosedError('the peer closed the connection during the handshake')
      await new Promise<void>((resolve) => (this.waiter = resolve))
    }
  }

  private wake(): void {
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.()
  }
}
