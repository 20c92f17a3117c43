// The connection state a client reports for its home DC, against the sandbox: connecting and connected on the
// way up, reconnecting after a dropped connection and across a restart, offline (with the delay to the next
// attempt) when nothing answers, and disconnected at the end.
import assert from 'node:assert/strict'
import { createServer } from 'node:net'
import { describe, it } from 'node:test'
import type { ConnectionState, TelegramClient } from '../../extension/mtproto'
import { sandboxClient, sandboxPerFile } from './support'

/** Records a client's states and lets a test wait for one. */
class StateLog {
  readonly states: ConnectionState[] = []
  /** When each state was received (ms since the epoch). */
  readonly receivedAt: number[] = []
  private readonly waiters = new Set<() => void>()

  constructor(client: TelegramClient) {
    client.onConnectionState((state) => {
      this.states.push(state)
      this.receivedAt.push(Date.now())
      for (const wake of [...this.waiters]) wake()
    })
  }

  get kinds(): string[] {
    return this.states.map((state) => state.kind)
  }

  /** Resolves once a state of `kind` has been reported at index `from` or later; returns its index. */
  waitFor(kind: ConnectionState['kind'], from = 0): Promise<number> {
    return new Promise((resolve) => {
      const look = () => {
        const index = this.states.findIndex((state, i) => i >= from && state.kind === kind)
        if (index < 0) return
        this.waiters.delete(look)
        resolve(index)
      }
      this.waiters.add(look)
      look()
    })
  }
}

/** A localhost port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('connection state events', () => {
  const file = sandboxPerFile()

  /** A client pointed at a port nobody listens on, connecting until it reports offline. */
  async function untilOffline() {
    const port = await closedPort()
    const client = file.track(sandboxClient(file.sandbox, { dcs: [{ id: 1, host: '127.0.0.1', port }] }))
    const log = new StateLog(client)
    const connecting = client.connect()
    connecting.catch(() => {})
    return { client, log, connecting, offline: await log.waitFor('offline') }
  }

  it('goes connecting → connected on connect, and disconnected on disconnect', async () => {
    const client = file.track(sandboxClient(file.sandbox))
    const log = new StateLog(client)
    assert.equal(client.connectionState.kind, 'disconnected')
    await client.connect()
    assert.deepEqual(log.kinds, ['connecting', 'connected'])
    assert.equal(client.connectionState.kind, 'connected')
    await client.disconnect()
    assert.deepEqual(log.kinds, ['connecting', 'connected', 'disconnected'])
  })

  it('reports reconnecting at once when the server drops the connection, then connected again', async () => {
    const client = await file.signedIn('ada')
    const log = new StateLog(client)
    assert.ok(file.sandbox.control.dropConnections() > 0)
    const lost = await log.waitFor('reconnecting')
    await log.waitFor('connected', lost)
    const reconnecting = log.states[lost] as Extract<ConnectionState, { kind: 'reconnecting' }>
    assert.equal(reconnecting.delayMs, 0)
    assert.equal(reconnecting.attempt, 0)
    // The session still works on the new connection.
    assert.equal((await client.getMe()).first_name, 'Ada')
  })

  it('reports reconnecting across a sandbox restart and ends connected, with every wait announced', async () => {
    const client = await file.signedIn('grace')
    const log = new StateLog(client)
    const startedAt = Date.now()
    await file.sandbox.control.restart()
    const lost = await log.waitFor('reconnecting')
    const back = await log.waitFor('connected', lost)
    for (let i = lost; i < back; i++) {
      const state = log.states[i]!
      assert.ok(state.kind === 'reconnecting' || state.kind === 'offline', state.kind)
      // retryAt is `delayMs` after the moment the state was reported.
      const reportedAt = state.retryAt - state.delayMs
      assert.ok(reportedAt >= startedAt && reportedAt <= log.receivedAt[i]!, `${reportedAt} within [${startedAt}, ${log.receivedAt[i]}]`)
    }
    assert.equal((await client.getMe()).first_name, 'Grace')
  })

  it('turns offline after repeated failed attempts, telling the delay until the next one', async () => {
    const { client, log, connecting, offline } = await untilOffline()
    assert.deepEqual(log.kinds.slice(0, offline + 1), ['connecting', 'reconnecting', 'reconnecting', 'offline'])
    const attempts = log.states.slice(1, offline + 1) as Extract<ConnectionState, { kind: 'reconnecting' | 'offline' }>[]
    assert.deepEqual(attempts.map((state) => state.attempt), [1, 2, 3])
    for (const state of attempts) {
      assert.ok(state.delayMs >= 0 && Number.isFinite(state.delayMs))
      assert.match(state.reason, /ECONNREFUSED|refused|closed/i)
    }
    await client.disconnect()
    await assert.rejects(connecting)
    assert.equal(log.kinds.at(-1), 'disconnected')
  })

  it('reconnectNow ends the wait for the next attempt, announced as due now, and the attempt follows', async () => {
    const { client, log, connecting, offline } = await untilOffline()
    const waiting = log.states[offline] as Extract<ConnectionState, { kind: 'offline' }>
    client.reconnectNow()
    const woken = log.states[offline + 1] as Extract<ConnectionState, { kind: 'offline' }>
    assert.equal(woken.kind, 'offline')
    assert.equal(woken.delayMs, 0)
    assert.equal(woken.attempt, waiting.attempt)
    assert.ok(woken.retryAt <= waiting.retryAt)
    await log.waitFor('offline', offline + 2)
    assert.equal((log.states[offline + 2] as Extract<ConnectionState, { kind: 'offline' }>).attempt, waiting.attempt + 1)
    await client.disconnect()
    await assert.rejects(connecting)
  })
})
