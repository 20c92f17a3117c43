// The scratchpad's journeys in a real VS Code against the sandbox: a new scratchpad with the account's
// kernel, a history call shown as a tree, a known RPC error with its description and diagnostic, a slow call
// cancelled under the sandbox's delay fault, and the confirmation a dangerous method asks for. The steps
// build on each other (one signed-in window), so they run in order.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { serialize } from '../../extension/notebook/format'
import type { Sandbox } from '../sandbox/server'
import { openSandboxWindow, signInWithCode, type SandboxWindow, type Workbench } from './harness'

const cells = [
  'messages.sendMessage({ peer: "me", message: "Sent from the scratchpad" })',
  'messages.getHistory({ peer: "me", limit: 3 })',
  'contacts.resolveUsername({ username: "nobody_by_this_name" })',
  'help.getNearestDc()',
  'auth.logOut()',
]

describe('journey: the scratchpad, on the sandbox', () => {
  let opened: SandboxWindow | undefined
  let sandbox: Sandbox
  let workbench: Workbench

  before(async () => {
    opened = await openSandboxWindow({
      name: 'notebook',
      workspaceFiles: {
        'scratch.tlnb': serialize({ version: 1, metadata: {}, cells: cells.map((source) => ({ kind: 'code', language: 'tl-request', source })) }),
      },
    })
    sandbox = opened.sandbox
    workbench = opened.workbench
    const ada = sandbox.seed!.accounts.find((account) => account.key === 'ada')!
    await signInWithCode(workbench, ada.phone, ada.loginCode)
  })

  after(async () => {
    await opened?.close()
  })

  const cell = (index: number) => workbench.notebookCell(index)
  const outputFrame = () => workbench.notebookOutputs()
  const runCell = (index: number) => workbench.runNotebookCell(index)

  it('creates a scratchpad whose kernel is the signed-in account', async () => {
    await workbench.runCommand('Telegram: New Scratchpad')
    const kernel = workbench.page.locator('.notebook-toolbar-container .kernel-label, .notebook-toolbar-container [class*="kernel"]', { hasText: 'Ada Lovelace' }).first()
    await kernel.waitFor({ state: 'visible' })
    await workbench.screenshot('new-scratchpad')
    assert.match(await kernel.innerText(), /Ada Lovelace/)
    await cell(0).waitFor({ state: 'visible' })
    await workbench.screenshot('new-scratchpad-cells')
    await workbench.runCommand('View: Revert and Close Editor')
  })

  it('runs a history call and shows the three messages as a tree', async () => {
    await workbench.openNotebook('scratch.tlnb')
    // Ada's saved messages start with two; the first cell adds a third.
    await runCell(0)
    await outputFrame().getByText('$1 = messages.sendMessage').first().waitFor({ state: 'visible' })
    await runCell(1)
    const tree = outputFrame().locator('body')
    await tree.getByText('messages.messages', { exact: false }).first().waitFor({ state: 'visible' })
    await workbench.screenshot('history-tree')
    const text = await tree.innerText()
    assert.match(text, /\$2 = messages\.getHistory/)
    assert.match(text, /messages\s*:\s*Vector\s*\[3\]/, 'the list of messages says it holds 3')
  })

  it('shows a known RPC error with its description, and a diagnostic on the call', async () => {
    await runCell(2)
    // VS Code's own error renderer draws the output, in the same output webview as the tree.
    const error = outputFrame().getByText('USERNAME_NOT_OCCUPIED (400) from contacts.resolveUsername', { exact: false }).first()
    await error.waitFor({ state: 'visible' })
    const squiggle = cell(2).locator('.squiggly-error').first()
    await squiggle.waitFor({ state: 'attached' })
    await workbench.screenshot('rpc-error')
    assert.match(await outputFrame().locator('body').innerText(), /Change the parameters/)
  })

  it('cancels a slow call held back by the sandbox', async () => {
    // The cell list is virtual: with the outputs gone, every cell is on screen again.
    await workbench.runCommand('Notebook: Clear All Outputs')
    const clear = sandbox.control.delayResponses(60_000, { method: 'help.getNearestDc' })
    try {
      await runCell(3)
      await cell(3).locator('.codicon-notebook-state-executing, .codicon-loading, .codicon-sync').first().waitFor({ state: 'visible' })
      await workbench.runCommand('Notebook: Stop Execution')
      await cell(3).locator('.codicon-notebook-state-executing, .codicon-loading, .codicon-sync').first().waitFor({ state: 'detached' })
      await outputFrame().getByText('The cell was interrupted', { exact: false }).first().waitFor({ state: 'visible' })
      await workbench.screenshot('cancelled')
    } finally {
      clear()
    }
  })

  it('asks for confirmation, naming the account, before a dangerous method', async () => {
    await runCell(4)
    const dialog = workbench.page.locator('.monaco-dialog-box')
    await dialog.waitFor({ state: 'visible' })
    await workbench.screenshot('dangerous-confirmation')
    assert.match(await dialog.innerText(), /Run auth\.logOut as Ada Lovelace\?/)
    await workbench.answerDialog('Cancel')
    const ada = sandbox.seed!.accounts.find((account) => account.key === 'ada')!
    assert.equal(sandbox.world.authorizations.ofAccount(ada.id).length, 1, 'the session was not logged out')
  })
})
