import type { TlTypes } from '../../../schema/codec/generated/types'

/** "First Last" for users, the title for chats and channels; empty when there is nothing to show. */
export function getDisplayName(entity: TlTypes['User'] | TlTypes['Chat']): string {
  switch (entity._) {
    case 'user':
      return [entity.first_name, entity.last_name].filter(Boolean).join(' ')
    case 'chat':
    case 'chatForbidden':
    case 'channel':
    case 'channelForbidden':
      return entity.title
    default:
      return ''
  }
}
