/**
 * Small images the chat webviews show inline: profile photos, the small rendition of chat photos, video
 * thumbnails and stickers. Each is downloaded once, turned into a data: URI (which the webview CSP allows and
 * which needs no file), and kept in a memory cache shared by every open webview, bounded by count and bytes
 * so a long scroll through many chats cannot grow it without end. Concurrent asks for one image share one
 * download, and at most a few downloads run at once so a screenful of avatars does not flood the connection.
 */

export interface InlineImage {
  bytes: Uint8Array
  mimeType: string
}

export interface InlineImageLimits {
  entries: number
  /** Total length of the cached data: URIs, in characters. */
  chars: number
  /** Downloads running at once. */
  concurrency: number
}

const DEFAULT_LIMITS: InlineImageLimits = { entries: 600, chars: 24 * 1024 * 1024, concurrency: 4 }

export class InlineImageCache {
  /** Least recently used first: a Map keeps insertion order, and a hit re-inserts. */
  private readonly cached = new Map<string, string>()
  private readonly loading = new Map<string, Promise<string>>()
  private cachedChars = 0
  private running = 0
  private readonly queue: (() => void)[] = []

  constructor(private readonly limits: InlineImageLimits = DEFAULT_LIMITS) {}

  /** The image under `key` as a data: URI, from the cache or from `load` (whose failure is not cached). */
  get(key: string, load: () => Promise<InlineImage>): Promise<string> {
    const hit = this.cached.get(key)
    if (hit !== undefined) {
      this.cached.delete(key)
      this.cached.set(key, hit)
      return Promise.resolve(hit)
    }
    const pending = this.loading.get(key)
    if (pending) return pending
    const download = this.throttled(load).then((image) => {
      const uri = `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString('base64')}`
      this.store(key, uri)
      return uri
    })
    this.loading.set(key, download)
    const forget = () => this.loading.delete(key)
    download.then(forget, forget)
    return download
  }

  get size(): number {
    return this.cached.size
  }

  clear(): void {
    this.cached.clear()
    this.cachedChars = 0
  }

  private store(key: string, uri: string): void {
    // One image larger than the whole budget is handed out but not kept.
    if (uri.length > this.limits.chars) return
    this.cached.set(key, uri)
    this.cachedChars += uri.length
    for (const [oldest, value] of this.cached) {
      if (this.cached.size <= this.limits.entries && this.cachedChars <= this.limits.chars) break
      this.cached.delete(oldest)
      this.cachedChars -= value.length
    }
  }

  private async throttled<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) await new Promise<void>((start) => this.queue.push(start))
    this.running++
    try {
      return await task()
    } finally {
      this.running--
      this.queue.shift()?.()
    }
  }
}
