// Server-side receive buffer. Chunks stay separate until a whole frame is known to be present, so a large
// packet arriving in many pieces is joined once, not once per piece.

export class Inbox {
  private parts: Buffer[] = []
  private total = 0

  get size(): number {
    return this.total
  }

  append(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.parts.push(chunk)
    this.total += chunk.length
  }

  /** The first `count` bytes, copied only if they straddle chunks. Undefined until that many have arrived. */
  head(count: number): Buffer | undefined {
    if (this.total < count) return undefined
    if (count === 0) return Buffer.alloc(0)
    const first = this.parts[0]!
    if (first.length >= count) return first.subarray(0, count)
    this.parts = [Buffer.concat(this.parts)]
    return this.parts[0]!.subarray(0, count)
  }

  /** Removes and returns the first `count` bytes; the caller has checked `size`. */
  shift(count: number): Buffer {
    const joined = this.head(count)
    if (joined === undefined) throw new RangeError(`shift(${count}) beyond ${this.total} buffered bytes`)
    if (count === 0) return joined
    const first = this.parts[0]!
    if (first.length === count) this.parts.shift()
    else this.parts[0] = first.subarray(count)
    this.total -= count
    return joined
  }

  takeAll(): Buffer {
    return this.shift(this.total)
  }
}
