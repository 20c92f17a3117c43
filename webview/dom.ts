/**
 * The one way the app builds DOM. Children that are strings become text nodes, so untrusted text can be passed
 * anywhere without escaping. Attributes are set by name from code-side constants; nothing here parses HTML.
 */

export type Child = Node | string | number | null | undefined | false

export interface Props {
  /** Space-separated class names, written in our code (never derived from untrusted text). */
  class?: string
  attrs?: Record<string, string | number | boolean | undefined>
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K]
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement
export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag)
  if (props?.class) element.className = props.class
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value === undefined || value === false) continue
      element.setAttribute(name, value === true ? '' : String(value))
    }
  }
  if (props?.on) {
    for (const [type, listener] of Object.entries(props.on)) element.addEventListener(type, listener as EventListener)
  }
  append(element, children)
  return element
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)))
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren()
  append(parent, children)
}

/** A codicon glyph; the names are ours, from @vscode/codicons. */
export function icon(name: string, label?: string): HTMLElement {
  const element = h('span', { class: `codicon codicon-${name}` })
  if (label) {
    element.setAttribute('role', 'img')
    element.setAttribute('aria-label', label)
  } else {
    element.setAttribute('aria-hidden', 'true')
  }
  return element
}

/** A toolkit button (`vscode-button`), with an optional codicon and an accessible label. */
export function button(
  label: string,
  onClick: () => void,
  options: { icon?: string; appearance?: 'primary' | 'secondary' | 'icon'; title?: string } = {},
): HTMLElement {
  const element = h('vscode-button', { attrs: { appearance: options.appearance ?? 'primary' } })
  if (options.appearance === 'icon') {
    element.setAttribute('aria-label', label)
    element.setAttribute('title', options.title ?? label)
    element.appendChild(icon(options.icon ?? 'circle'))
  } else {
    if (options.icon) {
      const glyph = icon(options.icon)
      glyph.setAttribute('slot', 'start')
      element.appendChild(glyph)
    }
    element.appendChild(document.createTextNode(label))
    if (options.title) element.setAttribute('title', options.title)
  }
  element.addEventListener('click', onClick)
  return element
}
