// Runs every *.test.ts under the source folders with Node's own test runner, TypeScript loaded by tsx.
// Usage: npm test [-- path-filter ...]. A full run (no filter) type-checks the whole tree first.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ensureGenerated } from '../schema/codec/ensure-generated.mjs'

ensureGenerated()

const roots = ['schema', 'extension', 'language-server', 'webview', 'test']
const skip = new Set(['node_modules', 'dist', '.run', '.artifacts'])

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* testFiles(path)
    else if (entry.name.endsWith('.test.ts')) yield relative('.', path)
  }
}

const filters = process.argv.slice(2)
const files = roots
  .flatMap((root) => [...testFiles(root)])
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()

if (filters.length === 0) {
  const typecheck = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], { stdio: 'inherit' })
  if (typecheck.status !== 0) {
    console.error('Type check failed; fix the errors above before the tests run.')
    process.exit(typecheck.status ?? 1)
  }
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
