/**
 * The raw update stream of a client: updates pushed by the server, and the Updates objects that
 * requests answer with (a sent message advances pts like any other update). Event builders and the
 * gap-recovery engine (updates.ts) subscribe here; entities have already been cached when they run.
 */

export interface UpdateOrigin {
  /** The DC whose connection delivered it. */
  dcId: number
  /** Set when the object answered a request of ours, to the method's name. */
  fromRequest?: string
}

export type UpdateListener = (update: { _: string }, origin: UpdateOrigin) => void

export class UpdateListeners {
  private readonly listeners = new Set<UpdateListener>()

  /** Adds a listener; the returned function removes it. */
  add(listener: UpdateListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get size(): number {
    return this.listeners.size
  }

  /** Calls every listener; one that throws does not keep the others from the update. */
  emit(update: { _: string }, origin: UpdateOrigin): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(update, origin)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }

  /**
   * Resolves with the first update `pick` returns something for (looking inside updateShort and the
   * updates/updatesCombined lists), or rejects when `signal` aborts.
   */
  waitFor<T>(pick: (update: { _: string }) => T | undefined, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const onAbort = () => {
        remove()
        reject(signal!.reason)
      }
      const remove = this.add((update) => {
        for (const inner of innerUpdates(update)) {
          const picked = pick(inner)
          if (picked === undefined) continue
          remove()
          signal?.removeEventListener('abort', onAbort)
          resolve(picked)
          return
        }
      })
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/** The single updates an Updates object carries (and the object itself for anything else). */
export function innerUpdates(update: { _: string }): { _: string }[] {
  const object = update as { _: string; update?: { _: string }; updates?: { _: string }[] }
  if (object._ === 'updateShort' && object.update) return [object.update]
  if ((object._ === 'updates' || object._ === 'updatesCombined') && object.updates) return object.updates
  return [update]
}
