/**
 * The client against the in-process sandbox, side by side with GramJS and mtcute pointed at the same sandbox:
 * - key exchange: a fresh client connects, creates its auth key and gets help.getConfig; median of 20;
 * - request round trip: 1,000 help.getConfig issued at once on a connected client; requests per second.
 */
import { Api } from 'telegram'
import { parseRsaPublicKey } from '../../extension/mtproto/crypto/rsa'
import { MtprotoClient } from '../../extension/mtproto/network'
import { startSandbox } from '../sandbox/server'
import { createGramJsClient } from '../support/gramjs-sandbox'
import { createMtcuteClient } from '../support/mtcute-sandbox'
import type { Bench } from './harness'

const KEY_EXCHANGE_RUNS = 20
const CONCURRENT_REQUESTS = 1000
const ROUND_TRIP_RUNS = 5

export default async function (b: Bench): Promise<void> {
  const sandbox = await startSandbox()
  const rsaKeys = [parseRsaPublicKey(sandbox.rsaPublicKeyPem)]
  const ours = () => new MtprotoClient({ dcs: sandbox.dcs, rsaKeys, apiId: 1, transport: 'intermediate' })
  try {
    const oursKey = await b.medianMs(async () => {
      const client = ours()
      await client.invoke({ _: 'help.getConfig' })
      client.close()
    }, KEY_EXCHANGE_RUNS)
    const gramjsKey = await b.medianMs(async () => {
      const client = createGramJsClient(sandbox, { transport: 'full' })
      await client.connect()
      await client.invoke(new Api.help.GetConfig())
      await client.destroy()
    }, KEY_EXCHANGE_RUNS)
    const mtcuteKey = await b.medianMs(async () => {
      const client = createMtcuteClient(sandbox)
      await client.connect()
      await client.call({ _: 'help.getConfig' })
      await client.destroy()
    }, KEY_EXCHANGE_RUNS)
    b.record({
      name: 'key exchange + first help.getConfig (sandbox)',
      unit: 'ms',
      higherIsBetter: false,
      ours: oursKey,
      peers: [
        { who: 'gramjs', value: gramjsKey },
        { who: 'mtcute', value: mtcuteKey },
      ],
      note: `median of ${KEY_EXCHANGE_RUNS}, fresh client each run`,
    })

    const client = ours()
    await client.invoke({ _: 'help.getConfig' })
    const oursBurst = await b.medianMs(
      () => Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => client.invoke({ _: 'help.getConfig' }))),
      ROUND_TRIP_RUNS,
    )
    client.close()

    const gramjs = createGramJsClient(sandbox, { transport: 'full' })
    await gramjs.connect()
    await gramjs.invoke(new Api.help.GetConfig())
    const gramjsBurst = await b.medianMs(
      () => Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => gramjs.invoke(new Api.help.GetConfig()))),
      ROUND_TRIP_RUNS,
    )
    await gramjs.destroy()

    b.record({
      name: `${CONCURRENT_REQUESTS} concurrent help.getConfig (sandbox)`,
      unit: 'req/s',
      higherIsBetter: true,
      ours: (CONCURRENT_REQUESTS * 1000) / oursBurst,
      peers: [{ who: 'gramjs', value: (CONCURRENT_REQUESTS * 1000) / gramjsBurst }],
      note: `median of ${ROUND_TRIP_RUNS} bursts`,
    })
  } finally {
    await sandbox.stop()
  }
}
