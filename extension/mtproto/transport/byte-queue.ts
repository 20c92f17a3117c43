// Accumulates TCP chunks so framing code can peek at and take whole frames across arbitrary chunk boundaries.
// Chunks are kept as received; bytes are copied only when a read spans more than one chunk.

export class ByteQueue {
  private chunks: Uint8Array[] = []
  /** Offset of the first unread byte inside chunks[0]. */
  private head = 0
  private size = 0

  get length(): number {
    return this.size
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.size += chunk.length
  }

  /** The byte at `offset` from the front, without consuming it. The caller checks `length` first. */
  peekByte(offset: number): number {
    let index = this.head + offset
    for (const chunk of this.chunks) {
      if (index < chunk.length) return chunk[index]!
      index -= chunk.length
    }
    throw new RangeError(`peek past the end of the queue (${offset} >= ${this.size})`)
  }

  peekUint32LE(offset: number): number {
    return (
      (this.peekByte(offset) |
        (this.peekByte(offset + 1) << 8) |
        (this.peekByte(offset + 2) << 16) |
        (this.peekByte(offset + 3) << 24)) >>>
      0
    )
  }

  peekInt32LE(offset: number): number {
    return this.peekUint32LE(offset) | 0
  }

  /** Consumes and returns the next `count` bytes. The caller checks `length` first. */
  take(count: number): Uint8Array {
    if (count > this.size) throw new RangeError(`take(${count}) with only ${this.size} bytes queued`)
    const first = this.chunks[0]
    if (count === 0 || first === undefined) return new Uint8Array(0)
    if (first.length - this.head >= count) {
      const out = first.subarray(this.head, this.head + count)
      this.advance(count)
      return out
    }
    const out = new Uint8Array(count)
    let filled = 0
    while (filled < count) {
      const chunk = this.chunks[0]!
      const part = chunk.subarray(this.head, this.head + Math.min(count - filled, chunk.length - this.head))
      out.set(part, filled)
      filled += part.length
      this.advance(part.length)
    }
    return out
  }

  skip(count: number): void {
    if (count > this.size) throw new RangeError(`skip(${count}) with only ${this.size} bytes queued`)
    while (count > 0) {
      const available = this.chunks[0]!.length - this.head
      const step = Math.min(available, count)
      this.advance(step)
      count -= step
    }
  }

  /** Removes and returns everything queued (for handing leftover bytes to the next layer). */
  drain(): Uint8Array {
    return this.take(this.size)
  }

  private advance(count: number): void {
    this.head += count
    this.size -= count
    while (this.chunks.length > 0 && this.head >= this.chunks[0]!.length) {
      this.head -= this.chunks[0]!.length
      this.chunks.shift()
    }
  }
}
