/**
 * `npm run demo`: a real VS Code (code-server) in the browser with the extension installed and set to the
 * sandbox. It packages the extension, starts the sandbox with its state in `.demo/sandbox`, starts
 * code-server on a profile kept in `.demo/vscode`, and prints the URL. Ctrl+C stops everything.
 *
 * Options: --port N (code-server, default 8080), --sandbox-port N (the first DC, default 20441; the second takes the next port),
 * --fresh (forget the sandbox's state and the VS Code profile first).
 */
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createProfile, installExtension, launchCodeServer, type CodeServer } from '../e2e/launch'
import { packageExtension, repoRoot } from '../e2e/vsix'
import { startSandboxProcess, type SandboxInfo, type SandboxProcess } from './sandbox-process'
import { writeDemoWorkspace } from './workspace'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'sandbox-port': { type: 'string', default: '20441' },
    fresh: { type: 'boolean', default: false },
  },
})

const demoDir = join(repoRoot, '.demo')
const sandboxDataDir = join(demoDir, 'sandbox')
const sandboxInfoFile = join(demoDir, 'sandbox-info.json')
const vscodeDir = join(demoDir, 'vscode')

let sandbox: SandboxProcess | undefined
let codeServer: CodeServer | undefined
let stopping = false

async function main(): Promise<void> {
  const port = Number(values.port)
  const sandboxPort = Number(values['sandbox-port'])
  // The browser keeps SecretStorage per origin, and the session names the sandbox's DCs: both ports stay put
  // between runs, so a busy one is an error rather than a surprise sign-out.
  for (const [flag, value] of [['--port', port], ['--sandbox-port', sandboxPort], ['--sandbox-port', sandboxPort + 1]] as const) {
    if (!(await portIsFree(value))) throw new Error(`port ${value} is in use; pick another with ${flag} N`)
  }
  if (values.fresh) {
    for (const dir of [sandboxDataDir, vscodeDir]) rmSync(dir, { recursive: true, force: true })
  }

  step('1/3', 'building and packaging the extension')
  const vsix = packageExtension()

  step('2/3', `starting the sandbox (state in ${relative(sandboxDataDir)})`)
  sandbox = await startSandboxProcess({ dataDir: sandboxDataDir, firstPort: sandboxPort, infoFile: sandboxInfoFile })

  step('3/3', `starting VS Code (code-server, profile in ${relative(vscodeDir)})`)
  const profile = createProfile(vscodeDir, {
    settings: {
      'telegramWorkbench.server.profile': 'sandbox',
      'telegramWorkbench.server.sandboxInfoFile': sandboxInfoFile,
      'workbench.colorTheme': 'Default Dark Modern',
      // Opens the workspace's README.md, which says what to try.
      'workbench.startupEditor': 'readme',
    },
  })
  writeDemoWorkspace(profile.workspaceDir)
  await installExtension(profile, vsix, { force: true })
  codeServer = await launchCodeServer(profile, { port, logFile: join(demoDir, 'code-server.log') })

  printWelcome(codeServer.workspaceUrl, sandbox.info)
}

function printWelcome(url: string, info: SandboxInfo): void {
  // Ada is the demo account (her chats are the seeded ones); Grace shows the two-step password.
  const featured = info.accounts.filter((account) => ['ada_lovelace', 'grace_hopper'].includes(account.username))
  const lines = [
    '',
    'Telegram Workbench demo is running.',
    '',
    `  Open ${url}`,
    '',
    '  Open the Telegram view (the chat icon in the activity bar) and sign in with a sandbox account:',
    ...featured.map((account) => {
      const password = account.password ? `, then the 2FA password ${account.password}` : ''
      return `    ${account.name}: phone +${account.phone}, code ${account.loginCode}${password}`
    }),
    '  (the sandbox listed every account above; these are its own test accounts, not secrets)',
    '',
    `  code-server's log: ${relative(join(demoDir, 'code-server.log'))}`,
    '  Ctrl+C stops VS Code and the sandbox; `npm run demo -- --fresh` starts over.',
    '',
  ]
  console.log(lines.join('\n'))
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return
  stopping = true
  console.log('\nStopping VS Code and the sandbox…')
  await Promise.allSettled([codeServer?.stop(), sandbox?.stop()])
  process.exit(exitCode)
}

function step(counter: string, text: string): void {
  console.log(`[demo ${counter}] ${text}`)
}

function relative(path: string): string {
  return path.startsWith(repoRoot + '/') ? path.slice(repoRoot.length + 1) : path
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0))

main().catch((error: unknown) => {
  console.error(`\ndemo: ${error instanceof Error ? error.message : String(error)}`)
  void shutdown(1)
})
