/**
 * The demo's sandbox: `npm run sandbox` as a child process, exactly as a developer starts it by hand, with
 * its state kept under `--data` and its DCs on fixed ports. Fixed ports matter: the browser keeps the
 * session (DC address and auth key) between demo runs, and it must find the same DCs the next time.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { repoRoot } from '../e2e/vsix'

/** The parts of the info file (test/sandbox/main.ts) the demo prints. */
export interface SandboxInfo {
  dcs: { id: number; host: string; port: number }[]
  accounts: { phone: string; name: string; username: string; homeDc: number; loginCode: string; password?: string }[]
  controlUrl: string
  dataDir: string | null
}

export interface SandboxProcess {
  info: SandboxInfo
  /** A copy of the info file that only this demo writes, for the extension's sandbox server profile. */
  infoFile: string
  /** Stops the sandbox (it saves its state on the way out) and waits for it to exit. */
  stop(): Promise<void>
}

/** Where `npm run sandbox` writes what a client needs. */
const sharedInfoFile = join(repoRoot, 'test', 'sandbox', '.run', 'info.json')

export async function startSandboxProcess(options: { dataDir: string; firstPort: number; infoFile: string }): Promise<SandboxProcess> {
  const startedAt = Date.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/sandbox/main.ts', '--data', options.dataDir, '--port', String(options.firstPort)],
    // Its own output (DCs, accounts, login codes as they are sent) is part of the demo.
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stop = () => stopChild(child, exited)
  try {
    const info = await waitForInfo(options.dataDir, startedAt, exited)
    copyFileSync(sharedInfoFile, options.infoFile)
    return { info, infoFile: options.infoFile, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Waits until the sandbox has written an info file for this run: newer than the start, naming our data folder. */
async function waitForInfo(dataDir: string, startedAt: number, exited: Promise<number | null>): Promise<SandboxInfo> {
  let exitCode: number | null | undefined
  void exited.then((code) => (exitCode = code))
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the sandbox exited (code ${exitCode}) before it was ready; see its output above`)
    const info = readFreshInfo(startedAt)
    if (info?.dataDir === dataDir) return info
    await sleep(100)
  }
  throw new Error(`the sandbox wrote no ${sharedInfoFile} within a minute`)
}

function readFreshInfo(startedAt: number): SandboxInfo | undefined {
  try {
    if (statSync(sharedInfoFile).mtimeMs < startedAt) return undefined
    return JSON.parse(readFileSync(sharedInfoFile, 'utf8')) as SandboxInfo
  } catch {
    // Not written yet, or caught half-written.
    return undefined
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  const timeout = sleep(10_000).then(() => 'timeout' as const)
  if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL')
  await exited
}
