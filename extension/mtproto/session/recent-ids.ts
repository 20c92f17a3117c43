/**
 * A bounded memory of recently seen server msg_ids, for dropping replays. Anything older than
 * the oldest id remembered is treated as seen too: once the window slides past an id, a replay
 * of it cannot be told apart from a duplicate, so it is refused.
 */
export class RecentMessageIds {
  private readonly ids = new Set<bigint>()
  private readonly order: bigint[] = []
  private head = 0
  private floor: bigint | undefined

  constructor(private readonly capacity = 1024) {}

  /** Records `id`; returns false if it was already seen (or fell out of the window). */
  add(id: bigint): boolean {
    if (this.ids.has(id)) return false
    if (this.floor !== undefined && id <= this.floor) return false
    this.ids.add(id)
    this.order.push(id)
    if (this.order.length - this.head > this.capacity) {
      const evicted = this.order[this.head++]
      this.ids.delete(evicted)
      if (this.floor === undefined || evicted > this.floor) this.floor = evicted
      // Compact the queue now and then instead of shifting on every eviction.
      if (this.head > this.capacity) {
        this.order.splice(0, this.head)
        this.head = 0
      }
    }
    return true
  }

  has(id: bigint): boolean {
    return this.ids.has(id) || (this.floor !== undefined && id <= this.floor)
  }

  clear(): void {
    this.ids.clear()
    this.order.length = 0
    this.head = 0
    this.floor = undefined
  }
}
