/**
 * The results of the calls run so far in one notebook, numbered in the order they arrived:
 * `$1`, `$2`, ... and `$last`. Each successful call binds one number; a cell with three calls binds
 * three, in the order the calls are written. Failed calls bind nothing.
 */
export interface ResultLookup {
  /** The result bound to `$n`, or the latest for 'last'; `found` is false when there is none. */
  lookup(target: number | 'last'): { found: true; value: unknown } | { found: false }
  /** The numbers bound so far. */
  numbers(): ReadonlySet<number>
}

export class ResultStore implements ResultLookup {
  private readonly values: unknown[] = []

  /** Binds the next number to `value` and returns it. */
  bind(value: unknown): number {
    this.values.push(value)
    return this.values.length
  }

  lookup(target: number | 'last'): { found: true; value: unknown } | { found: false } {
    const index = target === 'last' ? this.values.length - 1 : target - 1
    if (!Number.isInteger(index) || index < 0 || index >= this.values.length) return { found: false }
    return { found: true, value: this.values[index] }
  }

  numbers(): ReadonlySet<number> {
    return new Set(this.values.map((_, index) => index + 1))
  }

  get size(): number {
    return this.values.length
  }

  /** Forgets every result: a restarted kernel starts again from `$1`. */
  clear(): void {
    this.values.length = 0
  }
}
