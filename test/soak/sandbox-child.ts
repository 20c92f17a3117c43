/**
 * The child half of sandbox-process.ts: runs a sandbox, reports how to reach it, and streams messages between two
 * seeded accounts through the control hook on request. Each batch is sent at once, so the sandbox pushes it as one
 * `updates` container, and deleted for both sides afterwards (which the client also receives), so a run of a million
 * messages keeps the sandbox's message boxes small.
 */
import { startSandbox } from '../sandbox/server'
import type { TlTypes } from '../../schema/codec'
import type { FromChild, StreamRequest, ToChild } from './sandbox-process'

function send(message: FromChild): void {
  process.send!(message)
}

/** The sender's own id of a message it just sent, from the Updates its sendMessage returned. */
function sentMessageId(updates: TlTypes['Updates']): number {
  if (updates._ === 'updateShortSentMessage') return updates.id
  if (updates._ === 'updates' || updates._ === 'updatesCombined') {
    for (const update of updates.updates) if (update._ === 'updateMessageID') return update.id
  }
  throw new Error(`sendMessage answered ${updates._} without the new message's id`)
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ log: () => {} })
  let handled = 0
  let wakeStreamer: (() => void) | undefined

  async function stream(request: StreamRequest): Promise<void> {
    const from = sandbox.control.as(request.from)
    let sent = 0
    let deleted = 0
    while (sent < request.messages) {
      while (sent - handled >= request.window) await new Promise<void>((resolve) => (wakeStreamer = resolve))
      const count = Math.min(request.batch, request.messages - sent)
      const results = await Promise.all(Array.from({ length: count }, (_, i) => from.sendMessage(request.to, `soak message ${sent + i}`)))
      sent += count
      const removed = await from.deleteMessages(request.to, results.map(sentMessageId), { revoke: true })
      deleted += removed.pts_count
    }
    send({ type: 'streamed', sent, deleted })
  }

  process.on('message', (message: ToChild) => {
    switch (message.type) {
      case 'stream':
        stream(message.request).catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
        return
      case 'handled':
        handled = message.count
        wakeStreamer?.()
        wakeStreamer = undefined
        return
      case 'stop':
        void sandbox.stop().then(() => process.exit(0))
    }
  })

  send({
    type: 'ready',
    info: {
      dcs: sandbox.dcs.map(({ id, host, port }) => ({ id, host, port })),
      rsaPublicKeyPem: sandbox.rsaPublicKeyPem,
      accounts: sandbox.seed!.accounts.map((a) => ({ key: a.key, phone: a.phone, loginCode: a.loginCode, id: a.id.toString() })),
    },
  })
}

void main()
