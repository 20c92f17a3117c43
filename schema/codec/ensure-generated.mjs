// Runs the codec generator when schema/codec/generated/ is missing or older than what it is made
// from (the two .tl files, the generator itself and the printer it writes result types with). Build, test and
// bench call this first.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const outputs = ['generated/types.ts', 'generated/registry.ts'].map((file) => join(here, file))
const inputs = ['../layer/api.tl', '../layer/mtproto.tl', 'generate.ts', 'model.ts', '../tl/printer.ts'].map((file) => join(here, file))

const modified = (file) => (existsSync(file) ? statSync(file).mtimeMs : Number.NEGATIVE_INFINITY)

export function ensureGenerated() {
  const oldestOutput = Math.min(...outputs.map(modified))
  const newestInput = Math.max(...inputs.map(modified))
  if (oldestOutput >= newestInput) return
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'generate.ts')], { stdio: 'inherit' })
  if (result.status !== 0) throw new Error('schema/codec/generate.ts failed')
}
