// Limits on what a message carries, as help.getConfig announces them: message_length_max and
// caption_length_max (UTF-16 units, as clients count), and entities that must lie inside the text.
import type { TlTypes } from '../../../../schema/codec/generated/types'
import { RpcError } from '../../rpc/rpc-error'

export const MESSAGE_LENGTH_MAX = 4096
export const CAPTION_LENGTH_MAX = 1024

export function checkMessageText(text: string, entities: readonly TlTypes['MessageEntity'][] = []): void {
  if (text.trim() === '') throw RpcError.badRequest('MESSAGE_EMPTY')
  if (text.length > MESSAGE_LENGTH_MAX) throw RpcError.badRequest('MESSAGE_TOO_LONG')
  checkEntities(text, entities)
}

export function checkCaption(text: string, entities: readonly TlTypes['MessageEntity'][] = []): void {
  if (text.length > CAPTION_LENGTH_MAX) throw RpcError.badRequest('MEDIA_CAPTION_TOO_LONG')
  checkEntities(text, entities)
}

function checkEntities(text: string, entities: readonly TlTypes['MessageEntity'][]): void {
  for (const entity of entities) {
    if (entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > text.length) {
      throw RpcError.badRequest('ENTITY_BOUNDS_INVALID')
    }
  }
}

/** Entities compared by value, for MESSAGE_NOT_MODIFIED. */
export function sameEntities(a: readonly TlTypes['MessageEntity'][], b: readonly TlTypes['MessageEntity'][]): boolean {
  const canonical = (list: readonly TlTypes['MessageEntity'][]) =>
    JSON.stringify(list, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
  return canonical(a) === canonical(b)
}
