/**
 * Download progress by message, fed by the host's `media/progress` notifications. Media components that are
 * on screen subscribe to their message; a component whose row was scrolled out of the DOM is dropped on the
 * next notification instead of being tracked by hand.
 */
import type { DownloadProgress, PeerId } from '../protocol'

type Listener = (progress: DownloadProgress) => void

interface Subscription {
  element: Element
  listener: Listener
}

const keyOf = (peerId: PeerId, messageId: number) => `${peerId}:${messageId}`

export class Downloads {
  private readonly progress = new Map<string, DownloadProgress>()
  private readonly subscriptions = new Map<string, Subscription[]>()

  get(peerId: PeerId, messageId: number): DownloadProgress | undefined {
    return this.progress.get(keyOf(peerId, messageId))
  }

  /** `element` is the component's root: while it is connected, `listener` hears about this message. */
  subscribe(peerId: PeerId, messageId: number, element: Element, listener: Listener): void {
    const key = keyOf(peerId, messageId)
    const list = (this.subscriptions.get(key) ?? []).filter((s) => s.element.isConnected && s.element !== element)
    list.push({ element, listener })
    this.subscriptions.set(key, list)
  }

  update(progress: DownloadProgress): void {
    const key = keyOf(progress.peerId, progress.messageId)
    this.progress.set(key, progress)
    const live = (this.subscriptions.get(key) ?? []).filter((s) => s.element.isConnected)
    if (live.length) this.subscriptions.set(key, live)
    else this.subscriptions.delete(key)
    for (const subscription of live) subscription.listener(progress)
  }
}
