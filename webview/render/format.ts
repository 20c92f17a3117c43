/** Numbers and dates as a person reads them, in the webview's locale. */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' })
const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })
const longDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' })
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })

const DAY = 86_400_000

export function startOfDay(ms: number): number {
  const date = new Date(ms)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/** The dialog list's time column: a time today, a weekday this week, a date before that. */
export function listTime(unixSeconds: number, now = Date.now()): string {
  const ms = unixSeconds * 1000
  const today = startOfDay(now)
  if (ms >= today) return timeFormat.format(ms)
  if (ms >= today - 6 * DAY) return weekdayFormat.format(ms)
  return shortDateFormat.format(ms)
}

export const messageTime = (unixSeconds: number): string => timeFormat.format(unixSeconds * 1000)
export const fullDateTime = (unixSeconds: number): string => fullFormat.format(unixSeconds * 1000)

/** The date separator in a chat. */
export function dayLabel(unixSeconds: number, now = Date.now()): string {
  const day = startOfDay(unixSeconds * 1000)
  const today = startOfDay(now)
  if (day === today) return 'Today'
  if (day === today - DAY) return 'Yesterday'
  return longDateFormat.format(day)
}

export function fileSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const m = Math.floor(s / 60)
  return `${m}:${String(s % 60).padStart(2, '0')}`
}

/** 1.2K, 3.4M: channel view counters. */
export function compactCount(count: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(count)
}
