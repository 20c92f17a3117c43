/**
 * Peer avatars: the small profile photo the host downloads, shown over the blurry stripped preview that came
 * with the peer, or initials on a colour picked by the peer id when there is no photo. Only avatars near the
 * viewport ask the host for the photo.
 */
import { h } from '../dom'
import type { HostConnection } from '../host'
import type { PeerId, ProfilePhotoView } from '../protocol'
import type { LazyImages } from '../render/lazy-images'
import { avatarColorIndex, initials } from '../render/names'
import { isSafeImageUri } from '../render/uri'

export type AvatarSize = 'small' | 'medium'

export class Avatars {
  constructor(
    private readonly host: HostConnection,
    private readonly images: LazyImages,
  ) {}

  render(peerId: PeerId, name: string, photo: ProfilePhotoView | undefined, size: AvatarSize = 'medium'): HTMLElement {
    if (!photo) return initialsAvatar(peerId, name, size)
    const key = `peer:${peerId}:${photo.id}`
    const loaded = this.images.cached(key)
    if (loaded) return image(loaded, size)
    const element = isSafeImageUri(photo.previewUri) ? image(photo.previewUri, size, 'avatar-preview') : initialsAvatar(peerId, name, size)
    this.images.watch(
      element,
      key,
      () => this.host.request('peer/photo', { peerId, photoId: photo.id }).then((result) => result.uri),
      (uri) => element.replaceWith(image(uri, size)),
    )
    return element
  }
}

function image(uri: string, size: AvatarSize, extra = ''): HTMLElement {
  return h('img', { class: `avatar avatar-${size}${extra ? ` ${extra}` : ''}`, attrs: { src: uri, alt: '', draggable: 'false' } })
}

function initialsAvatar(peerId: PeerId, name: string, size: AvatarSize): HTMLElement {
  return h('span', { class: `avatar avatar-${size} avatar-color-${avatarColorIndex(peerId)}`, attrs: { 'aria-hidden': 'true' } }, initials(name))
}
