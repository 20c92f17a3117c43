/**
 * Images the host downloads on demand (avatars, photo renditions, stickers), asked for only when the element
 * that shows them comes near the viewport. Each key is asked once; the answer is kept (bounded) so a row the
 * virtual list draws again, or a view restored from its saved state, shows the image at once.
 */
import { isSafeImageUri } from './uri'

/** Rows this close below or above the viewport count as in view. */
const ROOT_MARGIN = '200px 0px'
/** URIs remembered; the oldest are forgotten first. */
const CACHE_LIMIT = 400
/** A key the host could not serve (no photo, or offline) is not asked again for this long. */
const RETRY_AFTER_MS = 60_000

interface Watch {
  key: string
  load(): Promise<string>
  apply(uri: string): void
}

export class LazyImages {
  private readonly cache = new Map<string, string>()
  /** Keys the host could not serve, and when. */
  private readonly failed = new Map<string, number>()
  private readonly pending = new Map<string, Promise<string | undefined>>()
  private readonly watches = new WeakMap<Element, Watch>()
  private readonly observer = new IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: ROOT_MARGIN })

  /** The image under `key`, when it has been loaded before. */
  cached(key: string): string | undefined {
    return this.cache.get(key)
  }

  /**
   * When `element` comes into view, loads the image for `key` (once for all elements that want it) and hands
   * it to `apply`; at once when it is cached. Elements removed from the DOM before that ask nothing.
   */
  watch(element: Element, key: string, load: () => Promise<string>, apply: (uri: string) => void): void {
    const hit = this.cache.get(key)
    if (hit !== undefined) return apply(hit)
    if (Date.now() - (this.failed.get(key) ?? -Infinity) < RETRY_AFTER_MS) return
    this.watches.set(element, { key, load, apply })
    this.observer.observe(element)
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      const watch = this.watches.get(entry.target)
      this.observer.unobserve(entry.target)
      this.watches.delete(entry.target)
      if (!watch) continue
      void this.load(watch).then((uri) => uri !== undefined && entry.target.isConnected && watch.apply(uri))
    }
  }

  private load(watch: Watch): Promise<string | undefined> {
    const { key } = watch
    const hit = this.cache.get(key)
    if (hit !== undefined) return Promise.resolve(hit)
    let pending = this.pending.get(key)
    if (!pending) {
      pending = watch.load().then((uri) => (isSafeImageUri(uri) ? uri : undefined), () => undefined)
      // Registered first, so the cache is filled before any element is handed the image.
      void pending.then((uri) => {
        this.pending.delete(key)
        if (uri === undefined) this.failed.set(key, Date.now())
        else this.remember(key, uri)
      })
      this.pending.set(key, pending)
    }
    return pending
  }

  private remember(key: string, uri: string): void {
    this.cache.set(key, uri)
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!)
  }
}
