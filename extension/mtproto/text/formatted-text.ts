/**
 * Text with message entities, and the checks the formatters run on entities that come from elsewhere
 * (the server, a user's script): offsets are UTF-16 code units, as in JavaScript strings and in
 * Telegram's API, so a boundary must not fall between the two halves of a surrogate pair.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'

export type MessageEntity = TlTypes['MessageEntity']

export interface FormattedText {
  text: string
  entities: MessageEntity[]
}

export class InvalidEntityError extends RangeError {
  override readonly name = 'InvalidEntityError'
  constructor(
    /** The position of the offending entity in the list given. */
    readonly index: number,
    readonly entity: MessageEntity,
    reason: string,
  ) {
    super(`entity #${index} (${entity._} at ${entity.offset}+${entity.length}) ${reason}`)
  }
}

/** Throws InvalidEntityError for an entity that does not fit `text`; returns the non-empty ones. */
export function checkEntities(text: string, entities: readonly MessageEntity[]): MessageEntity[] {
  const valid: MessageEntity[] = []
  entities.forEach((entity, index) => {
    const { offset, length } = entity
    if (!Number.isInteger(offset) || !Number.isInteger(length)) throw new InvalidEntityError(index, entity, 'has a non-integer offset or length')
    if (offset < 0 || length < 0) throw new InvalidEntityError(index, entity, 'has a negative offset or length')
    if (offset + length > text.length) throw new InvalidEntityError(index, entity, `ends past the text (${text.length} UTF-16 units)`)
    if (splitsSurrogatePair(text, offset) || splitsSurrogatePair(text, offset + length)) {
      throw new InvalidEntityError(index, entity, 'splits a surrogate pair')
    }
    if (length > 0) valid.push(entity)
  })
  return valid
}

export function splitsSurrogatePair(text: string, position: number): boolean {
  if (position <= 0 || position >= text.length) return false
  const before = text.charCodeAt(position - 1)
  const after = text.charCodeAt(position)
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff
}

/**
 * Widens entities whose start or end falls inside a surrogate pair to the whole character. Parsed markup can
 * produce such a boundary: a tag between a lone high and a lone low surrogate (`\ud800<b>\udc00`) vanishes
 * and the halves join into one character, with the entity starting in its middle.
 */
export function widenToCodePoints(text: string, entities: MessageEntity[]): MessageEntity[] {
  for (const entity of entities) {
    if (splitsSurrogatePair(text, entity.offset)) {
      entity.offset--
      entity.length++
    }
    if (splitsSurrogatePair(text, entity.offset + entity.length)) entity.length++
  }
  return entities
}

/** Outer entities first: by offset, then longer before shorter. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length)
}

/** The entity a link target stands for: a mention, a custom emoji, or a plain text link. */
export function linkEntity(url: string, offset: number, length: number): MessageEntity {
  const mention = /^tg:\/\/user\?id=(\d{1,19})$/i.exec(url)
  if (mention) return { _: 'messageEntityMentionName', offset, length, user_id: BigInt(mention[1]) }
  // Document ids are 64-bit; they are written unsigned and stored as TL's signed long.
  const emoji = /^(?:tg:\/\/emoji\?id=|emoji\/)(\d{1,20})$/i.exec(url)
  if (emoji && BigInt(emoji[1]) < 1n << 64n) return { _: 'messageEntityCustomEmoji', offset, length, document_id: BigInt.asIntN(64, BigInt(emoji[1])) }
  return { _: 'messageEntityTextUrl', offset, length, url }
}

/** The user id of a mention entity, in either its received or its sendable form. */
export function mentionedUserId(entity: MessageEntity): bigint | undefined {
  if (entity._ === 'messageEntityMentionName') return entity.user_id
  if (entity._ === 'inputMessageEntityMentionName' && 'user_id' in entity.user_id) return entity.user_id.user_id
  return undefined
}
