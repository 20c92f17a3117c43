// The scratchpad's cell toolbar in a real VS Code against the sandbox: "Copy as…" puts working code for each of
// the three clients on the clipboard (read back in the page, and pasted into an editor), with `$1` replaced by
// the result it names; the number a cell shows is the `$n` of its result; and a reference to a result the
// notebook does not hold is a warning before the cell runs. The steps share one signed-in window, in order.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { COPY_TARGETS, copyAs } from '../../extension/notebook/copy-as'
import { serialize } from '../../extension/notebook/format'
import { planCell } from '../../extension/notebook/plan'
import { ResultStore } from '../../extension/notebook/results'
import type { Sandbox } from '../sandbox/server'
import { openSandboxWindow, signInWithCode, type SandboxWindow, type Workbench } from './harness'

const cells = [
  'messages.getHistory({ peer: "me", limit: 2 })',
  'contacts.resolveUsername({ username: "nobody_by_this_name" })',
  'messages.getMessages({ id: [{ _: "inputMessageID", id: $1.messages[0].id }] })',
  'messages.readHistory({ peer: "me", max_id: $9.messages[0].id })',
]

describe('journey: copying a scratchpad cell as code, on the sandbox', () => {
  let opened: SandboxWindow | undefined
  let sandbox: Sandbox
  let workbench: Workbench

  before(async () => {
    opened = await openSandboxWindow({
      name: 'notebook-copy-as',
      workspaceFiles: {
        'copy.tlnb': serialize({ version: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', language: 'tl-request', source })) }),
      },
    })
    sandbox = opened.sandbox
    workbench = opened.workbench
    await workbench.allowClipboard()
    const ada = sandbox.seed!.accounts.find((account) => account.key === 'ada')!
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await workbench.openNotebook('copy.tlnb')
  })

  after(async () => {
    await opened?.close()
  })

  const cell = (index: number) => workbench.notebookCell(index)
  const executionNumber = async (index: number) => (await cell(index).locator('.execution-count-label').innerText()).trim()

  it('warns about references to results the notebook does not hold, before the cells run', async () => {
    for (const index of [2, 3]) await cell(index).locator('.squiggly-warning').first().waitFor({ state: 'attached' })
    await workbench.screenshot('reference-warnings')
  })

  it('numbers each cell by the $n of its result, and a failed cell with none', async () => {
    await workbench.runNotebookCell(0)
    await workbench.notebookOutputs().getByText('$1 = messages.getHistory').first().waitFor({ state: 'visible' })
    await cell(0).locator('.execution-count-label', { hasText: '[1]' }).waitFor({ state: 'visible' })
    // $1 exists now: the warning on the cell that reads it goes, the one on $9 stays.
    await cell(2).locator('.squiggly-warning').first().waitFor({ state: 'detached' })
    assert.equal(await cell(3).locator('.squiggly-warning').count() > 0, true)

    await workbench.runNotebookCell(1)
    await workbench.notebookOutputs().getByText('USERNAME_NOT_OCCUPIED', { exact: false }).first().waitFor({ state: 'visible' })
    await workbench.runNotebookCell(2)
    await workbench.notebookOutputs().getByText('$2 = messages.getMessages').first().waitFor({ state: 'visible' })
    await cell(2).locator('.execution-count-label', { hasText: '[2]' }).waitFor({ state: 'visible' })
    await workbench.screenshot('execution-numbers')
    assert.deepEqual([await executionNumber(0), await executionNumber(1), await executionNumber(2)], ['[1]', '[ ]', '[2]'])
  })

  it('copies a cell as code for each client from its toolbar, with $1 replaced by the result', async () => {
    // What the cell should copy as: planned against the same result $1 holds, Ada's newest saved messages.
    const ada = sandbox.seed!.accounts.find((account) => account.key === 'ada')!
    const history = await sandbox.control.as(ada.id).invoke({ _: 'messages.getHistory', peer: { _: 'inputPeerSelf' }, offset_id: 0, offset_date: 0, add_offset: 0, limit: 2, max_id: 0, min_id: 0, hash: 0n })
    const results = new ResultStore()
    results.bind(history)
    const plan = planCell(cells[2]!, { results })

    for (const { target, label } of COPY_TARGETS) {
      await cell(2).locator('.view-lines').click()
      const button = cell(2).locator('.cell-title-toolbar .action-label[aria-label^="Copy as"]').first()
      await button.click()
      await workbench.pickItem(label)
      await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden' })
      const expected = copyAs(plan, target)
      // Reading fails while the quick pick still has focus, so a failed read counts as "not yet".
      await workbench.page
        .waitForFunction((text) => navigator.clipboard.readText().then((copied) => copied === text, () => false), expected, { polling: 200 })
        .catch(() => {})
      assert.equal(await workbench.clipboardText(), expected, `the ${label} code on the clipboard`)
    }
    const newest = (history as { messages: { id: number }[] }).messages[0]!.id
    assert.match(await workbench.clipboardText(), new RegExp(`GetMessagesRequest\\(id=\\[InputMessageID\\(id=${newest}\\)\\]\\)`))

    // Pasted into an editor, the Telethon code reads as copied.
    await workbench.runCommand('File: New Untitled Text File')
    const editor = workbench.page.locator('.editor-group-container.active .monaco-editor').first()
    await editor.locator('.view-lines').click()
    await workbench.page.keyboard.press('Control+V')
    await editor.locator('.view-line', { hasText: 'GetMessagesRequest' }).first().waitFor({ state: 'visible' })
    await workbench.screenshot('pasted-telethon')
    const shown = (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ')
    assert.match(shown, /from telethon\.tl\.functions\.messages import GetMessagesRequest/)
    assert.match(shown, new RegExp(`result = await client\\(GetMessagesRequest\\(id=\\[InputMessageID\\(id=${newest}\\)\\]\\)\\)`))
  })
})
