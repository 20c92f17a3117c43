/** The full-size photo viewer: shows the thumbnail at once, swaps in the full size when the host has it. */
import { h, icon } from '../dom'
import { isSafeImageUri } from '../render/uri'

export class Lightbox {
  private element: HTMLElement | undefined
  private restoreFocus: Element | null = null

  get isOpen(): boolean {
    return this.element !== undefined
  }

  open(thumbUri: string | undefined, full: Promise<string>, caption: string): void {
    this.close()
    this.restoreFocus = document.activeElement
    const image = h('img', { class: 'lightbox-image', attrs: { alt: caption || 'Photo' } })
    if (isSafeImageUri(thumbUri)) image.setAttribute('src', thumbUri)
    const close = h('button', { class: 'lightbox-close', attrs: { type: 'button', 'aria-label': 'Close', title: 'Close (Escape)' } }, icon('close'))
    const status = h('div', { class: 'lightbox-status', attrs: { role: 'status' } }, 'Loading full size…')
    const box = h(
      'div',
      { class: 'lightbox', attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Photo' } },
      close,
      h('figure', { class: 'lightbox-figure' }, image, caption ? h('figcaption', { attrs: { dir: 'auto' } }, caption) : null),
      status,
    )
    close.addEventListener('click', () => this.close())
    box.addEventListener('click', (event) => {
      if (event.target === box) this.close()
    })
    box.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation()
        this.close()
      } else if (event.key === 'Tab') {
        // The only control is Close: keep focus inside the dialog.
        event.preventDefault()
        close.focus()
      }
    })
    document.body.appendChild(box)
    this.element = box
    close.focus()
    full.then(
      (uri) => {
        if (this.element !== box) return
        if (isSafeImageUri(uri)) {
          image.setAttribute('src', uri)
          image.classList.add('full')
          status.remove()
        } else status.textContent = 'The full size is not available.'
      },
      () => {
        if (this.element === box) status.textContent = 'Could not load the full size.'
      },
    )
  }

  close(): void {
    if (!this.element) return
    this.element.remove()
    this.element = undefined
    if (this.restoreFocus instanceof HTMLElement) this.restoreFocus.focus()
  }
}
