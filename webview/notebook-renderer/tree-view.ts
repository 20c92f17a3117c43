/**
 * The result tree: a WAI-ARIA tree of a TL object with a search box above it.
 *
 *   - each node shows its field name and its value; an object shows its constructor as its type;
 *   - longs are exact digits, bytes are hex with their length, dates carry their ISO form;
 *   - arrows move and open/close nodes, Home/End jump, Enter/Space toggle; one node is tabbable;
 *   - the search shows matching nodes with their ancestors (opened) and highlights the match.
 *
 * Everything from the result reaches the DOM as text nodes (textContent); no markup is ever parsed.
 */
import type { RenderNode, TlTreeOutput } from './render-data'

/** Nodes down to this level start open: the result, and the lists and objects directly in it. */
const OPEN_DEPTH = 2
/** Bytes shown inline; the length is always shown. */
const INLINE_BYTES = 32

interface TreeItem {
  element: HTMLLIElement
  twisty: HTMLSpanElement
  group?: HTMLUListElement
  parent?: TreeItem
  children: TreeItem[]
  /** Text pieces the search looks in and highlights, with their original text. */
  parts: { element: HTMLElement; text: string }[]
}

function span(document: Document, className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span')
  element.className = className
  element.textContent = text
  return element
}

export class TreeView {
  readonly element: HTMLDivElement
  private readonly items: TreeItem[] = []
  private readonly tree: HTMLUListElement
  private readonly search: HTMLInputElement
  private readonly count: HTMLSpanElement
  private matches: TreeItem[] = []
  private matchCursor = -1
  private active: TreeItem | undefined

  constructor(
    private readonly document: Document,
    output: TlTreeOutput,
  ) {
    this.element = document.createElement('div')
    this.element.className = 'tlnb-result'

    const toolbar = document.createElement('div')
    toolbar.className = 'tlnb-toolbar'
    if (output.binding || output.method) {
      toolbar.append(span(document, 'tlnb-binding', [output.binding, output.method].filter(Boolean).join(' = ')))
    }
    this.search = document.createElement('input')
    this.search.type = 'search'
    this.search.className = 'tlnb-search'
    this.search.placeholder = 'Search the result'
    this.search.setAttribute('aria-label', 'Search the result')
    this.count = span(document, 'tlnb-count', '')
    this.count.setAttribute('aria-live', 'polite')
    toolbar.append(this.search, this.count)

    this.tree = document.createElement('ul')
    this.tree.className = 'tlnb-tree'
    this.tree.setAttribute('role', 'tree')
    this.tree.setAttribute('aria-label', output.method ? `Result of ${output.method}` : 'Result')
    this.build(output.root, undefined, this.tree, undefined, 1)
    this.element.append(toolbar, this.tree)

    this.setActive(this.items[0])
    this.tree.addEventListener('keydown', (event) => this.onTreeKey(event))
    this.tree.addEventListener('click', (event) => this.onClick(event))
    this.search.addEventListener('input', () => this.applySearch(this.search.value))
    this.search.addEventListener('keydown', (event) => this.onSearchKey(event))
  }

  // ---- building

  private build(node: RenderNode, key: string | undefined, into: HTMLUListElement, parent: TreeItem | undefined, level: number): void {
    const document = this.document
    const element = document.createElement('li')
    element.className = 'tlnb-item'
    element.setAttribute('role', 'treeitem')
    element.setAttribute('aria-level', String(level))
    element.tabIndex = -1
    const row = document.createElement('div')
    row.className = 'tlnb-row'
    const twisty = span(document, 'tlnb-twisty', '')
    twisty.setAttribute('aria-hidden', 'true')
    row.append(twisty)
    const item: TreeItem = { element, twisty, children: [], parts: [] }
    if (parent) item.parent = parent
    const part = (className: string, text: string) => {
      const piece = span(document, className, text)
      item.parts.push({ element: piece, text })
      row.append(piece)
    }
    if (key !== undefined) {
      part('tlnb-key', key)
      row.append(document.createTextNode(': '))
    }
    this.describe(node, part)
    element.append(row)
    into.append(element)
    this.items.push(item)
    parent?.children.push(item)

    const children: [string, RenderNode][] =
      node.kind === 'object' ? node.fields.map((field) => [field.name, field.value]) : node.kind === 'list' ? node.items.map((value, i) => [`[${i}]`, value]) : []
    if (children.length > 0) {
      item.group = document.createElement('ul')
      item.group.setAttribute('role', 'group')
      element.append(item.group)
      for (const [childKey, child] of children) this.build(child, childKey, item.group, item, level + 1)
      this.setExpanded(item, level <= OPEN_DEPTH)
    }
  }

  /** The value part of a row. */
  private describe(node: RenderNode, part: (className: string, text: string) => void): void {
    switch (node.kind) {
      case 'object':
        part('tlnb-type', node.type)
        if (node.fields.length === 0) part('tlnb-note', '{}')
        return
      case 'list':
        part('tlnb-type', 'Vector')
        part('tlnb-note', `[${node.items.length}]`)
        return
      case 'int':
        part('tlnb-number', String(node.value))
        if (node.date) part('tlnb-note', node.date)
        return
      case 'long':
        part('tlnb-number', node.value)
        return
      case 'double':
        part('tlnb-number', String(node.value))
        return
      case 'string':
        part('tlnb-string', JSON.stringify(node.value))
        return
      case 'bytes': {
        const shown = node.hex.slice(0, INLINE_BYTES * 2)
        part('tlnb-bytes', shown.length < node.length * 2 ? `${shown}…` : shown)
        part('tlnb-note', `(${node.length} byte${node.length === 1 ? '' : 's'})`)
        return
      }
      case 'bool':
        part('tlnb-boolean', String(node.value))
        return
      case 'null':
        part('tlnb-null', 'null')
        return
    }
  }

  // ---- state

  private setExpanded(item: TreeItem, expanded: boolean): void {
    if (!item.group) return
    item.element.setAttribute('aria-expanded', String(expanded))
    item.twisty.textContent = expanded ? '▾' : '▸'
  }

  private isExpanded(item: TreeItem): boolean {
    return item.element.getAttribute('aria-expanded') === 'true'
  }

  private isShown(item: TreeItem): boolean {
    if (item.element.classList.contains('tlnb-hidden')) return false
    for (let parent = item.parent; parent; parent = parent.parent) {
      if (!this.isExpanded(parent) || parent.element.classList.contains('tlnb-hidden')) return false
    }
    return true
  }

  private setActive(item: TreeItem | undefined, focus = false): void {
    if (!item) return
    if (this.active) this.active.element.tabIndex = -1
    this.active = item
    item.element.tabIndex = 0
    if (focus) item.element.focus()
  }

  // ---- keyboard and mouse

  private onTreeKey(event: KeyboardEvent): void {
    const current = this.active
    if (!current) return
    const shown = this.items.filter((item) => this.isShown(item))
    const index = shown.indexOf(current)
    let next: TreeItem | undefined
    switch (event.key) {
      case 'ArrowDown':
        next = shown[index + 1]
        break
      case 'ArrowUp':
        next = shown[index - 1]
        break
      case 'Home':
        next = shown[0]
        break
      case 'End':
        next = shown.at(-1)
        break
      case 'ArrowRight':
        if (current.group && !this.isExpanded(current)) this.setExpanded(current, true)
        else next = current.children.find((child) => this.isShown(child))
        break
      case 'ArrowLeft':
        if (current.group && this.isExpanded(current)) this.setExpanded(current, false)
        else next = current.parent
        break
      case 'Enter':
      case ' ':
        this.setExpanded(current, !this.isExpanded(current))
        break
      default:
        return
    }
    event.preventDefault()
    if (next) this.setActive(next, true)
  }

  private onClick(event: MouseEvent): void {
    const element = (event.target as Element).closest('.tlnb-item')
    const item = this.items.find((candidate) => candidate.element === element)
    if (!item) return
    event.stopPropagation()
    this.setActive(item, true)
    this.setExpanded(item, !this.isExpanded(item))
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && this.matches.length > 0) {
      event.preventDefault()
      this.matchCursor = (this.matchCursor + (event.shiftKey ? this.matches.length - 1 : 1)) % this.matches.length
      this.setActive(this.matches[this.matchCursor], true)
    } else if (event.key === 'Escape') {
      this.search.value = ''
      this.applySearch('')
    }
  }

  // ---- search

  /** Shows the nodes whose text contains `query` (any case), their ancestors opened, and what is inside them. */
  applySearch(query: string): void {
    const needle = query.trim().toLowerCase()
    this.matches = []
    this.matchCursor = -1
    for (const item of this.items) {
      item.element.classList.remove('tlnb-hidden')
      for (const part of item.parts) this.highlight(part, needle)
    }
    if (!needle) {
      this.count.textContent = ''
      return
    }
    const visible = new Set<TreeItem>()
    for (const item of this.items) {
      if (!item.parts.some((part) => part.text.toLowerCase().includes(needle))) continue
      this.matches.push(item)
      visible.add(item)
      for (let parent = item.parent; parent; parent = parent.parent) {
        visible.add(parent)
        this.setExpanded(parent, true)
      }
    }
    for (const item of this.items) {
      let inside = false
      for (let parent = item.parent; parent && !inside; parent = parent.parent) inside = this.matches.includes(parent)
      if (!visible.has(item) && !inside) item.element.classList.add('tlnb-hidden')
    }
    this.count.textContent = this.matches.length === 1 ? '1 match' : `${this.matches.length} matches`
    if (this.active && !this.isShown(this.active)) this.setActive(this.matches[0])
  }

  private highlight(part: { element: HTMLElement; text: string }, needle: string): void {
    const { element, text } = part
    if (!needle) {
      element.textContent = text
      return
    }
    const lower = text.toLowerCase()
    const pieces: Node[] = []
    let from = 0
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      if (at > from) pieces.push(this.document.createTextNode(text.slice(from, at)))
      const mark = this.document.createElement('mark')
      mark.className = 'tlnb-match'
      mark.textContent = text.slice(at, at + needle.length)
      pieces.push(mark)
      from = at + needle.length
    }
    if (from < text.length) pieces.push(this.document.createTextNode(text.slice(from)))
    element.replaceChildren(...pieces)
  }
}
