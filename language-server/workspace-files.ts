/**
 * Finds the Telegram TL files in the workspace folders, for navigation across files; a `.tl` file
 * counts only when its text looks like Telegram's TL.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { WorkspaceTlFile } from './service/workspace'
import { looksLikeTelegramTl } from './tl-content'

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test'])
const MAX_FILES = 200
const MAX_DEPTH = 8
/** Larger files are not schemas anyone edits by hand; api.tl is about 250 KB. */
const MAX_BYTES = 4 * 1024 * 1024

export function findWorkspaceTlFiles(folders: readonly string[]): WorkspaceTlFile[] {
  const found: WorkspaceTlFile[] = []
  const visit = (folder: string, depth: number) => {
    let entries
    try {
      entries = readdirSync(folder, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(path, depth + 1)
      } else if (entry.isFile() && entry.name.endsWith('.tl')) {
        try {
          if (statSync(path).size > MAX_BYTES) continue
          const text = readFileSync(path, 'utf8')
          if (looksLikeTelegramTl(text)) found.push({ uri: pathToFileURL(path).href, text })
        } catch {
          // A file that vanished or cannot be read is simply not part of the index.
        }
      }
    }
  }
  for (const folder of folders) visit(folder, 0)
  return found
}
