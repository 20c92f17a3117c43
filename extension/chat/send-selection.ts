/** Delivers a SelectionMessage through the client: a formatted text message, or a document when too long. */
import type { EntityLike, Message, TelegramClient } from '../mtproto'
import type { SelectionMessage } from './selection-message'

export async function sendSelectionMessage(
  client: TelegramClient,
  peer: EntityLike,
  message: SelectionMessage,
  options: { signal?: AbortSignal } = {},
): Promise<Message> {
  if (message.kind === 'text') return client.sendMessage(peer, message.text, { entities: message.entities, linkPreview: false })
  return client.sendFile(peer, Buffer.from(message.content, 'utf8'), {
    fileName: message.fileName,
    caption: message.caption,
    entities: message.captionEntities,
    forceDocument: true,
    mimeType: 'text/plain',
    ...(options.signal ? { signal: options.signal } : {}),
  })
}
