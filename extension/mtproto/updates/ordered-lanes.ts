/**
 * Runs asynchronous work in order per key (per chat): work for one chat waits for the previous work
 * of that chat, while other chats go on in parallel. A lane exists only while it has work, so the
 * map never outgrows the chats that are busy right now.
 */
export class OrderedLanes {
  private readonly lanes = new Map<string, (() => Promise<void>)[]>()
  private queued = 0
  private readonly idleWaiters: (() => void)[] = []

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Jobs waiting or running, over every lane. */
  get backlog(): number {
    return this.queued
  }

  run(key: string, job: () => Promise<void>): void {
    this.queued++
    const lane = this.lanes.get(key)
    if (lane) {
      lane.push(job)
      return
    }
    this.lanes.set(key, [job])
    void this.drain(key)
  }

  /** Resolves once every lane is empty. */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async drain(key: string): Promise<void> {
    const lane = this.lanes.get(key)!
    while (lane.length > 0) {
      const job = lane[0]!
      try {
        await job()
      } catch (error) {
        this.onError(error)
      }
      lane.shift()
      this.queued--
    }
    this.lanes.delete(key)
    if (this.queued === 0) for (const wake of this.idleWaiters.splice(0)) wake()
  }
}
