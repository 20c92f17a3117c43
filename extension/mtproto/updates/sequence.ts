/**
 * The sequence rule Telegram applies to pts, qts and seq alike: an update that moves a counter from
 * `local` to `next` by `count` fits when local + count === next; a smaller sum means it was already
 * applied, a larger one that something in between is missing.
 */
export type SequenceVerdict = 'apply' | 'duplicate' | 'gap'

export function checkSequence(local: number, next: number, count: number): SequenceVerdict {
  const expected = local + count
  if (expected === next) return 'apply'
  return expected > next ? 'duplicate' : 'gap'
}
