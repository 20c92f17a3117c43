/**
 * The terminal runner end to end: a .tlnb file run against the sandbox in a child process, with the
 * session from TG_SESSION, from the OS keychain under a headless secret service, and with neither.
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sessionToString } from '../../extension/mtproto'
import { serialize } from '../../extension/notebook/format'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { seeded, signedInClient } from '../client/support'

const ROOT = join(__dirname, '../..')
const CLI = join(ROOT, 'extension/cli/main.ts')

let sandbox: Sandbox
let work: string
let infoFile: string
let session: string

before(async () => {
  sandbox = await startSandbox({ log: () => {} })
  work = mkdtempSync(join(tmpdir(), 'tlnb-cli-'))
  infoFile = join(work, 'info.json')
  writeFileSync(infoFile, JSON.stringify({ dcs: sandbox.dcs, rsaPublicKeyPem: sandbox.rsaPublicKeyPem }))
  const client = await signedInClient(sandbox, 'ada')
  session = sessionToString(client.session)
  await client.disconnect()
})
after(async () => {
  await sandbox.stop()
  rmSync(work, { recursive: true, force: true })
})

function notebook(name: string, ...sources: string[]): string {
  const file = join(work, name)
  writeFileSync(file, serialize({ version: 1, metadata: {}, cells: sources.map((source) => ({ kind: 'code', language: 'tl-request', source })) }))
  return file
}

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command line in a child process; `env` replaces the environment's Telegram variables. */
function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<Ran> {
  const base = { ...process.env }
  for (const key of ['TG_SESSION', 'DBUS_SESSION_BUS_ADDRESS', 'DISPLAY']) delete base[key]
  const child = spawn(command, args, { cwd: ROOT, env: { ...base, ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

const cli = (args: string[], env: Record<string, string | undefined> = {}) => run(process.execPath, ['--import', 'tsx', CLI, ...args], env)

describe('telegram-workbench run', () => {
  it('runs the cells in order with the TG_SESSION session and prints one JSON result per line', async () => {
    const file = notebook('ok.tlnb', 'help.getNearestDc()', 'users.getUsers({ id: ["me"] })', 'users.getUsers({ id: [{ _: "inputUser", user_id: $2[0].id, access_hash: $2[0].access_hash }] })')
    const ran = await cli(['run', file, '--sandbox-info', infoFile], { TG_SESSION: session })
    assert.equal(ran.code, 0, ran.stderr)
    const lines = ran.stdout.trim().split('\n').map((line) => JSON.parse(line) as { _?: string; id?: string }[] & { _?: string })
    assert.equal(lines.length, 3)
    assert.equal(lines[0]!._, 'nearestDc')
    const ada = seeded(sandbox, 'ada').id.toString()
    assert.equal(lines[1]![0]!.id, ada, 'longs are printed as decimal strings')
    assert.equal(lines[2]![0]!.id, ada, 'the third cell read $2')
  })

  it('prints results in the stringify form on request', async () => {
    const ran = await cli(['run', notebook('text.tlnb', 'help.getNearestDc()'), '--sandbox-info', infoFile, '--format', 'stringify'], { TG_SESSION: session })
    assert.equal(ran.code, 0, ran.stderr)
    assert.match(ran.stdout, /^NearestDc\(\n {4}country=/)
  })

  it('exits non-zero at the first failing cell, with the error described, and runs nothing after it', async () => {
    const file = notebook('fails.tlnb', 'contacts.resolveUsername({ username: "nobody_by_this_name" })', 'help.getNearestDc()')
    const ran = await cli(['run', file, '--sandbox-info', infoFile], { TG_SESSION: session })
    assert.equal(ran.code, 1)
    assert.match(ran.stderr, /USERNAME_NOT_OCCUPIED \(400\) from contacts\.resolveUsername/)
    assert.equal(ran.stdout, '')
  })

  it('refuses a dangerous method unless --allow-dangerous is given', async () => {
    const ran = await cli(['run', notebook('danger.tlnb', 'auth.logOut()'), '--sandbox-info', infoFile], { TG_SESSION: session })
    assert.equal(ran.code, 1)
    assert.match(ran.stderr, /--allow-dangerous/)
  })

  it('says how to give a session when TG_SESSION is unset and no keychain answers', async () => {
    const ran = await cli(['run', notebook('nokey.tlnb', 'help.getNearestDc()'), '--sandbox-info', infoFile])
    assert.equal(ran.code, 2)
    assert.match(ran.stderr, /OS keychain/)
    assert.match(ran.stderr, /set TG_SESSION to a string session/)
  })

  it('reads the session from the OS keychain under a headless secret service', async (t) => {
    const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
    if (missing.length > 0) return t.skip(`${missing.join(' and ')} not installed (the e2e prerequisites install gnome-keyring)`)
    const file = notebook('keychain.tlnb', 'users.getUsers({ id: ["me"] })')
    const sessionFile = join(work, 'session.txt')
    writeFileSync(sessionFile, session)
    const tool = `"${process.execPath}" --import tsx "${CLI}"`
    // One D-Bus session for both commands: the keyring lives as long as it does.
    const script = [
      'eval "$(printf workbench | gnome-keyring-daemon --unlock --components=secrets)"',
      `${tool} store-session --account ci < "${sessionFile}"`,
      `${tool} run "${file}" --sandbox-info "${infoFile}" --account ci`,
    ].join(' && ')
    const ran = await run('dbus-run-session', ['--', 'sh', '-c', script], { HOME: work })
    assert.equal(ran.code, 0, ran.stderr)
    assert.equal((JSON.parse(ran.stdout.trim()) as { id: string }[])[0]!.id, seeded(sandbox, 'ada').id.toString())
  })
})
