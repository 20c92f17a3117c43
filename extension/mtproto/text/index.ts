// Formatted text: markdown and HTML to message entities and back, with UTF-16 offsets as Telegram counts them.
export { parseMarkdown } from './markdown-parse'
export { toMarkdown } from './markdown-format'
export { parseHtml } from './html-parse'
export { toHtml } from './html-format'
export { toSendableEntities } from './mentions'
export { InvalidEntityError, type FormattedText, type MessageEntity } from './formatted-text'
