// Downloading a document from the chat webview in a real VS Code against the sandbox: Katherine sends Ada a
// telemetry file of about 5.5 MiB (the sandbox control hook), Ada opens the chat and clicks Download; a progress bar
// shows while the sandbox holds back file parts, then Open and Reveal appear, the file in the download folder
// setting is byte for byte what the sandbox stores, and Open shows it in an editor. Screenshots in .artifacts/.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { DocumentRecord } from '../sandbox/media/records'
import { startSandbox, type Sandbox } from '../sandbox/server'
import { sandboxSettings, showChatsView, signInWithCode, Workbench } from './harness'

const FILE_NAME = 'flight-telemetry.csv'

/** About 5.5 MiB of CSV: more 1 MiB parts than the client fetches at once (4), so progress shows between rounds. */
function telemetryCsv(): Buffer {
  const lines = ['t,altitude_m,velocity_ms']
  for (let t = 0; lines.length < 250_000; t++) lines.push(`${t},${(120_000 - (t % 100_000) * 1.2).toFixed(1)},${(7_800 - (t % 100_000) * 0.05).toFixed(2)}`)
  return Buffer.from(lines.join('\n') + '\n')
}

describe('journey: downloading a document from the chat webview, on the sandbox', () => {
  let sandbox: Sandbox
  let workbench: Workbench
  let scratch: string
  let downloadDir: string
  let sent: DocumentRecord
  const account = (key: string) => sandbox.seed!.accounts.find((seeded) => seeded.key === key)!
  const view = () => workbench.webviewView()

  before(async () => {
    sandbox = await startSandbox({ log: () => {} })
    scratch = mkdtempSync(join(tmpdir(), 'telegram-workbench-e2e-documents-'))
    downloadDir = join(scratch, 'downloads')
    mkdirSync(downloadDir)
    ;({ document: sent } = await sandbox.control.as(account('katherine').id).sendDocument(
      account('ada').id,
      { bytes: telemetryCsv(), mimeType: 'text/csv', attributes: [{ _: 'documentAttributeFilename', file_name: FILE_NAME }] },
      'Full telemetry of the second pass.',
    ))
    workbench = await Workbench.open({
      name: 'documents',
      settings: { ...sandboxSettings(sandbox, scratch), 'telegramWorkbench.downloadFolder': downloadDir },
    })
    const ada = account('ada')
    await signInWithCode(workbench, ada.phone, ada.loginCode)
    await showChatsView(workbench)
  })

  after(async () => {
    await workbench?.close()
    await sandbox?.stop()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  it('shows the document with its name and size in the chat', async () => {
    await view().locator('.dialog[role="option"]', { hasText: 'Katherine' }).first().click()
    const card = view().locator('.media-file', { hasText: FILE_NAME })
    await card.waitFor({ state: 'visible', timeout: 20_000 })
    assert.match(await card.innerText(), /MB/)
    await workbench.screenshot('document')
  })

  it('shows a progress bar while downloading, then Open and Reveal, and the file is byte-identical', async () => {
    const card = view().locator('.media-file', { hasText: FILE_NAME })
    // The sandbox holds back each file part for a while, so the progress bar stays long enough to be seen.
    const release = sandbox.control.delayResponses(2_000, { method: 'upload.getFile' })
    try {
      await card.getByRole('button', { name: 'Download' }).click()
      await card.locator('[role="progressbar"]').waitFor({ state: 'visible' })
      // Received of total, once the first round of parts is in: "4.0 MB / 5.4 MB".
      const status = card.locator('.media-status').filter({ hasText: /^[1-9][\d.]* [KM]B \/ [\d.]+ MB$/ })
      await status.waitFor({ state: 'visible' })
      await workbench.screenshot('document-downloading')
    } finally {
      release()
    }
    await card.getByRole('button', { name: 'Open' }).waitFor({ state: 'visible', timeout: 60_000 })
    await card.getByRole('button', { name: 'Reveal' }).waitFor({ state: 'visible' })
    assert.equal(await card.locator('[role="progressbar"]').count(), 0, 'the progress bar is gone once done')
    await workbench.screenshot('document-downloaded')

    assert.deepEqual(readdirSync(downloadDir), [FILE_NAME])
    const onDisk = readFileSync(join(downloadDir, FILE_NAME))
    assert.equal(onDisk.length, sent.bytes.length)
    assert.ok(onDisk.equals(Buffer.from(sent.bytes)), 'the downloaded file is byte for byte the one the sandbox stores')
  })

  it('opens the downloaded file in an editor', async () => {
    await view().locator('.media-file', { hasText: FILE_NAME }).getByRole('button', { name: 'Open' }).click()
    const tab = workbench.page.locator('.tabs-container .tab', { hasText: FILE_NAME })
    try {
      await tab.waitFor({ state: 'visible' })
      await workbench.page.locator('.editor-instance .view-lines', { hasText: 't,altitude_m,velocity_ms' }).waitFor({ state: 'visible', timeout: 60_000 })
    } finally {
      await workbench.screenshot('document-opened')
    }
  })
})
