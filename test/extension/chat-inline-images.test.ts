// The host's cache of avatars and thumbnails for the chat webviews: one download per image however many rows
// ask, a bound on what it keeps, and no memory of failures.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InlineImageCache, type InlineImage } from '../../extension/chat/inline-images'

const jpeg = (byte: number, length = 4): InlineImage => ({ bytes: new Uint8Array(length).fill(byte), mimeType: 'image/jpeg' })

/** A load that counts its calls and finishes when told to. */
function gatedLoad(image: InlineImage) {
  let calls = 0
  let open: () => void = () => {}
  const gate = new Promise<void>((resolve) => (open = resolve))
  return {
    load: async () => {
      calls++
      await gate
      return image
    },
    open: () => open(),
    get calls() {
      return calls
    },
  }
}

describe('inline image cache', () => {
  it('downloads an image once for every concurrent and later ask, as a data: URI', async () => {
    const cache = new InlineImageCache()
    const source = gatedLoad(jpeg(7))
    const asks = [cache.get('peer:1:10', source.load), cache.get('peer:1:10', source.load)]
    source.open()
    const [first, second] = await Promise.all(asks)
    assert.equal(first, `data:image/jpeg;base64,${Buffer.from([7, 7, 7, 7]).toString('base64')}`)
    assert.equal(second, first)
    assert.equal(await cache.get('peer:1:10', source.load), first)
    assert.equal(source.calls, 1)
  })

  it('forgets the least recently used image past its entry bound', async () => {
    const cache = new InlineImageCache({ entries: 2, chars: 1 << 20, concurrency: 4 })
    let loads = 0
    const load = (byte: number) => async () => (loads++, jpeg(byte))
    await cache.get('a', load(1))
    await cache.get('b', load(2))
    await cache.get('a', load(1)) // a is now the most recent
    await cache.get('c', load(3)) // so b goes
    assert.equal(cache.size, 2)
    assert.equal(loads, 3)
    await cache.get('a', load(1))
    assert.equal(loads, 3, 'a was kept')
    await cache.get('b', load(2))
    assert.equal(loads, 4, 'b was downloaded again')
  })

  it('keeps no more characters than its bound, and hands out an image larger than the bound without keeping it', async () => {
    const small = `data:image/jpeg;base64,${Buffer.from(new Uint8Array(30)).toString('base64')}`.length
    const cache = new InlineImageCache({ entries: 100, chars: small * 2, concurrency: 4 })
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => jpeg(1, 30))
    assert.equal(cache.size, 2)
    const huge = await cache.get('huge', async () => jpeg(2, 300))
    assert.ok(huge.length > small * 2)
    assert.equal(cache.size, 2)
  })

  it('asks again after a failed download', async () => {
    const cache = new InlineImageCache()
    await assert.rejects(cache.get('peer:2:20', async () => Promise.reject(new Error('FILE_REFERENCE_EXPIRED'))), /FILE_REFERENCE_EXPIRED/)
    assert.equal(cache.size, 0)
    assert.match(await cache.get('peer:2:20', async () => jpeg(9)), /^data:image\/jpeg;base64,/)
  })

  it('runs at most its concurrency of downloads at once, and the rest as those finish', async () => {
    const cache = new InlineImageCache({ entries: 100, chars: 1 << 20, concurrency: 2 })
    const sources = [1, 2, 3].map((byte) => gatedLoad(jpeg(byte)))
    const asks = sources.map((source, i) => cache.get(`k${i}`, source.load))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(sources.map((s) => s.calls), [1, 1, 0])
    sources[0]!.open()
    await asks[0]
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(sources.map((s) => s.calls), [1, 1, 1])
    sources[1]!.open()
    sources[2]!.open()
    await Promise.all(asks)
  })
})
