// Shared by the update tests: collects events and lets a test wait for a number of them.

export class Collector<E> {
  readonly items: E[] = []
  private waiters: { count: number; wake: () => void }[] = []

  /** A handler: bound, so it can be passed to client.on as is. */
  readonly add = (event: E): void => {
    this.items.push(event)
    this.waiters = this.waiters.filter((waiter) => {
      if (this.items.length < waiter.count) return true
      waiter.wake()
      return false
    })
  }

  /** Resolves once `count` events have been collected (the test's own timeout bounds the wait). */
  waitFor(count: number): Promise<void> {
    if (this.items.length >= count) return Promise.resolve()
    return new Promise((wake) => this.waiters.push({ count, wake }))
  }
}
