/**
 * The folder the demo opens: a few files to try the extension on. They are written only when missing, so
 * whatever the visitor changes stays for the next run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const files: Record<string, string> = {
  'README.md': `# Telegram Workbench on the sandbox

This VS Code talks to a local MTProto server (the sandbox), not to Telegram. Things to try:

1. **Sign in.** Open the Telegram view (the chat icon in the activity bar) and sign in there with the phone
   number of one of the sandbox accounts the demo printed in its terminal, or run "Telegram: Sign In" from the
   Command Palette.
2. **Send code to a chat.** Open \`examples/fibonacci.py\`, select a few lines and run "Telegram: Send Selection
   to Chat".
3. **Read the TL reference.** Open \`examples/history.ts\` and hover over \`messages.getHistory\`, or run
   "Telegram: Search TL Reference".
`,
  'examples/history.ts': `import type { TelegramClient } from '../telegram-workbench'

/** The last messages of a chat, through a raw API call: hover the method name, or complete another one. */
export async function lastMessages(client: TelegramClient, limit = 20) {
  return client.invoke({
    _: 'messages.getHistory',
    peer: { _: 'inputPeerSelf' },
    offset_id: 0,
    offset_date: 0,
    add_offset: 0,
    limit,
    max_id: 0,
    min_id: 0,
    hash: 0n,
  })
}
`,
  'examples/fibonacci.py': `def fibonacci(n: int) -> list[int]:
    """The first n Fibonacci numbers."""
    numbers = [0, 1]
    while len(numbers) < n:
        numbers.append(numbers[-1] + numbers[-2])
    return numbers[:n]


if __name__ == "__main__":
    print(fibonacci(10))
`,
}

export function writeDemoWorkspace(dir: string): void {
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path)
    if (existsSync(file)) continue
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
}
