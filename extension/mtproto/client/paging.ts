/** A page size within 1..max (the server's cap for the method), `max` when not given. */
export function clampPage(size: number | undefined, max: number): number {
  return size === undefined ? max : Math.max(1, Math.min(max, Math.floor(size)))
}
