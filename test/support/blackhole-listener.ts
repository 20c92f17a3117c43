// A local port whose connection attempts hang, for connect-timeout tests. A child process listens with a
// backlog of 1 and then blocks its event loop, so nothing is ever accepted: once the kernel's accept queue is
// full (backlog + 1 connections on Linux), further SYNs are dropped and a connect waits until its timeout.

import { spawn, type ChildProcess } from 'node:child_process'
import { connect, type Socket } from 'node:net'

const CHILD = `
const net = require('node:net')
const server = net.createServer()
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n')
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
})
`

export interface BlackholeListener {
  readonly port: number
  close(): void
}

export async function startBlackholeListener(): Promise<BlackholeListener> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
  })
  // Fill the accept queue; these complete in the kernel although the child never accepts them.
  const fillers: Socket[] = []
  for (let i = 0; i < 4; i++) {
    const filler = connect({ host: '127.0.0.1', port })
    filler.on('error', () => {})
    fillers.push(filler)
  }
  await Promise.all(fillers.slice(0, 2).map((filler) => new Promise((resolve) => filler.once('connect', resolve))))
  return {
    port,
    close() {
      for (const filler of fillers) filler.destroy()
      child.kill()
    },
  }
}
