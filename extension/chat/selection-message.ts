/**
 * What "Send Selection to Chat" sends: the selected code as a `pre` block tagged with the editor's
 * language id, under a caption line naming the file and the lines. The caption never holds an
 * absolute path: it is the workspace-relative path, or only the file name when configured so (or when
 * the file is outside every workspace folder).
 *
 * Telegram counts a message's length in UTF-16 code units, as do the entity offsets, which is how
 * JavaScript strings measure too.
 */
import { MAX_MESSAGE_LENGTH, type MessageEntity } from '../mtproto'

export type CaptionPathStyle = 'relative' | 'fileName'

export interface Selection {
  text: string
  languageId: string
  /** The document's absolute path (file system), never sent as is. */
  filePath: string
  /** The workspace folder containing the file, when there is one. */
  workspaceFolder: string | undefined
  /** 1-based, inclusive. */
  startLine: number
  endLine: number
}

export type SelectionMessage =
  | { kind: 'text'; text: string; entities: MessageEntity[] }
  /** Too long for one message: send `content` as a file named `fileName`, with `caption` as its caption. */
  | { kind: 'file'; fileName: string; content: string; caption: string; captionEntities: MessageEntity[] }

export function captionFor(selection: Selection, style: CaptionPathStyle): string {
  const lines = selection.startLine === selection.endLine ? `line ${selection.startLine}` : `lines ${selection.startLine}–${selection.endLine}`
  return `${displayPath(selection.filePath, selection.workspaceFolder, style)}, ${lines}`
}

export function displayPath(filePath: string, workspaceFolder: string | undefined, style: CaptionPathStyle): string {
  const normalized = filePath.replace(/\\/g, '/')
  const fileName = normalized.slice(normalized.lastIndexOf('/') + 1)
  if (style === 'fileName' || workspaceFolder === undefined) return fileName
  const root = workspaceFolder.replace(/\\/g, '/').replace(/\/+$/, '') + '/'
  return normalized.startsWith(root) ? normalized.slice(root.length) : fileName
}

export function selectionMessage(selection: Selection, style: CaptionPathStyle): SelectionMessage {
  const caption = captionFor(selection, style)
  const code = selection.text.replace(/\r\n/g, '\n').replace(/\n+$/, '')
  const captionEntities: MessageEntity[] = [{ _: 'messageEntityItalic', offset: 0, length: caption.length }]
  const text = `${caption}\n${code}`
  if (text.length <= MAX_MESSAGE_LENGTH && code.length > 0) {
    return {
      kind: 'text',
      text,
      entities: [...captionEntities, { _: 'messageEntityPre', offset: caption.length + 1, length: code.length, language: selection.languageId }],
    }
  }
  return { kind: 'file', fileName: snippetFileName(selection), content: code + '\n', caption, captionEntities }
}

/** The file's own name, so the chat shows the right icon and the receiver can open it as is. */
function snippetFileName(selection: Selection): string {
  const normalized = selection.filePath.replace(/\\/g, '/')
  return normalized.slice(normalized.lastIndexOf('/') + 1) || 'selection.txt'
}
