/** Progress of a transfer: bytes done so far and the total, when known. Called in increasing order of `done`. */
export type ProgressCallback = (done: number, total: number | undefined) => void

/** Counts bytes done and reports them; `done` only grows. */
export class ProgressCounter {
  private done = 0

  constructor(
    private readonly total: number | undefined,
    private readonly onProgress: ProgressCallback | undefined,
  ) {}

  add(bytes: number): void {
    if (bytes === 0) return
    this.done += bytes
    this.onProgress?.(this.done, this.total)
  }
}
