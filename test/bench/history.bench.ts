/**
 * getHistory against the in-process sandbox: 200 pages of 100 messages, paged back with offset_id through one
 * chat of 20,000 messages, ours (raw invoke) against GramJS (raw invoke), both signed in as the same account.
 * Rounds are interleaved and each contender's best round counts; the figure is requests per second.
 */
import { performance } from 'node:perf_hooks'
import bigInt from 'big-integer'
import { Api, type TelegramClient as GramJsClient } from 'telegram'
import { TelegramClient } from '../../extension/mtproto'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { userPeer } from '../sandbox/world'
import { createGramJsClient } from '../support/gramjs-sandbox'
import type { Bench } from './harness'

const PAGES = 200
const PAGE = 100
const MESSAGES = PAGES * PAGE
const ROUNDS = 3

type Contender = 'ours' | 'gramjs'
type Account = NonNullable<Sandbox['seed']>['accounts'][number]

export default async function (b: Bench): Promise<void> {
  const sandbox = await startSandbox({ log: () => {} })
  const ada = sandbox.seed!.accounts.find((a) => a.key === 'ada')!
  const grace = sandbox.seed!.accounts.find((a) => a.key === 'grace')!
  // Seeded straight into the world: no client, no updates to anyone connected.
  const seedStart = performance.now()
  for (let i = 0; i < MESSAGES; i++) sandbox.world.messages.send({ senderId: grace.id, to: userPeer(ada.id), text: `history message ${i}` })
  const seedMs = performance.now() - seedStart
  const contenders: Record<Contender, () => Promise<number>> = {
    ours: await ours(sandbox, ada),
    gramjs: await gramjs(sandbox, ada),
  }
  const closers = contenders as unknown as Record<Contender, { close?: () => Promise<void> }>
  try {
    const best: Record<Contender, number> = { ours: 0, gramjs: 0 }
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(contenders) as Contender[]) {
        const start = performance.now()
        const read = await contenders[name]()
        if (read !== MESSAGES) throw new Error(`${name} read ${read} messages, expected ${MESSAGES}`)
        best[name] = Math.max(best[name], PAGES / ((performance.now() - start) / 1000))
      }
    }
    b.record({
      name: `history: getHistory ${PAGE} x ${PAGES} pages`,
      unit: 'req/s',
      higherIsBetter: true,
      ours: best.ours,
      peers: [{ who: 'gramjs', value: best.gramjs }],
      note: `sandbox in-process, one chat of ${MESSAGES} messages (seeded in ${Math.round(seedMs)} ms), sequential pages, best of ${ROUNDS}`,
    })
  } finally {
    for (const name of Object.keys(closers) as Contender[]) await closers[name].close?.()
    await sandbox.stop()
  }
}

/** Pages through the whole chat once; returns how many messages came back. */
async function ours(sandbox: Sandbox, account: Account): Promise<() => Promise<number>> {
  const client = new TelegramClient({ apiId: 1, apiHash: 'sandbox', dcs: sandbox.dcs, rsaKeys: [sandbox.rsaPublicKeyPem] })
  await client.start({ phone: `+${account.phone}`, code: () => account.loginCode })
  const peer = await client.resolvePeer('@grace_hopper')
  const run = async () => {
    let offsetId = 0
    let read = 0
    for (let page = 0; page < PAGES; page++) {
      const result = await client.invoke({ _: 'messages.getHistory', peer, offset_id: offsetId, offset_date: 0, add_offset: 0, limit: PAGE, max_id: 0, min_id: 0, hash: 0n })
      if (result._ === 'messages.messagesNotModified') throw new Error('history not modified')
      read += result.messages.length
      offsetId = result.messages.at(-1)!.id
    }
    return read
  }
  return Object.assign(run, { close: () => client.disconnect() })
}

async function gramjs(sandbox: Sandbox, account: Account): Promise<() => Promise<number>> {
  const client: GramJsClient = createGramJsClient(sandbox, { dcId: account.homeDc })
  await client.start({
    phoneNumber: `+${account.phone}`,
    phoneCode: async () => account.loginCode,
    onError: (error) => {
      throw error
    },
  })
  const peer = await client.getInputEntity('grace_hopper')
  const run = async () => {
    let offsetId = 0
    let read = 0
    for (let page = 0; page < PAGES; page++) {
      const result = await client.invoke(
        new Api.messages.GetHistory({ peer, offsetId, offsetDate: 0, addOffset: 0, limit: PAGE, maxId: 0, minId: 0, hash: bigInt(0) }),
      )
      if (result instanceof Api.messages.MessagesNotModified) throw new Error('history not modified')
      read += result.messages.length
      offsetId = result.messages.at(-1)!.id
    }
    return read
  }
  return Object.assign(run, { close: () => client.destroy() })
}
