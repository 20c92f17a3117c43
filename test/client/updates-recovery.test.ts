// Gap recovery against the sandbox: updates the server swallows come back through updates.getDifference (whole,
// in slices, or as a too-long answer that reports a gap), channel gaps through getChannelDifference (including its
// too-long form), and a client that was offline catches up from the state saved in its session.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MemorySession, type TelegramClient } from '../../extension/mtproto'
import { markPeerId } from '../../extension/mtproto/entities/peer-id'
import { NewMessage, UpdatesGap, type NewMessageEvent, type UpdatesGapEvent } from '../../extension/mtproto/events'
import { DIFFERENCE_SLICE_EVENTS } from '../sandbox/updates/difference'
import { channelPeer } from '../sandbox/world'
import { UPDATE_LOG_LIMIT } from '../sandbox/world/updates'
import { RequestLog, sandboxClient, sandboxPerFile } from './support'
import { Collector } from './updates-support'


const file = sandboxPerFile()

const adaId = () => file.seeded('ada').id
const graceId = () => file.seeded('grace').id
const grace = () => file.sandbox.control.as(graceId())
const guild = () => file.sandbox.seed!.chats.typescriptGuild

/** Ada on a fresh client, collecting the new messages of one chat from the start of its updates. */
async function adaCollecting(chat: bigint, options: Parameters<TelegramClient['startUpdates']>[0] = {}, log?: RequestLog) {
  const client = await file.signedIn('ada', log ? { log } : {})
  await client.startUpdates(options)
  const messages = new Collector<NewMessageEvent>()
  const gaps = new Collector<UpdatesGapEvent>()
  client.on(new NewMessage({ chats: chat }), messages.add)
  client.on(UpdatesGap, gaps.add)
  return { client, messages, gaps }
}

/** Sends texts as Grace while Ada's pushes are swallowed, then one more that arrives and reveals the hole. */
async function sendThroughAGap(texts: readonly string[], last: string, to: 'ada' | 'guild' = 'ada'): Promise<void> {
  const target = to === 'ada' ? adaId() : channelPeer(guild())
  const clear = file.sandbox.control.swallowUpdates({ account: adaId() })
  for (const text of texts) await grace().sendMessage(target, text)
  await pushesFlushed()
  clear()
  await grace().sendMessage(target, last)
}

/** The sandbox pushes what a call published once the call is over, on the next turn of the event loop. */
const pushesFlushed = () => new Promise((resolve) => setImmediate(resolve))

const texts = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`)

describe('account gaps', () => {
  it('recovers swallowed messages through getDifference, each once and in order', async () => {
    const log = new RequestLog()
    const { client, messages } = await adaCollecting(graceId(), {}, log)
    await grace().sendMessage(adaId(), 'first')
    await messages.waitFor(1)
    log.clear()
    const missed = texts('missed', 5)
    await sendThroughAGap(missed, 'revealing')
    await messages.waitFor(7)
    await client.eventsSettled()
    assert.deepEqual(messages.items.map((e) => e.text), ['first', ...missed, 'revealing'])
    assert.ok(log.count('updates.getDifference') >= 1, 'the hole was filled by getDifference')
  })

  it('walks a differenceSlice to the end', async () => {
    const log = new RequestLog()
    const { client, messages } = await adaCollecting(graceId(), {}, log)
    const missed = texts('sliced', DIFFERENCE_SLICE_EVENTS + 30)
    await sendThroughAGap(missed, 'after the slices')
    await messages.waitFor(missed.length + 1)
    await client.eventsSettled()
    assert.deepEqual(messages.items.map((e) => e.text), [...missed, 'after the slices'])
    assert.ok(log.count('updates.getDifference') >= 2, 'more than one page of difference')
  })

  it('reports a gap for a differenceTooLong and goes on from the server state', async () => {
    const { client, messages, gaps } = await adaCollecting(graceId(), { ptsTotalLimit: 10 })
    await sendThroughAGap(texts('lost', 20), 'revealing the loss')
    await gaps.waitFor(1)
    await grace().sendMessage(adaId(), 'after the gap')
    await messages.waitFor(1)
    while (!messages.items.some((e) => e.text === 'after the gap')) await messages.waitFor(messages.items.length + 1)
    await client.eventsSettled()
    assert.equal(gaps.items[0]!.chatId, undefined)
    assert.ok(messages.items.every((e) => !e.text.startsWith('lost')), 'nothing of the lost stretch is replayed')
    assert.equal(client.getUpdateState()!.pts, file.sandbox.world.updates.accountState(adaId()).pts)
  })

  it('fetches the difference after a quiet spell, with no later push to reveal the hole', async () => {
    const { client, messages } = await adaCollecting(graceId(), { idleTimeoutMs: 200 })
    const clear = file.sandbox.control.swallowUpdates({ account: adaId() })
    await grace().sendMessage(adaId(), 'only through polling')
    await pushesFlushed()
    clear()
    await messages.waitFor(1)
    await client.eventsSettled()
    assert.deepEqual(messages.items.map((e) => e.text), ['only through polling'])
  })
})

describe('channel gaps', () => {
  it('recovers swallowed channel messages through getChannelDifference', async () => {
    const log = new RequestLog()
    const { client, messages } = await adaCollecting(markPeerId('channel', guild()), {}, log)
    await grace().sendMessage(channelPeer(guild()), 'guild first')
    await messages.waitFor(1)
    const missed = texts('guild missed', 6)
    await sendThroughAGap(missed, 'guild revealing', 'guild')
    await messages.waitFor(8)
    await client.eventsSettled()
    assert.deepEqual(messages.items.map((e) => e.text), ['guild first', ...missed, 'guild revealing'])
    assert.ok(log.count('updates.getChannelDifference') >= 1)
    assert.equal(client.session.channelPts(guild()), file.sandbox.world.updates.channelPts(guild()))
  })

  it('reports a channel gap for channelDifferenceTooLong and hands over only what is newer', async () => {
    const { client, messages, gaps } = await adaCollecting(markPeerId('channel', guild()))
    await grace().sendMessage(channelPeer(guild()), 'guild before the flood')
    await messages.waitFor(1)
    const clear = file.sandbox.control.swallowUpdates({ account: adaId() })
    // More than the server keeps for getChannelDifference.
    for (let i = 0; i <= UPDATE_LOG_LIMIT; i++) file.sandbox.world.messages.send({ senderId: graceId(), to: channelPeer(guild()), text: `flood ${i}` })
    await pushesFlushed()
    clear()
    await grace().sendMessage(channelPeer(guild()), 'guild after the flood')
    await gaps.waitFor(1)
    while (!messages.items.some((e) => e.text === 'guild after the flood')) await messages.waitFor(messages.items.length + 1)
    await client.eventsSettled()
    assert.equal(gaps.items[0]!.chatId, markPeerId('channel', guild()))
    const ids = messages.items.map((e) => e.id)
    assert.equal(new Set(ids).size, ids.length, 'no message twice')
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order')
    assert.equal(client.session.channelPts(guild()), file.sandbox.world.updates.channelPts(guild()))
  })
})

describe('catching up', () => {
  it('hands over what happened while the client was offline, from the state saved in the session', async () => {
    const session = new MemorySession()
    const first = await file.signedIn('ada', { session })
    await first.startUpdates()
    await first.disconnect()
    assert.ok(session.updateState, 'the state was saved')

    const offline = texts('while offline', 4)
    for (const text of offline) await grace().sendMessage(adaId(), text)

    const again = file.track(sandboxClient(file.sandbox, { session }))
    const messages = new Collector<NewMessageEvent>()
    again.on(new NewMessage({ chats: graceId() }), messages.add)
    await again.connect()
    await again.startUpdates()
    await messages.waitFor(offline.length)
    await again.eventsSettled()
    assert.deepEqual(messages.items.map((e) => e.text), offline)
    assert.equal(session.updateState!.pts, file.sandbox.world.updates.accountState(adaId()).pts)
  })
})
