// Telegram's offset_id pagination (core.telegram.org/api/offsets): a list ordered newest first is sliced at
// offsetFromID(offset_id) + add_offset, `limit` long, and only then narrowed by max_id and min_id.

export interface WindowItem {
  readonly id: number
  readonly date: number
}

export interface WindowRequest {
  readonly offset_id: number
  readonly offset_date: number
  readonly add_offset: number
  readonly limit: number
  readonly max_id: number
  readonly min_id: number
}

export interface Window<T> {
  readonly items: T[]
  /** Where the window starts in the whole list: messagesSlice.offset_id_offset, for clients' scroll bars. */
  readonly offsetIdOffset: number
}

/** The limit Telegram applies when a client asks for zero or a negative number of items. */
export const DEFAULT_LIMIT = 20
/** The most a history-like method returns in one call. */
export const MAX_LIMIT = 100

/**
 * Slices `newestFirst` the way messages.getHistory does. offsetFromID counts the items up to the one with
 * id offset_id inclusive, so add_offset 0 starts just below it and a negative add_offset reaches newer
 * items; offset_date, used when there is no offset_id, starts at the first item sent before that date.
 */
export function historyWindow<T extends WindowItem>(newestFirst: readonly T[], request: WindowRequest): Window<T> {
  const limit = request.limit > 0 ? Math.min(request.limit, MAX_LIMIT) : DEFAULT_LIMIT
  const start = offsetPosition(newestFirst, request) + request.add_offset
  const items = newestFirst
    .slice(Math.max(start, 0), Math.max(start + limit, 0))
    .filter((item) => (request.max_id <= 0 || item.id < request.max_id) && (request.min_id <= 0 || item.id > request.min_id))
  return { items, offsetIdOffset: Math.min(Math.max(start, 0), newestFirst.length) }
}

function offsetPosition(newestFirst: readonly WindowItem[], request: WindowRequest): number {
  if (request.offset_id > 0) return countWhile(newestFirst, (item) => item.id >= request.offset_id)
  if (request.offset_date > 0) return countWhile(newestFirst, (item) => item.date >= request.offset_date)
  return 0
}

function countWhile(list: readonly WindowItem[], predicate: (item: WindowItem) => boolean): number {
  let count = 0
  while (count < list.length && predicate(list[count]!)) count++
  return count
}
