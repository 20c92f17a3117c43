// Builds message text with entities from readable parts, counting offsets in UTF-16 code units as Telegram does.
import type { MessageEntity } from '../world'

export type Part =
  | string
  | { readonly bold: string }
  | { readonly italic: string }
  | { readonly code: string }
  | { readonly pre: string; readonly language: string }
  | { readonly mention: string }
  | { readonly url: string }
  | { readonly link: string; readonly href: string }

export interface Composed {
  readonly text: string
  readonly entities: MessageEntity[]
}

export function compose(...parts: readonly Part[]): Composed {
  let text = ''
  const entities: MessageEntity[] = []
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part
      continue
    }
    const offset = text.length
    if ('bold' in part) {
      text += part.bold
      entities.push({ _: 'messageEntityBold', offset, length: part.bold.length })
    } else if ('italic' in part) {
      text += part.italic
      entities.push({ _: 'messageEntityItalic', offset, length: part.italic.length })
    } else if ('code' in part) {
      text += part.code
      entities.push({ _: 'messageEntityCode', offset, length: part.code.length })
    } else if ('pre' in part) {
      text += part.pre
      entities.push({ _: 'messageEntityPre', offset, length: part.pre.length, language: part.language })
    } else if ('mention' in part) {
      text += part.mention
      entities.push({ _: 'messageEntityMention', offset, length: part.mention.length })
    } else if ('url' in part) {
      text += part.url
      entities.push({ _: 'messageEntityUrl', offset, length: part.url.length })
    } else {
      text += part.link
      entities.push({ _: 'messageEntityTextUrl', offset, length: part.link.length, url: part.href })
    }
  }
  return { text, entities }
}
