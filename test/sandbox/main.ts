// `npm run sandbox`: starts the sandbox in the foreground, prints what a client needs and writes it to
// test/sandbox/.run/info.json for tools that connect from another process.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startControlEndpoint } from './control/http-endpoint'
import { startSandbox } from './server'

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0', short: 'p' },
    dcs: { type: 'string', default: '2' },
    data: { type: 'string' },
    'control-port': { type: 'string', default: '0' },
  },
})

async function main(): Promise<void> {
  const dcCount = Number(values.dcs)
  const firstPort = Number(values.port)
  // With --port N the DCs take N, N+1, ...; without it the OS picks free ports.
  const ports = firstPort > 0 ? Array.from({ length: dcCount }, (_, i) => firstPort + i) : 0
  const sandbox = await startSandbox({ dcs: dcCount, host: values.host!, ports, ...(values.data ? { dataDir: values.data } : {}) })

  // Faults and acting as accounts from other processes (the bench, the demo): see control/http-endpoint.ts.
  const control = await startControlEndpoint(sandbox.control, { host: values.host!, port: Number(values['control-port']) })

  const info = {
    dcs: sandbox.dcs,
    controlUrl: control.url,
    rsaPublicKeyPem: sandbox.rsaPublicKeyPem,
    fingerprint: sandbox.fingerprint.toString(),
    accounts: (sandbox.seed?.accounts ?? []).map((account) => ({
      phone: account.phone,
      name: `${account.firstName} ${account.lastName}`.trim(),
      username: account.username,
      userId: account.id.toString(),
      homeDc: account.homeDc,
      loginCode: account.loginCode,
      ...(account.password ? { password: account.password, passwordHint: account.passwordHint } : {}),
    })),
    bot: sandbox.seed && { username: sandbox.seed.bot.username, token: sandbox.seed.bot.token, homeDc: sandbox.seed.bot.homeDc },
    dataDir: values.data ?? null,
    methods: sandbox.world.methods.names(),
  }
  const runDir = join(__dirname, '.run')
  mkdirSync(runDir, { recursive: true })
  writeFileSync(join(runDir, 'info.json'), JSON.stringify(info, null, 2) + '\n')

  console.log('Telegram Workbench sandbox')
  for (const dc of sandbox.dcs) console.log(`  dc ${dc.id}: ${dc.host}:${dc.port}`)
  console.log(`  rsa fingerprint: ${info.fingerprint}`)
  console.log(`  control: ${control.url} (POST JSON: /faults/..., /restart, /act)`)
  if (values.data) console.log(`  data: ${values.data} (state survives restarts)`)
  for (const account of info.accounts) {
    const password = account.password ? `, 2FA password ${account.password}` : ''
    console.log(`  +${account.phone}  ${account.name} (@${account.username}), dc ${account.homeDc}, code ${account.loginCode}${password}`)
  }
  if (info.bot) console.log(`  bot @${info.bot.username}, dc ${info.bot.homeDc}: ${info.bot.token}`)
  console.log(sandbox.rsaPublicKeyPem.trim())
  console.log(`  info written to ${join(runDir, 'info.json')}; Ctrl+C stops`)

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.all([control.close(), sandbox.stop()]).then(() => process.exit(0))
    })
  }
}

void main()
