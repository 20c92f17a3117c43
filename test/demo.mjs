// `npm run demo`. For now it starts the sandbox, so independent clients (and our own) can be pointed at it.
// Starting VS Code (code-server) with the extension signed in to a sandbox account comes with the
// extension-host work; until then this says so instead of pretending.
import { spawn } from 'node:child_process'

console.log('Telegram Workbench demo: the VS Code part is not built yet; starting the sandbox server alone.\n')
const sandbox = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/main.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => sandbox.kill(signal))
sandbox.on('exit', (code) => process.exit(code ?? 0))
