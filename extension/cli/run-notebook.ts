/**
 * `telegram-workbench run FILE.tlnb`: the notebook's code cells, in order, against one account, each
 * result printed to stdout as JSON (one line per result) or in Telethon's stringify() form. Progress and errors go to
 * stderr, so stdout can be piped. The first cell that fails stops the run, as in the editor.
 */
import { readFile } from 'node:fs/promises'
import { TelegramClient, type DcAddress, type RsaPublicKey, type Session } from '../mtproto'
import { deserialize } from '../notebook/format'
import { ERROR_MIME, JSON_MIME, TEXT_MIME } from '../notebook/outputs'
import { ResultStore } from '../notebook/results'
import { runCell, scratchpadClient, type CellRun } from '../notebook/run-cell'

export type PrintFormat = 'json' | 'stringify'

export interface RunNotebookOptions {
  file: string
  session: Session
  server: { dcs: readonly DcAddress[]; rsaKeys: readonly (RsaPublicKey | string)[] }
  apiId: number
  apiHash: string
  format: PrintFormat
  /** Run dangerous methods without asking; without it, a cell that calls one fails. */
  allowDangerous: boolean
  stdout: (text: string) => void
  stderr: (text: string) => void
  verbose?: boolean
}

/** Runs the notebook; resolves to true when every cell succeeded. */
export async function runNotebook(options: RunNotebookOptions): Promise<boolean> {
  const notebook = deserialize(await readFile(options.file))
  const client = new TelegramClient({
    apiId: options.apiId,
    apiHash: options.apiHash,
    session: options.session,
    dcs: options.server.dcs,
    rsaKeys: options.server.rsaKeys,
    device: { appVersion: 'Telegram Workbench CLI', deviceModel: 'Node.js', systemVersion: `Node ${process.versions.node}` },
    logger: (level, message) => {
      if (options.verbose || level === 'error') options.stderr(`${level}: ${message}`)
    },
  })
  await client.connect()
  try {
    const me = await client.getMe()
    const account = [me.first_name, me.last_name].filter(Boolean).join(' ') || (me.username ? `@${me.username}` : String(me.id))
    const results = new ResultStore()
    const cells = notebook.cells.filter((cell) => cell.kind === 'code' && cell.language === 'tl-request')
    for (const [index, cell] of cells.entries()) {
      const run = await runCell(cell.source, {
        client: scratchpadClient(client),
        results,
        account,
        accountKind: me.bot ? 'bot' : 'user',
        confirm: async () => options.allowDangerous,
      })
      if (!print(run, index + 1, options)) return false
    }
    return true
  } finally {
    await client.disconnect()
  }
}

/** Prints one cell's outcome; false when it failed. */
function print(run: CellRun, cellNumber: number, options: RunNotebookOptions): boolean {
  if (run.status === 'empty') return true
  const mime = options.format === 'json' ? JSON_MIME : TEXT_MIME
  for (const output of run.outputs) {
    const error = output.items.find((item) => item.mime === ERROR_MIME)
    if (error) {
      const { name, message } = JSON.parse(error.data) as { name: string; message: string }
      options.stderr(`cell ${cellNumber}: ${name}\n${message}`)
      continue
    }
    const binding = output.metadata?.binding
    options.stderr(`cell ${cellNumber}${typeof binding === 'string' ? `: ${binding}` : ''}`)
    const item = output.items.find((candidate) => candidate.mime === mime)
    // JSON goes out one result per line, for jq and line-based tools.
    if (item) options.stdout(options.format === 'json' ? JSON.stringify(JSON.parse(item.data)) : item.data)
  }
  if (run.status === 'declined') options.stderr('Pass --allow-dangerous to run methods that destroy data or sessions.')
  return run.status === 'done' && run.ok
}
