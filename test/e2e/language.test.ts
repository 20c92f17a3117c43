// Journey 4: the TL language server in a real VS Code. Hover on a method in the bundled api.tl opened from the
// workspace shows its reference, and completion in a TypeScript file that calls `client.invoke` offers layer
// methods. The expected documentation comes from the @mtcute/tl package data, not from our own server.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Workbench } from './harness'
import { repoRoot } from './vsix'

interface MtcuteEntry {
  kind: 'class' | 'method'
  name: string
  type: string
  comment?: string
}
const mtcuteSchema = require('@mtcute/tl/api-schema.json') as { e: MtcuteEntry[] }
const mtcuteMethod = (name: string) => mtcuteSchema.e.find((entry) => entry.kind === 'method' && entry.name === name)!

const apiTl = readFileSync(join(repoRoot, 'schema', 'layer', 'api.tl'), 'utf8')
const lineOf = (text: string, prefix: string) => text.split('\n').findIndex((line) => line.startsWith(prefix)) + 1

// The cursor ends inside the method name, where a developer asks for completion.
const clientSource = [
  "import type { TelegramClient } from './client'",
  '',
  'export async function recentMessages(client: TelegramClient) {',
  "  return client.invoke({ _: 'messages.getHis",
].join('\n')

describe('journey: TL language features in the editor', () => {
  let workbench: Workbench

  before(async () => {
    workbench = await Workbench.open({
      name: 'language',
      workspaceFiles: { 'schema/api.tl': apiTl, 'src/history.ts': clientSource },
    })
  })

  after(async () => {
    await workbench?.close()
  })

  it('hovering a method name in api.tl shows its definition, description and result type', async () => {
    const { editors } = workbench
    await editors.open('schema/api.tl')
    await editors.goToLine(lineOf(apiTl, 'messages.getHistory#'))
    const hover = await editors.hover(editors.line('messages.getHistory#'), 'getHistory')
    await workbench.screenshot('hover-api-tl')

    assert.match(hover, /^messages\.getHistory#4423e6c5 peer:InputPeer/)
    assert.ok(hover.includes(mtcuteMethod('messages.getHistory').comment!), hover)
    assert.match(hover, /Returns\s+messages\.Messages/)
  })

  it('completion in a TypeScript call to client.invoke offers the layer method being typed', async () => {
    const { editors, page } = workbench
    await editors.open('src/history.ts')
    await page.keyboard.press('Control+End')
    await editors.complete()
    // TypeScript's own suggestions can show first; ours joins them when the language server answers.
    const row = editors.suggestion('messages.getHistory')
    await row.first().waitFor({ state: 'visible' })
    await workbench.screenshot('completion-invoke')

    const labels = await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts()
    const methods = mtcuteSchema.e.filter((entry) => entry.kind === 'method').map((entry) => entry.name)
    const offered = labels.filter((label) => label.startsWith('messages.getHis'))
    assert.deepEqual(offered, methods.filter((name) => name.startsWith('messages.getHis')))
  })
})
