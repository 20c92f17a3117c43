import { startSandbox } from '../sandbox/server'
import { createMtcuteClient, MTCUTE_TRANSPORTS } from './mtcute-sandbox'
async function main() {
  const sandbox = await startSandbox()
  for (const transport of MTCUTE_TRANSPORTS) {
    const lines: string[] = []
    const client = createMtcuteClient(sandbox, { dcId: 2, transport, onLog: (l) => lines.push(l), pingIntervalMs: 200 })
    await client.connect()
    const config = await client.call({ _: 'help.getConfig' })
    console.log(transport, config._, config.thisDc, config.dcOptions.map((d) => `${d.id}:${d.port}`))
    await new Promise((r) => setTimeout(r, 800))
    console.log(lines.filter((l) => /mt_bad|failed because|received pong/i.test(l)).map(l=>l.slice(0,160)).slice(0, 30))
    console.log("destroying"); await client.destroy(); console.log("destroyed")
  }
  await sandbox.stop()
}
void main()
