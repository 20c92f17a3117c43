// GramJS, an independent client, drives the chat API of the sandbox with its own friendly methods: dialogs
// with its pagination, entity resolution by username, sending with a reply and markdown, reading history back
// (its iterMessages windows), search, editing and deleting.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Api, type TelegramClient } from 'telegram'
import { createGramJsClient } from '../support/gramjs-sandbox'
import type { SeededAccount } from './seed'
import { startSandbox, type Sandbox } from './server'

let sandbox: Sandbox
const clients: TelegramClient[] = []

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
})
after(async () => {
  for (const client of clients) await client.destroy().catch(() => {})
  await sandbox.stop()
})

const seeded = (key: string): SeededAccount => sandbox.seed!.accounts.find((account) => account.key === key)!

async function startAs(key: string): Promise<TelegramClient> {
  const account = seeded(key)
  const client = createGramJsClient(sandbox, { dcId: account.homeDc })
  clients.push(client)
  await client.start({
    phoneNumber: async () => `+${account.phone}`,
    phoneCode: async () => account.loginCode,
    password: async () => account.password ?? '',
    onError: async (error) => {
      throw error
    },
  })
  return client
}

describe('GramJS against the sandbox chat API', () => {
  it('lists every dialog once across its own pagination', async () => {
    const ada = await startAs('ada')
    const dialogs = await ada.getDialogs({ limit: 100 })
    const paged = []
    for await (const dialog of ada.iterDialogs({ limit: 100, requestLimit: 3 } as Parameters<TelegramClient['iterDialogs']>[0])) paged.push(dialog)
    assert.ok(dialogs.length >= 8)
    assert.deepEqual(
      paged.map((dialog) => dialog.id?.toString()),
      [...dialogs].map((dialog) => dialog.id?.toString()),
    )
    assert.ok(dialogs.some((dialog) => dialog.pinned), 'pinned dialogs are marked')
  })

  it('sends with a reply and entities, and reads it back in both boxes', async () => {
    const ada = await startAs('ada')
    const alan = await startAs('alan')
    const question = await ada.sendMessage(seeded('alan').username!, { message: 'Which **layer**?' })
    const answer = await alan.sendMessage(seeded('ada').username!, { message: 'The newest one', replyTo: undefined })
    const reply = await ada.sendMessage(seeded('alan').username!, { message: 'Thanks', replyTo: question.id })
    const [latest, previous, first] = await ada.getMessages(seeded('alan').username!, { limit: 3 })
    assert.equal(latest?.id, reply.id)
    assert.equal(latest?.replyTo?.replyToMsgId, question.id)
    assert.equal(previous?.message, 'The newest one')
    assert.equal(previous?.out, false)
    assert.equal(first?.message, 'Which layer?')
    assert.ok(first?.entities?.some((entity) => entity instanceof Api.MessageEntityBold))
    assert.notEqual(answer.id, previous?.id, "Alan's id of his message is not Ada's")
  })

  it('walks history in both directions with iterMessages', async () => {
    const dennis = await startAs('dennis')
    const peer = seeded('margaret').username!
    const sent: number[] = []
    for (let i = 0; i < 12; i++) sent.push((await dennis.sendMessage(peer, { message: `step ${i}` })).id)
    const newestFirst = []
    for await (const message of dennis.iterMessages(peer, { limit: 12 })) newestFirst.push(message.id)
    assert.deepEqual(newestFirst, [...sent].reverse())
    const oldestFirst = []
    for await (const message of dennis.iterMessages(peer, { minId: sent[3]!, reverse: true, limit: 5 })) oldestFirst.push(message.id)
    assert.deepEqual(oldestFirst, sent.slice(4, 9))
    const found = await dennis.getMessages(peer, { search: 'step 1' })
    assert.deepEqual([...found].map((message) => message.message).sort(), ['step 1', 'step 10', 'step 11'])
  })

  it('edits and deletes, and the other box follows a revoke', async () => {
    const ada = await startAs('ada')
    const katherine = seeded('katherine')
    const message = await ada.sendMessage(katherine.username!, { message: 'typo' })
    const edited = await ada.editMessage(katherine.username!, { message: message.id, text: 'fixed' })
    assert.equal(edited.message, 'fixed')
    const affected = await ada.deleteMessages(katherine.username!, [message.id], { revoke: true })
    assert.equal(affected[0]?.ptsCount, 1)
    const [again] = await ada.getMessages(katherine.username!, { ids: [message.id] })
    assert.equal(again, undefined)
  })
})
