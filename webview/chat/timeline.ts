/**
 * Turns a chat's loaded messages into the rows of its history: date separators between days, the unread
 * separator before the first unread incoming message, and sender headers at the start of each run of messages
 * from one person in groups.
 */
import type { MessageView } from '../protocol'
import { startOfDay } from '../render/format'

export type TimelineItem =
  | { kind: 'date'; key: string; date: number }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: MessageView; showSender: boolean; read: boolean }

/** Messages from one sender closer than this stay in one run, under one header. */
const RUN_GAP_SECONDS = 5 * 60

export interface TimelineOptions {
  /** Groups show sender names and avatars; private chats and channels do not. */
  showSenders: boolean
  readOutboxMaxId: number
  /** Where the unread separator goes: after this id (the read inbox max id when the chat was opened). */
  unreadAfterId?: number
}

/** `messages` sorted by id ascending. */
export function buildTimeline(messages: readonly MessageView[], options: TimelineOptions): TimelineItem[] {
  const items: TimelineItem[] = []
  let day = -1
  let previous: MessageView | undefined
  let unreadPlaced = options.unreadAfterId === undefined
  for (const message of messages) {
    const messageDay = startOfDay(message.date * 1000)
    if (messageDay !== day) {
      items.push({ kind: 'date', key: `d:${messageDay}`, date: message.date })
      day = messageDay
      previous = undefined
    }
    if (!unreadPlaced && !message.out && message.id > options.unreadAfterId!) {
      items.push({ kind: 'unread', key: 'unread' })
      unreadPlaced = true
      previous = undefined
    }
    const continuesRun =
      previous !== undefined &&
      !previous.service &&
      previous.senderId === message.senderId &&
      message.date - previous.date < RUN_GAP_SECONDS
    items.push({
      kind: 'message',
      key: `m:${message.id}`,
      message,
      showSender: options.showSenders && !message.out && !message.service && !continuesRun,
      read: message.out && message.id <= options.readOutboxMaxId,
    })
    previous = message
  }
  return items
}

/** Merges a page into the loaded messages: sorted by id, one copy of each id, the newer copy winning. */
export function mergeMessages(current: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  if (incoming.length === 0) return current.slice()
  const byId = new Map<number, MessageView>()
  for (const message of current) byId.set(message.id, message)
  for (const message of incoming) byId.set(message.id, message)
  return [...byId.values()].sort((a, b) => a.id - b.id)
}
