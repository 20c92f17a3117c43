/** Draws one row of a chat's history: a message, a service message, a date or the unread separator. */
import { h, icon } from '../dom'
import type { MessageView, PeerKind, ServiceAction, UserView } from '../protocol'
import { renderText, type EntityActions } from '../render/entities'
import { compactCount, dayLabel, fullDateTime, messageTime } from '../render/format'
import { cleanName, nameElement } from '../render/names'
import type { Avatars } from '../views/avatar'
import type { Downloads } from './downloads'
import { renderMedia, type MediaActions } from './media'
import type { TimelineItem } from './timeline'

export interface RowContext {
  chatKind: PeerKind
  users: ReadonlyMap<string, UserView>
  avatars: Avatars
  downloads: Downloads
  entityActions: EntityActions
  mediaActions: MediaActions
  jumpTo(messageId: number): void
  openMenu(message: MessageView, anchor: { x: number; y: number }): void
  pressButton(message: MessageView, row: number, column: number): void
}

export function renderRow(item: TimelineItem, context: RowContext): HTMLElement {
  switch (item.kind) {
    case 'date':
      return h('div', { class: 'row date-separator', attrs: { role: 'separator' } }, h('span', null, dayLabel(item.date)))
    case 'unread':
      return h('div', { class: 'row unread-separator', attrs: { role: 'separator' } }, h('span', null, 'Unread messages'))
    case 'message':
      return item.message.service ? serviceRow(item.message, item.message.service, context) : messageRow(item, context)
  }
}

function senderName(message: MessageView, context: RowContext): string {
  return context.users.get(message.senderId ?? '')?.name ?? 'Unknown'
}

export function describeService(action: ServiceAction, actor: string, users: ReadonlyMap<string, UserView>): string {
  const name = (id: string) => cleanName(users.get(id)?.name ?? 'Someone')
  switch (action.type) {
    case 'chatCreated':
      return `${actor} created the group “${cleanName(action.title)}”`
    case 'usersJoined':
      return `${action.userIds.map(name).join(', ')} joined the group`
    case 'userLeft':
      return `${name(action.userId)} left the group`
    case 'joinedByLink':
      return `${actor} joined the group via invite link`
    case 'titleChanged':
      return `${actor} changed the group name to “${cleanName(action.title)}”`
    case 'photoChanged':
      return `${actor} changed the group photo`
    case 'pinned':
      return `${actor} pinned a message`
    case 'other':
      return cleanName(action.label)
  }
}

function serviceRow(message: MessageView, action: ServiceAction, context: RowContext): HTMLElement {
  const text = describeService(action, cleanName(senderName(message, context)), context.users)
  const pill = h('span', { attrs: { dir: 'auto' } }, text)
  if (action.type === 'pinned') {
    pill.classList.add('clickable')
    pill.addEventListener('click', () => context.jumpTo(action.messageId))
  }
  return h('div', { class: 'row service', attrs: { role: 'listitem' } }, pill)
}

function messageRow(item: Extract<TimelineItem, { kind: 'message' }>, context: RowContext): HTMLElement {
  const { message } = item
  const isGroup = context.chatKind === 'group'
  const name = senderName(message, context)
  const bubble = h('div', { class: 'bubble' })

  if (item.showSender) bubble.appendChild(h('div', { class: 'sender' }, nameElement(name)))
  if (message.forward) {
    bubble.appendChild(h('div', { class: 'forwarded' }, icon('forward'), ' Forwarded from ', nameElement(message.forward.fromName)))
  }
  if (message.replyTo) {
    const reply = message.replyTo
    const quote = h(
      'button',
      { class: 'reply-quote', attrs: { type: 'button', 'aria-label': 'Go to the replied message' } },
      h('span', { class: 'reply-name' }, nameElement(reply.senderName ?? 'Message')),
      h('span', { class: 'reply-snippet', attrs: { dir: 'auto' } }, cleanName(reply.snippet || 'Message', 120)),
    )
    quote.addEventListener('click', (event) => {
      event.stopPropagation()
      context.jumpTo(reply.messageId)
    })
    bubble.appendChild(quote)
  }
  if (message.media) bubble.appendChild(renderMedia(message, message.media, context.downloads, context.mediaActions))
  if (message.text) {
    const text = h('div', { class: 'text', attrs: { dir: 'auto' } })
    text.appendChild(renderText(message.text, message.entities, context.entityActions))
    bubble.appendChild(text)
  }
  if (message.buttons?.length) bubble.appendChild(keyboard(message, context))
  // Formatting a full date is slow; a row needs it twice (its label and the time's tooltip).
  const sentAt = fullDateTime(message.date)
  bubble.appendChild(meta(message, item.read, context.chatKind, sentAt))

  const row = h('div', {
    class: `row message ${message.out ? 'out' : 'in'}${item.showSender ? ' run-start' : ''}${isGroup ? ' in-group' : ''}`,
    attrs: { role: 'listitem', tabindex: '-1', 'aria-label': `${message.out ? 'You' : cleanName(name)}, ${sentAt}` },
  })
  if (isGroup && !message.out) {
    const senderId = message.senderId ?? ''
    row.appendChild(item.showSender ? context.avatars.render(senderId, name, context.users.get(senderId)?.photo, 'small') : h('span', { class: 'avatar-gap' }))
  }
  row.appendChild(bubble)
  row.addEventListener('contextmenu', (event) => {
    event.preventDefault()
    context.openMenu(message, { x: event.clientX, y: event.clientY })
  })
  row.addEventListener('keydown', (event) => {
    if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault()
      const box = row.getBoundingClientRect()
      context.openMenu(message, { x: box.left + 24, y: box.top + 12 })
    }
  })
  return row
}

function meta(message: MessageView, read: boolean, chatKind: PeerKind, sentAt: string): HTMLElement {
  const parts = h('div', { class: 'meta' })
  if (message.editDate) parts.appendChild(h('span', { class: 'edited', attrs: { title: `Edited ${fullDateTime(message.editDate)}` } }, 'edited'))
  if (chatKind === 'channel' && message.views !== undefined) {
    parts.appendChild(h('span', { class: 'views', attrs: { title: `${message.views} views` } }, icon('eye'), ` ${compactCount(message.views)}`))
  }
  if (message.signature) parts.appendChild(nameElement(message.signature, 'signature'))
  parts.appendChild(h('time', { attrs: { title: sentAt } }, messageTime(message.date)))
  if (message.out) parts.appendChild(icon(read ? 'check-all' : 'check', read ? 'Read' : 'Sent'))
  return parts
}

function keyboard(message: MessageView, context: RowContext): HTMLElement {
  const rows = h('div', { class: 'bot-keyboard' })
  message.buttons!.slice(0, 20).forEach((buttons, rowIndex) => {
    const line = h('div', { class: 'bot-row' })
    buttons.slice(0, 8).forEach((button, column) => {
      const element = h('button', { class: 'bot-button', attrs: { type: 'button' } }, cleanName(button.text, 64))
      if (button.action.type === 'url') {
        element.setAttribute('title', button.action.url.slice(0, 2048))
        element.appendChild(icon('link-external'))
      }
      element.addEventListener('click', (event) => {
        event.stopPropagation()
        context.pressButton(message, rowIndex, column)
      })
      line.appendChild(element)
    })
    rows.appendChild(line)
  })
  return rows
}

/** A rough height before a row is measured, so the scrollbar is about right for rows never shown. */
export function estimateRowHeight(item: TimelineItem): number {
  if (item.kind !== 'message') return 32
  const message = item.message
  if (message.service) return 32
  let height = 34 + (item.showSender ? 18 : 0) + (message.replyTo ? 40 : 0) + (message.forward ? 18 : 0)
  height += Math.ceil(message.text.length / 42) * 19
  if (message.media) height += message.media.kind === 'photo' || message.media.kind === 'video' ? 220 : 56
  return height
}
