/**
 * The memory of a long-lived client receiving updates: Ada signed in to the in-process sandbox, a NewMessage
 * handler registered, and 100,000 updates fed through the same road the network layer's onUpdate takes (entity
 * cache, then the raw update stream, then the update machine and the handlers). Fed directly rather than through
 * the control hook, so the figure is the client's alone and a run takes seconds. Every other pair arrives swapped,
 * so half the updates wait in the gap buffer before their predecessor fills the hole.
 * The heap is read after a forced GC before and after the stream; it must stay flat.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { TlConstructors } from '../../schema/codec/generated/types'
import { TelegramClient } from '../../extension/mtproto'
import { NewMessage } from '../../extension/mtproto/events'
import { startSandbox } from '../sandbox/server'
import type { Bench } from './harness'

const UPDATES = 100_000
// Enough to fill the bounded dedup memory, so the measured stretch starts from the steady state.
const WARM_UP = 6_000

export default async function (b: Bench): Promise<void> {
  const sandbox = await startSandbox({ log: () => {} })
  const ada = sandbox.seed!.accounts.find((a) => a.key === 'ada')!
  const grace = sandbox.seed!.accounts.find((a) => a.key === 'grace')!
  const client = new TelegramClient({ apiId: 1, apiHash: 'sandbox', dcs: sandbox.dcs, rsaKeys: [sandbox.rsaPublicKeyPem] })
  try {
    await client.start({ phone: '+' + ada.phone, code: () => ada.loginCode })
    // The stream runs ahead of the server's pts: no idle poll may ask the server about it.
    await client.startUpdates({ idleTimeoutMs: 3_600_000 })
    let handled = 0
    client.on(new NewMessage({ incoming: true }), () => {
      handled++
    })
    const graceUser = (await client.getEntity(grace.id)) as TlConstructors['user']
    let pts = client.getUpdateState()!.pts
    let messageId = 1_000_000

    const push = (updates: TlConstructors['updates']) => {
      client.entities.ingest(updates)
      client.rawUpdates.emit(updates, { dcId: client.homeDcId })
    }
    const makeUpdates = (): TlConstructors['updates'] => {
      const id = ++messageId
      const message: TlConstructors['message'] = {
        _: 'message',
        id,
        peer_id: { _: 'peerUser', user_id: grace.id },
        date: Math.floor(Date.now() / 1000),
        message: `update number ${id} with some text to carry`,
      }
      return { _: 'updates', updates: [{ _: 'updateNewMessage', message, pts: ++pts, pts_count: 1 }], users: [graceUser], chats: [], date: message.date, seq: 0 }
    }
    const feed = async (count: number) => {
      for (let i = 0; i < count; i += 2) {
        const first = makeUpdates()
        const second = makeUpdates()
        push(second)
        push(first)
        // Let the handlers run now and then, as a live connection would.
        if (i % 1000 === 0) await client.eventsSettled()
      }
      await client.eventsSettled()
    }

    const gc = exposeGc()
    await feed(WARM_UP)
    const before = heapAfterGc(gc)
    const start = performance.now()
    await feed(UPDATES)
    const seconds = (performance.now() - start) / 1000
    const after = heapAfterGc(gc)
    if (handled !== WARM_UP + UPDATES) throw new Error(`handled ${handled} of ${WARM_UP + UPDATES} updates`)

    const mib = (bytes: number) => bytes / 1024 / 1024
    b.record({
      name: `updates: heap growth over ${UPDATES.toLocaleString('en')} updates (after GC)`,
      unit: 'MiB',
      higherIsBetter: false,
      ours: mib(after - before),
      peers: [],
      note: `heap ${mib(before).toFixed(1)} MiB before, ${mib(after).toFixed(1)} MiB after; fed through onUpdate's path, every other pair swapped`,
    })
    b.record({
      name: 'updates: delivered to a NewMessage handler',
      unit: 'updates/s',
      higherIsBetter: true,
      ours: UPDATES / seconds,
      peers: [],
    })
  } finally {
    await client.disconnect()
    await sandbox.stop()
  }
}

/** Node's gc(), made available without restarting the process with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}
