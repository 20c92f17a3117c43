/**
 * A vertically virtualized list of variable-height rows. Only the rows in the viewport plus a margin exist
 * in the DOM, between two spacers sized from measured heights (or estimates for rows never shown).
 *
 * Rows are kept in normal flow, so the rendered part is always laid out exactly; the only approximation is in
 * the spacers. Rendered rows are measured when drawn and again whenever their size changes (media whose
 * thumbnail arrives, a revealed spoiler), so the row tops always match the layout. When rows above the viewport
 * change height, the list restores the first visible row to the same screen position (manual scroll anchoring;
 * the browser's is disabled in CSS), or keeps to the bottom if it was there.
 */

export interface VirtualListOptions<T> {
  /** Stable identity of an item: the DOM row and its measured height are kept under it. */
  keyOf(item: T): string
  /** Changes when the item must be drawn again (an edit, a read receipt). */
  versionOf(item: T): string
  render(item: T): HTMLElement
  estimateHeight(item: T): number
  /** Pixels rendered beyond each edge of the viewport. */
  margin?: number
  /** Called after each update with the rendered items that intersect the viewport. */
  onVisible?(first: T | undefined, last: T | undefined): void
}

interface Row {
  element: HTMLElement
  version: string
}

/** The first visible row after an update, and the scroll position it was measured at. */
interface Anchor {
  key: string
  /** Distance from the viewport's top to the row's top. */
  offset: number
  scrollTop: number
  atBottom: boolean
}

/** Where the list goes after an update: the first visible row stays put, or the bottom stays in view. */
type UpdateMode = 'anchor' | 'bottom' | 'none'

export class VirtualList<T> {
  readonly scroller: HTMLElement
  private readonly content: HTMLElement
  private readonly topSpacer: HTMLElement
  private readonly bottomSpacer: HTMLElement
  private items: T[] = []
  private keys: string[] = []
  private indexOfKey = new Map<string, number>()
  private readonly heights = new Map<string, number>()
  /** Prefix sums of row heights (`tops[i]` is row i's top), valid up to `topsValidTo`; a new measurement invalidates from its row on. */
  private tops: number[] = [0]
  private topsValidTo = 0
  private readonly rows = new Map<string, Row>()
  private readonly keyOfElement = new WeakMap<Element, string>()
  private readonly rowObserver = new ResizeObserver((entries) => this.onRowsResized(entries))
  private rendered: string[] = []
  private lastAnchor: Anchor | undefined
  private width = 0
  private frame = 0
  private readonly margin: number

  constructor(
    scroller: HTMLElement,
    private readonly options: VirtualListOptions<T>,
  ) {
    this.scroller = scroller
    this.margin = options.margin ?? 800
    this.content = document.createElement('div')
    this.content.className = 'virtual-content'
    this.topSpacer = document.createElement('div')
    this.bottomSpacer = document.createElement('div')
    this.topSpacer.className = this.bottomSpacer.className = 'virtual-spacer'
    this.topSpacer.setAttribute('aria-hidden', 'true')
    this.bottomSpacer.setAttribute('aria-hidden', 'true')
    this.content.append(this.topSpacer, this.bottomSpacer)
    scroller.appendChild(this.content)
    scroller.addEventListener('scroll', () => this.schedule(), { passive: true })
    new ResizeObserver(() => this.onScrollerResized()).observe(scroller)
  }

  get length(): number {
    return this.items.length
  }

  /**
   * Replaces the items. `follow` (live messages): the list sticks to the bottom if it was there, else the first
   * visible row stays put. `keep` (a page of history): the first visible row stays put even at the bottom, so
   * that a newer page lands below the reader instead of scrolling them past it. `bottom`: shows the last row.
   */
  setItems(items: T[], position: 'follow' | 'keep' | 'bottom' = 'follow'): void {
    const stick = position === 'bottom' || (position === 'follow' && this.isAtBottom())
    this.items = items
    this.keys = items.map((item) => this.options.keyOf(item))
    this.indexOfKey = new Map(this.keys.map((key, index) => [key, index]))
    this.topsValidTo = 0
    this.update(stick ? 'bottom' : 'anchor')
  }

  isAtBottom(slack = 24): boolean {
    const s = this.scroller
    return s.scrollHeight - s.scrollTop - s.clientHeight <= slack
  }

  scrollToBottom(): void {
    this.update('bottom')
  }

  /** Brings the item with `key` into view, a third of the way down the viewport. */
  scrollToKey(key: string): boolean {
    const index = this.indexOfKey.get(key)
    if (index === undefined) return false
    const tops = this.offsets()
    this.scroller.scrollTop = Math.max(0, tops[index] - this.scroller.clientHeight / 3)
    this.update('none')
    // Estimates above may have been replaced by measurements: place it again against the real layout.
    const row = this.rows.get(key)
    if (row) {
      this.scroller.scrollTop = Math.max(0, row.element.offsetTop - this.scroller.clientHeight / 3)
      this.update('none')
    }
    return true
  }

  /** The rendered row of an item, if it is in the DOM window. */
  elementFor(key: string): HTMLElement | undefined {
    return this.rows.get(key)?.element
  }

  /** The number of rows in the DOM (for tests and the bench). */
  get renderedCount(): number {
    return this.rendered.length
  }

  private schedule(): void {
    if (this.frame) return
    this.frame = requestAnimationFrame(() => {
      this.frame = 0
      this.update(this.stillAtBottom() ? 'bottom' : 'anchor')
    })
  }

  /**
   * The list was at the bottom after the last update, and the reader has not scrolled since: a row above that grew,
   * or a viewport that shrank (the composer grew, a banner appeared), keeps the newest message in sight.
   */
  private stillAtBottom(): boolean {
    const last = this.lastAnchor
    return last?.atBottom === true && (this.isAtBottom(1) || Math.abs(this.scroller.scrollTop - last.scrollTop) < 1)
  }

  /** Rendered rows that changed height since they were measured: new heights, then the window again. */
  private onRowsResized(entries: ResizeObserverEntry[]): void {
    let changed = false
    for (const entry of entries) {
      const key = this.keyOfElement.get(entry.target)
      const element = entry.target as HTMLElement
      if (key === undefined || this.rows.get(key)?.element !== element) continue
      // A hidden view lays rows out at zero height; that is no measurement.
      if (this.remember(key, element.offsetHeight)) changed = true
    }
    if (changed) this.schedule()
  }

  /** Another width wraps every row differently: heights measured at the old one are no better than estimates. */
  private onScrollerResized(): void {
    const width = this.scroller.clientWidth
    if (width !== this.width && this.width !== 0) {
      const rendered = new Set(this.rendered)
      for (const key of this.heights.keys()) if (!rendered.has(key)) this.heights.delete(key)
      this.topsValidTo = 0
    }
    this.width = width
    this.schedule()
  }

  /** Records a row's measured height; answers whether it changed. */
  private remember(key: string, height: number): boolean {
    if (height === 0 || this.heights.get(key) === height) return false
    this.heights.set(key, height)
    this.topsValidTo = Math.min(this.topsValidTo, this.indexOfKey.get(key) ?? 0)
    return true
  }

  /** Row tops, recomputed only from the first row whose height changed since the last call. */
  private offsets(): number[] {
    const count = this.items.length
    const tops = this.tops
    if (tops.length !== count + 1) tops.length = count + 1
    let y = this.topsValidTo === 0 ? 0 : tops[this.topsValidTo]
    for (let i = this.topsValidTo; i < count; i++) {
      tops[i] = y
      y += this.heights.get(this.keys[i]) ?? this.options.estimateHeight(this.items[i])
    }
    tops[count] = y
    this.topsValidTo = count
    return tops
  }

  /** The first rendered row that is at least partly visible, and its distance from the viewport's top. */
  private visibleAnchor(): Anchor | undefined {
    const top = this.scroller.scrollTop
    for (const key of this.rendered) {
      const element = this.rows.get(key)!.element
      if (element.offsetTop + element.offsetHeight > top) return { key, offset: element.offsetTop - top, scrollTop: top, atBottom: this.isAtBottom(1) }
    }
    return undefined
  }

  /**
   * Where the first visible row should be now. Rows may have changed height since the last update, so the
   * current layout cannot tell: the row of the last update is kept, moved only by what the reader scrolled since.
   */
  private anchorNow(): Anchor | undefined {
    const last = this.lastAnchor
    if (!last || !this.rows.has(last.key)) return this.visibleAnchor()
    const scrollTop = this.scroller.scrollTop
    return { ...last, offset: last.offset - (scrollTop - last.scrollTop), scrollTop }
  }

  update(mode: UpdateMode = 'anchor'): void {
    if (this.frame) {
      cancelAnimationFrame(this.frame)
      this.frame = 0
    }
    const anchor = mode === 'anchor' ? this.anchorNow() : undefined
    // A few passes: each may render rows whose real heights move the window.
    let changed = false
    for (let pass = 0; pass < 4; pass++) {
      changed = this.renderWindow(mode === 'bottom')
      if (mode === 'bottom') this.scroller.scrollTop = this.scroller.scrollHeight
      else if (anchor) {
        const row = this.rows.get(anchor.key)
        if (row) this.scroller.scrollTop = row.element.offsetTop - anchor.offset
      }
      if (!changed) break
    }
    this.lastAnchor = this.visibleAnchor()
    // Still settling (rows far from their estimates): carry on next frame rather than leave the viewport blank.
    if (changed) this.schedule()
    this.reportVisible()
  }

  /** Renders the rows for the current scroll position; returns whether any height changed. */
  private renderWindow(atBottom: boolean): boolean {
    const tops = this.offsets()
    const total = tops[this.items.length]
    const viewport = this.scroller.clientHeight
    const scrollTop = atBottom ? Math.max(0, total - viewport) : this.scroller.scrollTop
    const from = scrollTop - this.margin
    const to = scrollTop + viewport + this.margin
    const start = firstIndexAbove(tops, from, this.items.length)
    let end = start
    while (end < this.items.length && tops[end] < to) end++

    const wanted = this.keys.slice(start, end)
    const wantedSet = new Set(wanted)
    for (const key of this.rendered) {
      if (!wantedSet.has(key)) {
        const element = this.rows.get(key)!.element
        this.rowObserver.unobserve(element)
        element.remove()
        this.rows.delete(key)
      }
    }
    const fresh: string[] = []
    let previous: Node = this.topSpacer
    for (let i = start; i < end; i++) {
      const key = this.keys[i]
      const item = this.items[i]
      const version = this.options.versionOf(item)
      let row = this.rows.get(key)
      if (row && row.version !== version) {
        const element = this.options.render(item)
        this.rowObserver.unobserve(row.element)
        row.element.replaceWith(element)
        row = { element, version }
        this.rows.set(key, row)
        fresh.push(key)
      } else if (!row) {
        row = { element: this.options.render(item), version }
        this.rows.set(key, row)
        fresh.push(key)
      }
      if (previous.nextSibling !== row.element) this.content.insertBefore(row.element, previous.nextSibling)
      previous = row.element
    }
    this.rendered = wanted
    this.topSpacer.style.height = `${tops[start]}px`
    this.bottomSpacer.style.height = `${total - tops[end]}px`

    let changed = false
    for (const key of fresh) {
      const element = this.rows.get(key)!.element
      this.keyOfElement.set(element, key)
      this.rowObserver.observe(element)
      if (this.remember(key, element.offsetHeight)) changed = true
    }
    return changed
  }

  private reportVisible(): void {
    if (!this.options.onVisible) return
    const top = this.scroller.scrollTop
    const bottom = top + this.scroller.clientHeight
    let first: T | undefined
    let last: T | undefined
    for (const key of this.rendered) {
      const element = this.rows.get(key)!.element
      const y = element.offsetTop
      if (y + element.offsetHeight > top && y < bottom) {
        const item = this.items[this.indexOfKey.get(key)!]
        first ??= item
        last = item
      }
    }
    this.options.onVisible(first, last)
  }
}

/** The first row whose bottom edge is below `y`, by binary search over the row tops. */
function firstIndexAbove(tops: number[], y: number, count: number): number {
  let low = 0
  let high = count
  while (low < high) {
    const mid = (low + high) >> 1
    if (tops[mid + 1] <= y) low = mid + 1
    else high = mid
  }
  return low
}
