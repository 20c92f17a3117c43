/** A small keyboard-navigable context menu (role=menu), closed by Escape, a click elsewhere, or a choice. */
import { h, icon } from '../dom'

export interface MenuItem {
  label: string
  icon: string
  run(): void
  danger?: boolean
}

let open: { element: HTMLElement; restoreFocus: Element | null; onClose: (event: Event) => void } | undefined

export function closeMenu(): void {
  if (!open) return
  const { element, restoreFocus, onClose } = open
  open = undefined
  element.remove()
  document.removeEventListener('mousedown', onClose, true)
  if (restoreFocus instanceof HTMLElement) restoreFocus.focus()
}

export function showMenu(items: MenuItem[], at: { x: number; y: number }, label: string): void {
  closeMenu()
  const menu = h('div', { class: 'context-menu', attrs: { role: 'menu', 'aria-label': label } })
  const entries = items.map((item) => {
    const entry = h('div', { class: `menu-item${item.danger ? ' danger' : ''}`, attrs: { role: 'menuitem', tabindex: '-1' } }, icon(item.icon), item.label)
    entry.addEventListener('click', () => {
      closeMenu()
      item.run()
    })
    menu.appendChild(entry)
    return entry
  })
  menu.addEventListener('keydown', (event) => {
    const index = entries.indexOf(document.activeElement as HTMLDivElement)
    if (event.key === 'ArrowDown') entries[(index + 1) % entries.length].focus()
    else if (event.key === 'ArrowUp') entries[(index - 1 + entries.length) % entries.length].focus()
    else if (event.key === 'Enter' || event.key === ' ') (document.activeElement as HTMLElement).click()
    else if (event.key === 'Escape') closeMenu()
    else return
    event.preventDefault()
    event.stopPropagation()
  })
  const onClose = (event: Event) => {
    if (!menu.contains(event.target as Node)) closeMenu()
  }
  open = { element: menu, restoreFocus: document.activeElement, onClose }
  document.body.appendChild(menu)
  // Keep the menu inside the viewport.
  const box = menu.getBoundingClientRect()
  menu.style.left = `${Math.max(4, Math.min(at.x, window.innerWidth - box.width - 4))}px`
  menu.style.top = `${Math.max(4, Math.min(at.y, window.innerHeight - box.height - 4))}px`
  document.addEventListener('mousedown', onClose, true)
  entries[0]?.focus()
}
