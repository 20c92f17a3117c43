/**
 * A set that remembers only the last `capacity` keys added: the dedup guard of a long-lived client,
 * whose memory must not grow with the number of updates it has seen.
 */
export class RecentKeys {
  private readonly keys = new Set<string>()

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1')
  }

  get size(): number {
    return this.keys.size
  }

  /** Adds the key; false when it was already there (the caller has a duplicate). */
  add(key: string): boolean {
    if (this.keys.has(key)) return false
    this.keys.add(key)
    // A Set iterates in insertion order: the first key is the oldest.
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value!)
    return true
  }

  clear(): void {
    this.keys.clear()
  }
}
