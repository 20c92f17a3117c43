/**
 * The sandbox in a child process, for soaks that measure the client's memory: the server's own state (accounts,
 * message boxes, update logs) then lives in another heap, and the two sides get a core each. The child is
 * sandbox-child.ts; the two talk over Node's IPC channel with the messages below.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

export interface SandboxAccountInfo {
  key: string
  phone: string
  loginCode: string
  id: string
}

export interface SandboxInfo {
  dcs: { id: number; host: string; port: number }[]
  rsaPublicKeyPem: string
  accounts: SandboxAccountInfo[]
}

/** What the stream is made of: `from` sends `to` messages in batches and then deletes each batch for both. */
export interface StreamRequest {
  /** Accounts as the control hook names them: phone ('+999...'), username or id. */
  from: string
  to: string
  messages: number
  /** Messages sent together, which the sandbox pushes as one `updates` container. */
  batch: number
  /** Messages the child may send beyond the last count of handled ones the parent reported (back-pressure). */
  window: number
}

export type ToChild = { type: 'stream'; request: StreamRequest } | { type: 'handled'; count: number } | { type: 'stop' }

export type FromChild =
  | { type: 'ready'; info: SandboxInfo }
  | { type: 'streamed'; sent: number; deleted: number }
  | { type: 'failed'; message: string }

export interface SandboxProcess {
  readonly info: SandboxInfo
  /** Streams the messages; resolves once the child has sent (and deleted) every one of them. */
  stream(request: StreamRequest): Promise<{ sent: number; deleted: number }>
  /** Tells the child how many messages the client has handled, opening the window for more. */
  reportHandled(count: number): void
  stop(): Promise<void>
}

const REPO_ROOT = join(__dirname, '../..')

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const child = fork(join(__dirname, 'sandbox-child.ts'), [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with ${code} before it was ready`)))
    child.once('message', (message: FromChild) => (message.type === 'ready' ? resolve(message.info) : reject(new Error(`unexpected ${message.type}`))))
  })
  child.removeAllListeners('exit')
  const send = (message: ToChild) => child.send(message)
  return {
    info,
    stream(request) {
      return new Promise((resolve, reject) => {
        const onMessage = (message: FromChild) => {
          if (message.type === 'streamed') resolve({ sent: message.sent, deleted: message.deleted })
          else if (message.type === 'failed') reject(new Error(`sandbox process: ${message.message}`))
          else return
          child.off('message', onMessage)
        }
        child.on('message', onMessage)
        send({ type: 'stream', request })
      })
    },
    reportHandled: (count) => send({ type: 'handled', count }),
    stop: () => stopChild(child),
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.send({ type: 'stop' } satisfies ToChild)
  })
}
