/**
 * The terminal runner, `npx telegram-workbench`:
 *
 *   telegram-workbench run FILE.tlnb [--format json|stringify] [server flags] [--account NAME] [--allow-dangerous]
 *   telegram-workbench store-session [--account NAME] < session.txt
 *
 * Server flags: --server production|test|sandbox|custom, --sandbox-info FILE, --dc ID@HOST:PORT
 * (repeatable) with --rsa-key FILE.pem. The app's credentials come from --api-id/--api-hash or
 * TG_API_ID/TG_API_HASH (the sandbox takes any). Exit codes: 0 every cell succeeded, 1 a cell
 * failed, 2 the command line or the session is wrong.
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { resolveServer, type ServerProfile } from '../accounts/server-profile'
import type { DcAddress } from '../mtproto'
import { runNotebook, type PrintFormat } from './run-notebook'
import { findSession, SessionSourceError, storeSession } from './session-source'

const USAGE = `Usage:
  telegram-workbench run FILE.tlnb [options]     run a scratchpad's cells in order, print each result
  telegram-workbench store-session [--account NAME] < session.txt
                                                 keep a string session in the OS keychain

Options:
  --format json|stringify       how results are printed (default json)
  --account NAME                the keychain entry to use when TG_SESSION is not set (default "default")
  --server production|test|sandbox|custom
  --sandbox-info FILE           the sandbox's info.json (default test/sandbox/.run/info.json)
  --dc ID@HOST:PORT             a DC of a custom server (repeatable); with --rsa-key FILE.pem
  --api-id N --api-hash HASH    the app's credentials (or TG_API_ID, TG_API_HASH)
  --allow-dangerous             run methods that destroy data or sessions without asking
  --verbose                     log the connection to stderr

The session comes from TG_SESSION (a string session) or else from the OS keychain.`

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'json' },
      account: { type: 'string' },
      server: { type: 'string' },
      'sandbox-info': { type: 'string' },
      dc: { type: 'string', multiple: true },
      'rsa-key': { type: 'string' },
      'api-id': { type: 'string' },
      'api-hash': { type: 'string' },
      'allow-dangerous': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const [command, ...rest] = positionals
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`)
    return values.help ? 0 : 2
  }
  if (command === 'store-session') {
    await storeSession(await readStdin(), values.account)
    process.stderr.write(`Stored the session in the OS keychain as "${values.account ?? 'default'}".\n`)
    return 0
  }
  if (command !== 'run' || rest.length !== 1) throw new UsageError(`Unknown command line: ${positionals.join(' ')}`)
  if (values.format !== 'json' && values.format !== 'stringify') throw new UsageError(`--format is json or stringify, not ${values.format}`)

  const profile = await serverProfile(values)
  const sandbox = profile.kind === 'sandbox'
  const apiId = Number(values['api-id'] ?? process.env.TG_API_ID ?? (sandbox ? 1 : NaN))
  const apiHash = values['api-hash'] ?? process.env.TG_API_HASH ?? (sandbox ? 'sandbox' : undefined)
  if (!Number.isInteger(apiId) || apiId <= 0 || !apiHash) throw new UsageError('Give the app\'s credentials: --api-id and --api-hash, or TG_API_ID and TG_API_HASH.')

  const { session, source } = await findSession({ env: process.env, ...(values.account ? { keychainAccount: values.account } : {}) })
  if (values.verbose) process.stderr.write(`session from ${source}\n`)
  const ok = await runNotebook({
    file: rest[0]!,
    session,
    server: await resolveServer(profile),
    apiId,
    apiHash,
    format: values.format as PrintFormat,
    allowDangerous: values['allow-dangerous'] ?? false,
    verbose: values.verbose ?? false,
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  })
  return ok ? 0 : 1
}

async function serverProfile(values: { server?: string; 'sandbox-info'?: string; dc?: string[]; 'rsa-key'?: string }): Promise<ServerProfile> {
  const kind = values.server ?? (values['sandbox-info'] ? 'sandbox' : values.dc ? 'custom' : 'production')
  switch (kind) {
    case 'production':
    case 'test':
      return { kind }
    case 'sandbox':
      return { kind, infoFile: values['sandbox-info'] ?? 'test/sandbox/.run/info.json' }
    case 'custom': {
      if (!values.dc?.length || !values['rsa-key']) throw new UsageError('A custom server needs --dc ID@HOST:PORT and --rsa-key FILE.pem.')
      return { kind, dcs: values.dc.map(parseDc), rsaKeyPem: await readFile(values['rsa-key'], 'utf8') }
    }
    default:
      throw new UsageError(`--server is production, test, sandbox or custom, not ${kind}`)
  }
}

function parseDc(text: string): DcAddress {
  const match = /^(\d+)@(.+):(\d+)$/.exec(text)
  if (!match) throw new UsageError(`--dc is ID@HOST:PORT, as 2@127.0.0.1:4430, not ${text}`)
  return { id: Number(match[1]), host: match[2]!, port: Number(match[3]) }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    const known = error instanceof UsageError || error instanceof SessionSourceError || error.name === 'ServerProfileError' || error.name === 'NotebookFormatError'
    process.stderr.write(`telegram-workbench: ${known ? error.message : (error.stack ?? error.message)}\n`)
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`)
    process.exitCode = known ? 2 : 1
  },
)
