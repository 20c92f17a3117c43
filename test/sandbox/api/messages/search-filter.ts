// What messages.search matches: a text query (every word of it must start a word of the message) and a
// MessagesFilter over the media and entities a message carries.
import type { TlConstructors, TlTypes } from '../../../../schema/codec/generated/types'

type Message = TlConstructors['message']
type Filter = TlTypes['MessagesFilter']

/** Filters the sandbox understands; any other is refused with INPUT_FILTER_INVALID by the caller. */
const SUPPORTED_FILTERS = new Set<Filter['_']>([
  'inputMessagesFilterEmpty',
  'inputMessagesFilterPhotos',
  'inputMessagesFilterVideo',
  'inputMessagesFilterPhotoVideo',
  'inputMessagesFilterDocument',
  'inputMessagesFilterUrl',
  'inputMessagesFilterVoice',
  'inputMessagesFilterMusic',
  'inputMessagesFilterPinned',
  'inputMessagesFilterMyMentions',
])

export function isSupportedFilter(filter: Filter): boolean {
  return SUPPORTED_FILTERS.has(filter._)
}

export function matchesFilter(message: Message, filter: Filter): boolean {
  switch (filter._) {
    case 'inputMessagesFilterEmpty':
      return true
    case 'inputMessagesFilterPhotos':
      return message.media?._ === 'messageMediaPhoto'
    case 'inputMessagesFilterVideo':
      return documentKind(message) === 'video'
    case 'inputMessagesFilterPhotoVideo':
      return message.media?._ === 'messageMediaPhoto' || documentKind(message) === 'video'
    case 'inputMessagesFilterDocument':
      // Telegram's "Files" tab: documents sent as files, not voice notes, music, videos or stickers.
      return documentKind(message) === 'file'
    case 'inputMessagesFilterVoice':
      return documentKind(message) === 'voice'
    case 'inputMessagesFilterMusic':
      return documentKind(message) === 'music'
    case 'inputMessagesFilterUrl':
      return message.media?._ === 'messageMediaWebPage' ||
        (message.entities ?? []).some((entity) => entity._ === 'messageEntityUrl' || entity._ === 'messageEntityTextUrl')
    case 'inputMessagesFilterPinned':
      return message.pinned === true
    case 'inputMessagesFilterMyMentions':
      return message.mentioned === true
    default:
      return false
  }
}

type DocumentKind = 'file' | 'video' | 'voice' | 'music' | 'sticker' | 'animation'

function documentKind(message: Message): DocumentKind | undefined {
  const media = message.media
  if (media?._ !== 'messageMediaDocument' || media.document?._ !== 'document') return undefined
  let kind: DocumentKind = 'file'
  for (const attribute of media.document.attributes) {
    switch (attribute._) {
      case 'documentAttributeSticker':
        return 'sticker'
      case 'documentAttributeAnimated':
        return 'animation'
      case 'documentAttributeAudio':
        kind = attribute.voice ? 'voice' : 'music'
        break
      case 'documentAttributeVideo':
        kind = 'video'
        break
    }
  }
  return kind
}

const WORD = /[\p{L}\p{N}_]+/gu

/** Every word of the query must be the start of some word of the text, ignoring case, as Telegram's search. */
export function matchesQuery(text: string, query: string): boolean {
  const wanted = query.toLowerCase().match(WORD)
  if (!wanted) return true
  const words = text.toLowerCase().match(WORD) ?? []
  return wanted.every((prefix) => words.some((word) => word.startsWith(prefix)))
}
