/**
 * Telling Telegram's TL from Teal, which also uses `.tl`: a TL schema has a `name#hex` definition
 * or a `---functions---` marker. Shared by the server's workspace scan and the extension, which
 * sets the language of a `.tl` document opened as something else.
 */
const DEFINITION_WITH_ID = /^[ \t]*[a-zA-Z][\w.]*#[0-9a-fA-F]{1,8}\b/m

export function looksLikeTelegramTl(text: string): boolean {
  return DEFINITION_WITH_ID.test(text) || text.includes('---functions---')
}
