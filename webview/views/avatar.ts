/** A peer's avatar: its small photo when the host has one, else initials on a colour picked by the peer id. */
import { h } from '../dom'
import { avatarColorIndex, initials } from '../render/names'
import { isSafeImageUri } from '../render/uri'

export function avatar(peerId: string, name: string, photoUri: string | undefined, size: 'small' | 'medium' = 'medium'): HTMLElement {
  if (isSafeImageUri(photoUri)) {
    return h('img', { class: `avatar avatar-${size}`, attrs: { src: photoUri, alt: '', draggable: 'false' } })
  }
  return h('span', { class: `avatar avatar-${size} avatar-color-${avatarColorIndex(peerId)}`, attrs: { 'aria-hidden': 'true' } }, initials(name))
}
