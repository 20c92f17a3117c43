// The checks at the end of a chaos run, made against the sandbox's world (the truth) once every fault is off:
// every message sent exists exactly once, every message to a client reached its handlers exactly once and in
// order per chat, every failed send left no copy or one the client itself finds, and every file arrived intact.
import type { World } from '../sandbox/world'
import { userPeer } from '../sandbox/world/peers'
import { sha256, type ChaosParticipant, type SendAttempt } from './workload'

export interface MessageFigures {
  /** Messages of this run on the sandbox (the sender's copies). */
  sent: number
  /** Messages handed to handlers, repeats included. */
  delivered: number
  /** Extra copies: on the sandbox, or repeated deliveries. */
  duplicates: number
  /** Sent successfully but missing on the sandbox, or on the sandbox but never delivered. */
  losses: number
  /** Chats whose deliveries came in another order than the sandbox's. */
  outOfOrderChats: number
  /** Deliveries of messages the sandbox does not hold for that chat. */
  phantoms: number
  /** Sends that failed with a typed error, and how many of them had still reached the sandbox (once). */
  failedSends: number
  failedSendsPosted: number
  /** Failed sends where what the client finds by searching disagrees with the sandbox. */
  failedSendsUnclear: number
}

/** The sender's copies of a message of this run, by its unique text. */
function copiesOnSandbox(world: World, attempt: SendAttempt): number {
  return world.messages.history(attempt.from.id, userPeer(attempt.to.id)).filter((m) => m.out && m.text === attempt.text).length
}

export async function checkMessages(world: World, participants: readonly ChaosParticipant[]): Promise<MessageFigures> {
  const figures: MessageFigures = {
    sent: 0,
    delivered: 0,
    duplicates: 0,
    losses: 0,
    outOfOrderChats: 0,
    phantoms: 0,
    failedSends: 0,
    failedSendsPosted: 0,
    failedSendsUnclear: 0,
  }
  for (const sender of participants) {
    for (const attempt of sender.sends) {
      const copies = copiesOnSandbox(world, attempt)
      figures.sent += copies
      figures.duplicates += Math.max(0, copies - 1)
      if (attempt.outcome === 'sent') {
        if (copies === 0) figures.losses++
        continue
      }
      // Failed or stuck: allowed only if the message is absent, or there once and the client can find it.
      figures.failedSends++
      if (copies > 0) figures.failedSendsPosted++
      const found = await sender.client.getMessages(attempt.to.username, { search: attempt.text, limit: 10 })
      const seen = found.filter((m) => m?.text === attempt.text).length
      if (seen !== copies) figures.failedSendsUnclear++
    }
  }

  for (const receiver of participants) {
    for (const sender of participants) {
      if (sender === receiver) continue
      const expected = world.messages
        .history(receiver.id, userPeer(sender.id))
        .filter((m) => !m.out && m.text.startsWith(receiver.runTag))
        .sort((a, b) => a.id - b.id)
        .map((m) => m.text)
      const delivered = receiver.deliveries.filter((d) => d.fromId === sender.id).map((d) => d.text)
      const unique = [...new Set(delivered)]
      const expectedSet = new Set(expected)
      figures.delivered += delivered.length
      figures.duplicates += delivered.length - unique.length
      figures.losses += expected.filter((text) => !unique.includes(text)).length
      figures.phantoms += unique.filter((text) => !expectedSet.has(text)).length
      const inSandboxOrder = expected.filter((text) => unique.includes(text))
      if (unique.filter((text) => expectedSet.has(text)).join('\n') !== inSandboxOrder.join('\n')) figures.outOfOrderChats++
    }
  }
  return figures
}

export interface FileFigures {
  identical: number
  different: number
}

/** Downloads every file delivered to a client and compares it with what its sender uploaded. */
export async function checkDeliveredFiles(participants: readonly ChaosParticipant[]): Promise<FileFigures> {
  const uploads = new Map<string, string>()
  for (const sender of participants) for (const attempt of sender.sends) if (attempt.fileSha256) uploads.set(attempt.text, attempt.fileSha256)
  const figures: FileFigures = { identical: 0, different: 0 }
  for (const receiver of participants) {
    const seen = new Set<string>()
    for (const delivery of receiver.deliveries) {
      const digest = uploads.get(delivery.text)
      if (digest === undefined || seen.has(delivery.text)) continue
      seen.add(delivery.text)
      const bytes = await receiver.client.downloadMedia(delivery.message)
      if (sha256(bytes) === digest) figures.identical++
      else figures.different++
    }
  }
  return figures
}
