/**
 * Starts code-server (VS Code 1.100 in the browser) around one isolated profile: its own HOME, TMPDIR,
 * user-data-dir and extensions-dir, with our .vsix installed. The end-to-end harness and `npm run demo`
 * both launch VS Code through this module; neither needs a browser to be started from here.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** Settings that keep the workbench quiet and predictable: nothing opens, asks, phones home or suggests. */
export const quietWorkbenchSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'chat.agent.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
}

/** The folders of one isolated VS Code profile, all under `root`. */
export interface Profile {
  root: string
  home: string
  tmpDir: string
  userDataDir: string
  extensionsDir: string
  workspaceDir: string
}

export interface ProfileOptions {
  /** Merged over `quietWorkbenchSettings` into the user's settings.json. */
  settings?: Record<string, unknown>
  /** Files to create in the workspace, by path relative to it. */
  workspaceFiles?: Record<string, string>
}

/** Creates the profile's folders, its user settings and its workspace files under `root`. */
export function createProfile(root: string, options: ProfileOptions = {}): Profile {
  const profile: Profile = {
    root,
    home: join(root, 'home'),
    tmpDir: join(root, 'tmp'),
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    workspaceDir: join(root, 'workspace'),
  }
  for (const dir of [profile.home, profile.tmpDir, join(profile.userDataDir, 'User'), profile.extensionsDir, profile.workspaceDir]) {
    mkdirSync(dir, { recursive: true })
  }
  const settings = { ...quietWorkbenchSettings, ...options.settings }
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n')
  for (const [path, text] of Object.entries(options.workspaceFiles ?? {})) {
    const file = join(profile.workspaceDir, path)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  return profile
}

/**
 * The environment code-server runs in: the caller's, minus anything that would tie it to another VS Code
 * (a `VSCODE_IPC_HOOK_CLI` from an integrated terminal makes the CLI drive that window instead), with the
 * profile's HOME and TMPDIR, plus `extra`.
 */
export function profileEnv(profile: Profile, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value
  }
  return {
    ...env,
    HOME: profile.home,
    TMPDIR: profile.tmpDir,
    XDG_CONFIG_HOME: join(profile.home, '.config'),
    XDG_DATA_HOME: join(profile.home, '.local', 'share'),
    XDG_CACHE_HOME: join(profile.home, '.cache'),
    ...extra,
  }
}

const codeServerEntry = join(dirname(createRequire(__filename).resolve('code-server/package.json')), 'out', 'node', 'entry.js')

export interface InstallOptions {
  /** Extra environment for the CLI. */
  env?: Record<string, string>
  /** Replace an installed copy of the same version, as a profile kept between runs (the demo's) needs. */
  force?: boolean
}

/** Installs a .vsix into the profile's extensions-dir with code-server's own CLI. */
export async function installExtension(profile: Profile, vsixPath: string, options: InstallOptions = {}): Promise<void> {
  const { env = {}, force = false } = options
  const args = ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsixPath]
  if (force) args.push('--force')
  const child = spawn(process.execPath, [codeServerEntry, ...args], { env: profileEnv(profile, env), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await exitCode(child)
  // The CLI reports some failures on stdout and still exits 0, so the success line is what counts.
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${code}):\n${output}`)
  }
}

/** An extension as recorded in the profile's extensions.json, which is what VS Code loads at start-up. */
export interface InstalledExtension {
  id: string
  version: string
}

export function installedExtensions(profile: Profile): InstalledExtension[] {
  const entries = JSON.parse(readFileSync(join(profile.extensionsDir, 'extensions.json'), 'utf8')) as {
    identifier: { id: string }
    version: string
  }[]
  return entries.map((entry) => ({ id: entry.identifier.id, version: entry.version }))
}

export interface LaunchOptions {
  /** A free port is picked when omitted. Reuse one to keep a browser's origin (and so its SecretStorage). */
  port?: number
  /** Added to code-server's environment, and so to the extension host's. */
  env?: Record<string, string>
  /** Where code-server's own output goes; discarded when omitted. */
  logFile?: string
  /** How long to wait for /healthz. */
  readyTimeoutMs?: number
}

export interface CodeServer {
  port: number
  /** The server's root URL, ending in a slash. */
  url: string
  /** The URL that opens the profile's workspace folder. */
  workspaceUrl: string
  /** Stops code-server and every helper process it started. Safe to call more than once. */
  stop(): Promise<void>
}

/**
 * Process groups still running. code-server runs in a session of its own, so neither the end of this
 * process nor a Ctrl+C in its terminal reaches it: they are killed here instead when this process exits or
 * is stopped by a signal without having stopped them.
 */
const runningGroups = new Set<number>()
const fatalSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

function track(group: number): void {
  if (runningGroups.size === 0) {
    process.on('exit', killRunningGroups)
    for (const signal of fatalSignals) process.on(signal, onFatalSignal)
  }
  runningGroups.add(group)
}

function untrack(group: number): boolean {
  if (!runningGroups.delete(group)) return false
  if (runningGroups.size === 0) removeCleanupListeners()
  return true
}

function killRunningGroups(): void {
  for (const group of runningGroups) killGroup(group, 'SIGKILL')
  runningGroups.clear()
}

function removeCleanupListeners(): void {
  process.removeListener('exit', killRunningGroups)
  for (const signal of fatalSignals) process.removeListener(signal, onFatalSignal)
}

function onFatalSignal(signal: NodeJS.Signals): void {
  killRunningGroups()
  removeCleanupListeners()
  // With nobody else listening, our listener suppressed the default action: die of the signal as intended.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

/**
 * Starts code-server for the profile and resolves once it answers /healthz. It runs under `setsid`, in a
 * process group of its own, because it starts helpers (extension host, pty host, file watcher) that must
 * all go when it stops.
 */
export async function launchCodeServer(profile: Profile, options: LaunchOptions = {}): Promise<CodeServer> {
  const port = options.port ?? (await freePort())
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    profile.workspaceDir,
  ]
  const log = options.logFile === undefined ? 'ignore' : openSync(options.logFile, 'a')
  // Spawned without `detached`, the child is not a group leader, so setsid makes a new group in place and
  // the child's pid is also the group's id.
  const child = spawn('setsid', [process.execPath, codeServerEntry, ...args], {
    env: profileEnv(profile, options.env),
    stdio: ['ignore', log, log],
  })
  if (typeof log === 'number') closeSync(log)
  const group = child.pid
  if (group === undefined) throw new Error('could not start code-server')
  track(group)
  const exited = exitCode(child)

  const url = `http://127.0.0.1:${port}/`
  const server: CodeServer = {
    port,
    url,
    workspaceUrl: `${url}?folder=${encodeURIComponent(profile.workspaceDir)}`,
    async stop() {
      if (untrack(group)) await stopGroup(group)
    },
  }
  try {
    await waitUntilHealthy(url, exited, options.readyTimeoutMs ?? 30_000)
  } catch (error) {
    await server.stop()
    throw error
  }
  return server
}

async function waitUntilHealthy(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitedWith: number | null | undefined
  void exited.then((code) => (exitedWith = code))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`code-server exited (code ${exitedWith}) before it was ready`)
    try {
      const response = await fetch(new URL('healthz', url))
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await sleep(100)
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs} ms`)
}

/** SIGTERM to the whole group, then SIGKILL to whatever is still there after a grace period. */
async function stopGroup(group: number): Promise<void> {
  killGroup(group, 'SIGTERM')
  const deadline = Date.now() + 5_000
  while (groupAlive(group) && Date.now() < deadline) await sleep(50)
  if (groupAlive(group)) killGroup(group, 'SIGKILL')
  while (groupAlive(group)) await sleep(20)
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal)
  } catch {
    // The group is already gone.
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0)
    return true
  } catch {
    return false
  }
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve(code))
  })
}

/** A port that was free a moment ago, picked by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
