/**
 * Files against the in-process sandbox: upload and download of one 64 MiB file, ours against GramJS and
 * mtcute, each at its default settings, signed in as the same seeded account. Rounds are interleaved
 * (ours, GramJS, mtcute, ours, ...) and each contender's best round counts, so a burst of load on the
 * machine hits everyone alike. The download is a document stored on the media DC (DC 2) while the account
 * lives on DC 1, so every client also pays for reaching the media DC once.
 *
 * Next to MB/s it records the process CPU seconds of each contender's cheapest round. The sandbox runs in
 * this process, so that figure is the client's work plus the server's, and unlike MB/s it hardly moves when
 * other processes load the machine.
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { Long } from '@mtcute/core'
import { TelegramClient as MtcuteClient, type tl } from '@mtcute/node'
import bigInt from 'big-integer'
import { Api, type TelegramClient as GramJsClient } from 'telegram'
import { CustomFile } from 'telegram/client/uploads'
import type { TlTypes } from '../../schema/codec/generated/types'
import { TelegramClient } from '../../extension/mtproto'
import { mediaOf } from '../sandbox/media'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { createGramJsClient } from '../support/gramjs-sandbox'
import { createMtcuteClient } from '../support/mtcute-sandbox'
import type { Bench } from './harness'

const SIZE = Number(process.env.FILES_BENCH_MIB ?? 64) * 1024 * 1024
const ROUNDS = 2
/** GramJS's sendFile uses one worker unless told otherwise; uploadFile requires the number. */
const GRAMJS_DEFAULT_WORKERS = 1

type Contender = 'ours' | 'gramjs' | 'mtcute'

interface Transfers {
  upload(bytes: Buffer): Promise<unknown>
  download(): Promise<Uint8Array>
  close(): Promise<void>
}

export default async function (b: Bench): Promise<void> {
  const sandbox = await startSandbox({ log: () => {} })
  const account = sandbox.seed!.accounts.find((candidate) => candidate.key === 'ada')!
  const bytes = randomBytes(SIZE)
  const document = mediaOf(sandbox.world).store.addDocument({
    bytes,
    mimeType: 'application/octet-stream',
    attributes: [{ _: 'documentAttributeFilename', file_name: 'bench.bin' }],
  })
  const location = { id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, dcId: document.dcId }
  const contenders: Record<Contender, Transfers> = {
    ours: await ours(sandbox, account, location),
    gramjs: await gramjs(sandbox, account, location),
    mtcute: await mtcute(sandbox, account, location),
  }
  try {
    const upload = await bestRounds(contenders, (c) => c.upload(bytes))
    const download = await bestRounds(contenders, async (c) => {
      const downloaded = await c.download()
      if (downloaded.length !== SIZE) throw new Error(`a download returned ${downloaded.length} bytes`)
    })
    const note =
      `sandbox in-process, defaults (GramJS ${GRAMJS_DEFAULT_WORKERS} worker), best of ${ROUNDS}` +
      [...unfinished].map((who) => `; ${who} did not finish within ${GIVE_UP_MS / 1000} s`).join('')
    for (const [direction, best] of [['upload', upload], ['download', download]] as const) {
      const figures = (pick: (round: Round) => number) => ({
        ours: pick(best.ours),
        peers: [
          { who: 'gramjs', value: pick(best.gramjs) },
          { who: 'mtcute', value: pick(best.mtcute) },
        ],
      })
      b.record({ name: `files: ${direction} 64 MiB`, unit: 'MB/s', higherIsBetter: true, ...figures((r) => r.rate), note })
      b.record({ name: `files: ${direction} 64 MiB, CPU`, unit: 's', higherIsBetter: false, ...figures((r) => r.cpuSeconds), note })
    }
  } finally {
    for (const contender of Object.values(contenders)) await contender.close()
    await sandbox.stop()
  }
}

const GIVE_UP_MS = 120_000
/** Contenders whose transfer never finished; they get no more rounds. */
const unfinished = new Set<Contender>()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref())

interface Round {
  /** MB/s. */
  rate: number
  /** Seconds of CPU the whole process (client and sandbox) spent. */
  cpuSeconds: number
}

/** Each contender's best MB/s and lowest CPU over the rounds. */
async function bestRounds(contenders: Record<Contender, Transfers>, run: (c: Transfers) => Promise<unknown>): Promise<Record<Contender, Round>> {
  const none = (): Round => ({ rate: 0, cpuSeconds: Number.POSITIVE_INFINITY })
  const best: Record<Contender, Round> = { ours: none(), gramjs: none(), mtcute: none() }
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(contenders) as Contender[]) {
      if (unfinished.has(name)) continue
      const start = performance.now()
      const cpuStart = process.cpuUsage()
      const finished = await Promise.race([run(contenders[name]).then(() => true), sleep(GIVE_UP_MS).then(() => false)])
      if (!finished) {
        // Recorded as 0 MB/s with a note rather than hanging the whole bench run.
        unfinished.add(name)
        continue
      }
      const seconds = (performance.now() - start) / 1000
      const cpu = process.cpuUsage(cpuStart)
      best[name].rate = Math.max(best[name].rate, SIZE / 1e6 / seconds)
      best[name].cpuSeconds = Math.min(best[name].cpuSeconds, (cpu.user + cpu.system) / 1e6)
    }
  }
  return best
}

interface StoredDocument {
  id: bigint
  accessHash: bigint
  fileReference: Uint8Array
  dcId: number
}

type Account = NonNullable<Sandbox['seed']>['accounts'][number]

async function ours(sandbox: Sandbox, account: Account, document: StoredDocument): Promise<Transfers> {
  const client = new TelegramClient({ apiId: 1, apiHash: 'sandbox', dcs: sandbox.dcs, rsaKeys: [sandbox.rsaPublicKeyPem] })
  await client.start({ phone: `+${account.phone}`, code: () => account.loginCode })
  const location: TlTypes['InputFileLocation'] = {
    _: 'inputDocumentFileLocation',
    id: document.id,
    access_hash: document.accessHash,
    file_reference: document.fileReference,
    thumb_size: '',
  }
  return {
    upload: (bytes) => client.uploadFile(bytes, { fileName: 'bench.bin' }),
    download: () => client.downloadFile(location, { dcId: document.dcId, fileSize: SIZE }),
    close: () => client.disconnect(),
  }
}

async function gramjs(sandbox: Sandbox, account: Account, document: StoredDocument): Promise<Transfers> {
  const client: GramJsClient = createGramJsClient(sandbox, { dcId: account.homeDc })
  await client.start({
    phoneNumber: `+${account.phone}`,
    phoneCode: async () => account.loginCode,
    onError: (error) => {
      throw error
    },
  })
  const location = new Api.InputDocumentFileLocation({
    id: bigInt(document.id.toString()),
    accessHash: bigInt(document.accessHash.toString()),
    fileReference: Buffer.from(document.fileReference),
    thumbSize: '',
  })
  return {
    // Above 20 MB GramJS wants a path unless its buffer limit is raised; the bytes come from memory for everyone.
    upload: (bytes) =>
      client.uploadFile({ file: new CustomFile('bench.bin', bytes.length, '', bytes), workers: GRAMJS_DEFAULT_WORKERS, maxBufferSize: bytes.length + 1 }),
    download: async () => (await client.downloadFile(location, { dcId: document.dcId, fileSize: bigInt(SIZE) })) as Buffer,
    close: async () => {
      await client.destroy()
      // GramJS keeps a release timer per exported (media DC) sender past destroy(); clear it so the run can end.
      const timers = (client as unknown as { _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout> })._exportedSenderReleaseTimeouts
      for (const timer of timers.values()) clearTimeout(timer)
    },
  }
}

async function mtcute(sandbox: Sandbox, account: Account, document: StoredDocument): Promise<Transfers> {
  const client = new MtcuteClient({ client: createMtcuteClient(sandbox, { dcId: account.homeDc }) })
  await client.start({ phone: `+${account.phone}`, code: () => account.loginCode, codeSentCallback: () => {} })
  const location: tl.TypeInputFileLocation = {
    _: 'inputDocumentFileLocation',
    // mtcute's longs are long.js values, not bigint.
    id: Long.fromString(document.id.toString()),
    accessHash: Long.fromString(document.accessHash.toString()),
    fileReference: new Uint8Array(document.fileReference),
    thumbSize: '',
  }
  return {
    upload: (bytes) => client.uploadFile({ file: bytes, fileName: 'bench.bin', fileSize: bytes.length }),
    download: () => client.downloadAsBuffer(location, { dcId: document.dcId, fileSize: SIZE }),
    close: () => client.destroy(),
  }
}
