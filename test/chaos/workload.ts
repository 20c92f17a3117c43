// What keeps the chaos clients busy: each one, in a loop, sends texts and files to the others, reads history and
// downloads a file it knows the bytes of, while its update handler records every message the others send it.
// Every operation is bounded: one that neither settles nor fails in time is counted as stuck.
import { createHash } from 'node:crypto'
import { NewMessage, type Message, type NewMessageEvent, type TelegramClient } from '../../extension/mtproto'
import type { SeededRandom } from '../sandbox/seed/prng'
import { errorLabel, isTypedError } from './typed-errors'

export type OperationKind = 'send' | 'upload' | 'history' | 'download'

/** A message a client tried to send: its unique text, and the file's digest for uploads. */
export interface SendAttempt {
  readonly from: ChaosParticipant
  readonly to: ChaosParticipant
  readonly text: string
  readonly fileSha256?: string
  outcome: 'pending' | 'sent' | 'failed' | 'stuck'
  error?: string
}

/** A message a handler was given. */
export interface Delivery {
  readonly fromId: bigint
  readonly text: string
  readonly message: Message
}

export interface OperationCounts {
  readonly ok: Record<OperationKind, number>
  readonly failedTyped: Record<OperationKind, number>
  readonly failedUntyped: string[]
  /** Typed failures by class and message, for the report. */
  readonly typedFailures: Record<string, number>
  stuck: number
  downloadsIdentical: number
  downloadsDifferent: number
  /** History pages holding one message id twice. */
  historyDuplicates: number
}

export class ChaosParticipant {
  readonly deliveries: Delivery[] = []
  readonly sends: SendAttempt[] = []
  /** Completion times of successful operations (performance.now()), for recovery after a restart. */
  lastSuccessAt = 0

  constructor(
    readonly key: string,
    readonly id: bigint,
    readonly username: string,
    readonly client: TelegramClient,
    /** A message with a document whose bytes are known, for byte-for-byte download checks. */
    readonly reference: { message: Message; bytes: Uint8Array },
    /** Texts of this run start with it; older messages in the seeded world are ignored. */
    readonly runTag: string,
  ) {
    client.on(new NewMessage({ incoming: true }), (event: NewMessageEvent) => {
      if (event.text.startsWith(runTag) && event.senderId !== undefined) {
        this.deliveries.push({ fromId: event.senderId, text: event.text, message: event.message })
      }
    })
  }
}

export function emptyCounts(): OperationCounts {
  const zero = (): Record<OperationKind, number> => ({ send: 0, upload: 0, history: 0, download: 0 })
  return { ok: zero(), failedTyped: zero(), failedUntyped: [], typedFailures: {}, stuck: 0, downloadsIdentical: 0, downloadsDifferent: 0, historyDuplicates: 0 }
}

export interface WorkloadOptions {
  readonly random: SeededRandom
  readonly peers: readonly ChaosParticipant[]
  readonly counts: OperationCounts
  /** An operation that has not settled after this long is stuck. */
  readonly operationBoundMs: number
  readonly shouldStop: () => boolean
}

/** Runs one client's operations one after another until told to stop. */
export async function runWorker(self: ChaosParticipant, options: WorkloadOptions): Promise<void> {
  const { random, counts } = options
  const others = options.peers.filter((peer) => peer !== self)
  let sequence = 0
  while (!options.shouldStop()) {
    const roll = random.next()
    const kind: OperationKind = roll < 0.5 ? 'send' : roll < 0.65 ? 'upload' : roll < 0.85 ? 'history' : 'download'
    const to = random.pick(others)
    const text = `${self.runTag} ${self.key}->${to.key} #${sequence++}`
    const fileBytes = kind === 'upload' ? random.bytes(random.int(1, 64) * 1024) : undefined
    let attempt: SendAttempt | undefined
    if (kind === 'send' || kind === 'upload') {
      attempt = { from: self, to, text, outcome: 'pending', ...(fileBytes ? { fileSha256: sha256(fileBytes) } : {}) }
      self.sends.push(attempt)
    }
    const operation = (async () => {
      switch (kind) {
        case 'send':
          await self.client.sendMessage(to.username, text, { parseMode: 'none' })
          return
        case 'upload':
          await self.client.sendFile(to.username, fileBytes!, { fileName: `${sequence}.bin`, caption: text, parseMode: 'none', forceDocument: true })
          return
        case 'history': {
          const page = await self.client.getMessages(to.username, { limit: 30 })
          const ids = page.filter((m) => m !== undefined).map((m) => m!.id)
          if (new Set(ids).size !== ids.length) counts.historyDuplicates++
          return
        }
        case 'download': {
          const bytes = await self.client.downloadMedia(self.reference.message)
          if (Buffer.from(bytes).equals(self.reference.bytes)) counts.downloadsIdentical++
          else counts.downloadsDifferent++
          return
        }
      }
    })()
    const outcome = await settleWithin(operation, options.operationBoundMs)
    if (outcome.kind === 'ok') {
      counts.ok[kind]++
      self.lastSuccessAt = performance.now()
      if (attempt) attempt.outcome = 'sent'
    } else if (outcome.kind === 'stuck') {
      counts.stuck++
      if (attempt) attempt.outcome = 'stuck'
      // A stuck client would stay stuck: stop driving it, the report says why.
      return
    } else {
      if (isTypedError(outcome.error)) {
        counts.failedTyped[kind]++
        const label = `${kind}: ${errorLabel(outcome.error)}`
        counts.typedFailures[label] = (counts.typedFailures[label] ?? 0) + 1
      } else counts.failedUntyped.push(`${kind}: ${errorLabel(outcome.error)}`)
      if (attempt) {
        attempt.outcome = 'failed'
        attempt.error = errorLabel(outcome.error)
      }
    }
  }
}

type Settled = { kind: 'ok' } | { kind: 'failed'; error: unknown } | { kind: 'stuck' }

function settleWithin(operation: Promise<void>, boundMs: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined
  const bound = new Promise<Settled>((resolve) => (timer = setTimeout(() => resolve({ kind: 'stuck' }), boundMs)))
  const settled = operation.then(
    (): Settled => ({ kind: 'ok' }),
    (error: unknown): Settled => ({ kind: 'failed', error }),
  )
  return Promise.race([settled, bound]).finally(() => clearTimeout(timer))
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
