/**
 * The notebook "Telegram: New Scratchpad" opens: a few cells that walk through the seed docs' Full
 * API chapter in the cell syntax (a method, then its parameters as an object literal).
 */
import { type NotebookCell, type NotebookFile, TLNB_VERSION } from './format'

const markdown = (source: string): NotebookCell => ({ kind: 'markdown', language: 'markdown', source })
const request = (source: string): NotebookCell => ({ kind: 'code', language: 'tl-request', source })

export function newScratchpad(accountKind?: 'user' | 'bot'): NotebookFile {
  return {
    version: TLNB_VERSION,
    metadata: accountKind ? { accountKind } : {},
    cells: [
      markdown(
        '# Scratchpad\n\nEach cell calls raw API methods of the bundled layer, as the signed-in account. ' +
          'Hover a name for its documentation; run a cell to see the result as a tree, as JSON or as `stringify()` text. ' +
          'Results are numbered `$1`, `$2`, … in the order they arrive, and `$last` is the latest.',
      ),
      request('// Which data centers and limits does this account see?\nhelp.getConfig()'),
      request('// A long is written as a bigint literal; the answer is a Pong with the same ping_id.\nping({ ping_id: 48641868471n })'),
      request(
        '// Left-out offsets and the hash are sent as 0: Telegram reads that as "none yet".\nmessages.getHistory({ peer: "me", limit: 5 })',
      ),
      request('// Use a part of an earlier result.\nmessages.getMessages({ id: [{ _: "inputMessageID", id: $last.messages[0].id }] })'),
      markdown('Several calls in one cell go out together in one container. Add `// ordered` to have them run in the order written.'),
      request('// ordered\nmessages.sendMessage({ peer: "me", message: "Hello" })\nmessages.sendMessage({ peer: "me", message: "World" })'),
    ],
  }
}
