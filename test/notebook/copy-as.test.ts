import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { getLayer } from '../../schema/layer/reference'
import { copyAs, CopyAsError, type CopyTarget } from '../../extension/notebook/copy-as'
import { planCell } from '../../extension/notebook/plan'

const layer = getLayer()
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const outDir = join(root, 'test/notebook/.artifacts/copy-as')

/** Cells covering each kind of value; every method is also in GramJS's older layer. */
const CELLS: Record<string, string> = {
  config: 'help.getConfig()',
  ping: 'ping({ ping_id: 48641868471n })',
  history: 'messages.getHistory({ peer: "me", limit: 5 })',
  markedId: 'messages.getHistory({ peer: -1001234567890n, limit: 1 })',
  ordered: '// ordered\nmessages.sendMessage({ peer: "me", message: "Hello" })\nmessages.sendMessage({ peer: "@grace_hopper", message: "it\'s \\"quoted\\"\\n and \\\\ done" })',
  container: 'help.getConfig()\nusers.getUsers({ id: [{ _: "inputUserSelf" }, "me"] })',
  constructors: 'messages.search({ peer: "me", q: "hello", filter: inputMessagesFilterPhotos(), limit: 10 })',
  bytes: 'messages.getBotCallbackAnswer({ peer: "me", msg_id: 1, data: "payload" })',
  bool: 'account.updateStatus({ offline: true })',
  double: 'contacts.getLocated({ geo_point: { _: "inputGeoPoint", lat: 51.5, long: -0.125 } })',
  nested: 'messages.getStickerSet({ stickerset: inputStickerSetShortName({ short_name: "Animals" }) })',
}

function code(cell: string, target: CopyTarget): string {
  const plan = planCell(cell, { layer })
  assert.equal(plan.runnable, true, `${cell}: ${JSON.stringify(plan.diagnostics)}`)
  return copyAs(plan, target, { layer })
}

/** Type errors of the given files only (the rest of the tree may be mid-change). */
function typeErrors(files: string[]): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const program = ts.createProgram(files, { ...parsed.options, noUnusedLocals: false, noEmit: true })
  const errors = new Map<string, string[]>()
  for (const file of files) {
    const source = program.getSourceFile(file)!
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    errors.set(file, diagnostics.map((d) => `${d.start}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`))
  }
  return errors
}

const PRELUDE: Record<'workbench' | 'gramjs', string> = {
  workbench: [
    "import type { TelegramClient } from '../../../../extension/mtproto/client/telegram-client'",
    "import type { TlResults } from '../../../../schema/codec/generated/types'",
    'declare const client: TelegramClient',
    '',
  ].join('\n'),
  gramjs: ["import type { TelegramClient } from 'telegram'", 'declare const client: TelegramClient', ''].join('\n'),
}

/** A file that compiles only if the copied code does; single calls also check the result's type. */
function typeScriptFile(name: string, target: 'workbench' | 'gramjs', body: string, method?: string): string {
  const path = join(outDir, `${name}.${target}.ts`)
  const resultCheck = target === 'workbench' && method ? `const typed: TlResults['${method}'] = result\n` : ''
  writeFileSync(path, `${PRELUDE[target]}${body}${resultCheck}export {}\n`)
  return path
}

describe('Copy as…', () => {
  it('writes code for our client and for GramJS that type-checks, and the checks catch a wrong field', () => {
    rmSync(outDir, { recursive: true, force: true })
    mkdirSync(outDir, { recursive: true })
    const files: string[] = []
    for (const [name, cell] of Object.entries(CELLS)) {
      const plan = planCell(cell, { layer })
      const method = plan.calls.length === 1 ? plan.calls[0]!.method : undefined
      files.push(typeScriptFile(name, 'workbench', code(cell, 'workbench'), method))
      files.push(typeScriptFile(name, 'gramjs', code(cell, 'gramjs')))
    }
    // Controls: the same code with a misspelt parameter must fail, or the check proves nothing.
    const broken = [
      typeScriptFile('broken', 'workbench', code(CELLS.history!, 'workbench').replace('limit:', 'limmit:'), 'messages.getHistory'),
      typeScriptFile('broken', 'gramjs', code(CELLS.history!, 'gramjs').replace('limit:', 'limmit:')),
      typeScriptFile('broken-long', 'gramjs', code(CELLS.ping!, 'gramjs').replace(/bigInt\(('\d+')\)/, '$1')),
    ]
    const errors = typeErrors([...files, ...broken])
    for (const file of files) assert.deepEqual(errors.get(file), [], file)
    for (const file of broken) assert.ok(errors.get(file)!.length > 0, `${file} should not compile`)
  })

  it('writes Telethon code that Python parses, importing every class it calls', () => {
    mkdirSync(outDir, { recursive: true })
    const files = Object.entries(CELLS).map(([name, cell]) => {
      const path = join(outDir, `${name}.telethon.py`)
      writeFileSync(path, code(cell, 'telethon'))
      return path
    })
    const script = [
      'import ast, sys',
      'for path in sys.argv[1:]:',
      '    tree = ast.parse(open(path).read())',
      '    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}',
      "    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)} - {'client'}",
      "    assert called <= imported, f'{path}: {called - imported} not imported'",
      "    assert all(n.module.startswith('telethon.tl.') for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)), path",
      "print('ok')",
    ].join('\n')
    assert.equal(execFileSync('python3', ['-c', script, ...files], { encoding: 'utf8' }).trim(), 'ok')
  })

  it('copies the import line as the seed docs\' "Copy import" button does', () => {
    // telethon-docs.txt: "from telethon.tl.functions import PingRequest", then PingRequest(ping_id=48641868471).
    assert.equal(
      code(CELLS.ping!, 'telethon'),
      'from telethon.tl.functions import PingRequest\n\nresult = await client(PingRequest(ping_id=48641868471))\n',
    )
    assert.match(code(CELLS.history!, 'telethon'), /^from telethon\.tl\.functions\.messages import GetHistoryRequest\n/)
  })

  it('keeps the container and its order', () => {
    assert.match(code(CELLS.ordered!, 'workbench'), /client\.invoke\(\[\n[\s\S]*\], \{ ordered: true \}\)\n$/)
    assert.match(code(CELLS.ordered!, 'telethon'), /\], ordered=True\)\n$/)
    assert.match(code(CELLS.container!, 'telethon'), /^results = await client\(\[\n {4}GetConfigRequest\(\),\n/m)
    assert.match(code(CELLS.ordered!, 'gramjs'), /const result1 = await[^\n]*\nconst result2 = await/)
  })

  it('writes longs as GramJS expects them, with big-integer imported', () => {
    const gramjs = code(CELLS.ping!, 'gramjs')
    assert.match(gramjs, /^import bigInt from 'big-integer'$/m)
    assert.match(gramjs, /pingId: bigInt\('48641868471'\)/)
  })

  it('refuses a cell that does not plan cleanly', () => {
    assert.throws(() => copyAs(planCell('messages.getHistroy()', { layer }), 'telethon'), CopyAsError)
  })
})
