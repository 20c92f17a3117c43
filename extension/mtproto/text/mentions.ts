/**
 * Parsers produce `messageEntityMentionName` (a user id), but sending requires
 * `inputMessageEntityMentionName`, which names the user with this account's access hash.
 */
import type { TlTypes } from '../../../schema/codec/generated/types'
import type { MessageEntity } from './formatted-text'

/**
 * Replaces each mention by id with its sendable form, using `inputUser` (the entity cache) to find
 * the user. A mention whose user is unknown becomes a plain text link, so the text still sends.
 */
export function toSendableEntities(
  entities: readonly MessageEntity[],
  inputUser: (userId: bigint) => TlTypes['InputUser'] | undefined,
): MessageEntity[] {
  return entities.map((entity) => {
    if (entity._ !== 'messageEntityMentionName') return entity
    const user = inputUser(entity.user_id)
    const { offset, length } = entity
    return user
      ? { _: 'inputMessageEntityMentionName', offset, length, user_id: user }
      : { _: 'messageEntityTextUrl', offset, length, url: `tg://user?id=${entity.user_id}` }
  })
}
