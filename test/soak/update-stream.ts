/**
 * One client receiving a long stream of updates: Ada signed in with our TelegramClient to a sandbox in another
 * process, while Grace (through the control hook) sends her numbered messages in batches and deletes each batch
 * afterwards. Each message reaches Ada's NewMessage handler and each deletion her MessageDeleted handler, through
 * the real connection, the update machine and the dispatcher.
 *
 * Checked: every message handled exactly once and in order; heap and RSS after GC plateau (memory.ts); after
 * disconnect() the process holds no handle it did not hold before the client existed. Shared by the short form
 * in npm test and the soak.
 */
import { TelegramClient } from '../../extension/mtproto'
import { MessageDeleted, NewMessage } from '../../extension/mtproto/events'
import { activeResources, exposeGc, MiB, plateau, resourcesBeyond, sampleAfterGc, type MemorySample, type Plateau } from './memory'
import { startSandboxProcess } from './sandbox-process'

export interface UpdateStreamOptions {
  messages: number
  /** Memory samples over the run (30 by default). */
  samples?: number
  /** Messages per pushed container. */
  batch?: number
  log?: (line: string) => void
}

export interface UpdateStreamResult {
  messages: number
  /** Distinct messages the NewMessage handler saw. */
  handled: number
  duplicates: number
  /** Messages handled after one with a higher number. */
  outOfOrder: number
  /** Deleted ids the MessageDeleted handler saw. */
  deletionsHandled: number
  seconds: number
  samples: MemorySample[]
  heap: Plateau
  rss: Plateau
  /** Handles open after disconnect() that were not open before the client: `TCPSocketWrap +1`... */
  leakedResources: string[]
}

/** Heap after GC may grow by this share (plus the slack) from the middle third to the last; see memory.ts. */
export const HEAP_TOLERANCE = 0.1
export const HEAP_SLACK = 2 * MiB
/** RSS is coarser (the allocator keeps freed pages), so it gets more room. */
export const RSS_TOLERANCE = 0.15
export const RSS_SLACK = 16 * MiB

/** Messages per pushed container unless a run asks otherwise. */
export const DEFAULT_BATCH = 100

const ACCOUNT_FROM = 'grace'
const ACCOUNT_TO = 'ada'
const TEXT_PREFIX = 'soak message '
/** How far the sender may run ahead of the handlers: bounds what waits in sockets and buffers. */
const WINDOW = 5_000
/** The stream stalls when no update arrives for this long after the sender finished: a lost update, not slowness. */
const STALL_MS = 120_000

export async function runUpdateStream(options: UpdateStreamOptions): Promise<UpdateStreamResult> {
  const log = options.log ?? (() => {})
  const total = options.messages
  const sampleEvery = Math.max(1, Math.floor(total / (options.samples ?? 30)))
  const gc = exposeGc()
  const sandbox = await startSandboxProcess()
  const baseline = activeResources()
  const account = (key: string) => sandbox.info.accounts.find((a) => a.key === key)!
  const client = new TelegramClient({ apiId: 1, apiHash: 'sandbox', dcs: sandbox.info.dcs, rsaKeys: [sandbox.info.rsaPublicKeyPem], requestTimeoutMs: 30_000 })
  try {
    const ada = account(ACCOUNT_TO)
    await client.start({ phone: '+' + ada.phone, code: () => ada.loginCode })
    await client.startUpdates()

    const seen = new Uint8Array(total)
    let handled = 0
    let duplicates = 0
    let outOfOrder = 0
    let highest = -1
    let deletionsHandled = 0
    let lastProgress = performance.now()
    const samples: MemorySample[] = []
    let finished!: () => void
    const done = new Promise<void>((resolve) => (finished = resolve))
    const checkDone = () => {
      if (handled === total && deletionsHandled >= total) finished()
    }

    client.on(new NewMessage({ incoming: true }), (event) => {
      const text = event.message.text
      if (!text.startsWith(TEXT_PREFIX)) return
      const n = Number(text.slice(TEXT_PREFIX.length))
      lastProgress = performance.now()
      if (seen[n]) {
        duplicates++
        return
      }
      seen[n] = 1
      handled++
      if (n < highest) outOfOrder++
      highest = Math.max(highest, n)
      if (handled % 500 === 0 || handled === total) sandbox.reportHandled(handled)
      if (handled % sampleEvery === 0) {
        samples.push(sampleAfterGc(gc, handled))
        const last = samples.at(-1)!
        log(`${handled.toLocaleString('en')} handled; heap ${(last.heapUsed / MiB).toFixed(1)} MiB, rss ${(last.rss / MiB).toFixed(0)} MiB`)
      }
      checkDone()
    })
    client.on(new MessageDeleted(), (event) => {
      deletionsHandled += event.deletedIds.length
      lastProgress = performance.now()
      checkDone()
    })

    const started = performance.now()
    const streamed = sandbox.stream({ from: '+' + account(ACCOUNT_FROM).phone, to: '+' + ada.phone, messages: total, batch: options.batch ?? DEFAULT_BATCH, window: WINDOW })
    // A lost update would also hold the sender at its window, so the stall check covers the sending too.
    await untilDoneOrStalled(Promise.all([streamed, done]), () => lastProgress)
    const seconds = (performance.now() - started) / 1000

    await client.disconnect()
    const leakedResources = await settledLeaks(baseline)
    return {
      messages: total,
      handled,
      duplicates,
      outOfOrder,
      deletionsHandled,
      seconds,
      samples,
      heap: plateau(samples.map((s) => s.heapUsed), HEAP_TOLERANCE, HEAP_SLACK),
      rss: plateau(samples.map((s) => s.rss), RSS_TOLERANCE, RSS_SLACK),
      leakedResources,
    }
  } finally {
    await client.disconnect()
    await sandbox.stop()
  }
}

/** Resolves with `done`, or rejects once no update has arrived for STALL_MS; leaves no timer behind either way. */
async function untilDoneOrStalled(done: Promise<unknown>, lastProgress: () => number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (performance.now() - lastProgress() > STALL_MS) reject(new Error(`no update for ${STALL_MS / 1000} s: the stream stalled`))
    }, 1_000)
  })
  try {
    await Promise.race([done, stalled])
  } finally {
    clearInterval(timer)
  }
}

/** Closing sockets finishes over a few event-loop turns; waits for that (up to a second) before counting. */
async function settledLeaks(baseline: Map<string, number>): Promise<string[]> {
  let extra = resourcesBeyond(baseline, activeResources())
  for (let turn = 0; turn < 50 && extra.length > 0; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    extra = resourcesBeyond(baseline, activeResources())
  }
  return extra
}
