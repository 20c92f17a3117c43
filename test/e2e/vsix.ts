/**
 * The packaged extension the end-to-end tests install: `npm run package` builds it when it is missing or
 * older than any source that goes into it, so a run of several test files packages it at most once.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(__dirname, '..', '..')
export const vsixPath = join(repoRoot, 'dist', 'telegram-workbench.vsix')

/** Top-level entries that never end up in the .vsix, or are produced by packaging itself. */
const notSources = new Set(['.git', 'node_modules', 'dist', 'test', '.ci', '.demo'])

export function ensurePackagedExtension(): string {
  const packagedAt = modifiedAt(vsixPath)
  if (packagedAt === undefined || newestSource(repoRoot, true) > packagedAt) packageExtension()
  return vsixPath
}

/** Builds the bundles for production and packages them with `npm run package`; returns the .vsix path. */
export function packageExtension(): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  if (result.status !== 0) {
    throw new Error(`npm run package failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`)
  }
  return vsixPath
}

function modifiedAt(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/** The newest modification time of any file under `dir`, skipping what cannot be packaged. */
function newestSource(dir: string, topLevel: boolean): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if ((topLevel && notSources.has(entry.name)) || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, false))
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}
