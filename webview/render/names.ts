/**
 * Names, titles and file names are untrusted and shown in a line of their own, where a bidi override
 * (U+202E…) could make "exe.txt" read as "txt.exe" or spill into the timestamp next to it, and zero-width
 * characters could make two different names look the same. Names lose those characters and are isolated.
 */
import { h } from '../dom'

// Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), marks (U+200E, U+200F, U+061C),
// zero-width and invisible formatting characters (U+200B-200D, U+2060-2064, U+FEFF, U+180E, U+00AD),
// and the Hangul fillers that render as blanks.
const invisible = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060-\u2064\uFEFF\u180E\u00AD\u3164\u115F\u1160\uFFA0]/g
const controls = /[\u0000-\u001F\u007F-\u009F]/g

/** A name reduced to the characters a reader can see, one line, bounded in length. */
export function cleanName(name: string, maxLength = 128): string {
  const cleaned = name.replace(invisible, '').replace(controls, ' ').replace(/\s+/g, ' ').trim()
  const clipped = cleaned.length > maxLength ? `${cleaned.slice(0, maxLength - 1)}…` : cleaned
  return clipped || '\u2205'
}

/** A name as an isolated `<bdi>`, so right-to-left names cannot reorder what surrounds them. */
export function nameElement(name: string, className = 'name'): HTMLElement {
  return h('bdi', { class: className }, cleanName(name))
}

/** One or two letters for an avatar without a photo. */
export function initials(name: string): string {
  const words = cleanName(name).split(' ').filter((word) => /[\p{L}\p{N}]/u.test(word))
  const letters = words.slice(0, 2).map((word) => [...word.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
  return letters.join('').toUpperCase() || '?'
}

/** Eight palette slots (classes `avatar-color-0…7`, coloured by theme variables), picked by the peer id. */
export function avatarColorIndex(peerId: string): number {
  let hash = 0
  for (let i = 0; i < peerId.length; i++) hash = (hash * 31 + peerId.charCodeAt(i)) | 0
  return Math.abs(hash) % 8
}
