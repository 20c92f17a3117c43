/**
 * RPC errors the notebook reports after a run become diagnostics on the failed call, described
 * from the @mtcute/tl error data, and go away when the cell changes.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DiagnosticSeverity, type Range } from 'vscode-languageserver-protocol'
import { RuntimeErrorNotification } from '../../language-server/protocol'
import { LspSession } from './lsp-session'

const rawErrors = require('@mtcute/tl/raw-errors.json') as { errors: Record<string, { code: number; description?: string }> }
const apiSchema = require('@mtcute/tl/api-schema.json') as { e: { name: string; throws?: { name: string; comment: string }[] }[] }

describe('runtime errors reported by the notebook', () => {
  let session: LspSession
  const notebook = 'file:///runtime/errors.tlnb'
  const cell = 'messages.getHistory({ peer: "me", limit: 10, offset_id: 0, offset_date: 0, add_offset: 0, max_id: 0, min_id: 0, hash: 0n })'
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: cell.length } }
  let cellUri: string

  before(async () => {
    session = await LspSession.start()
    ;[cellUri] = (await session.openNotebook(notebook, [cell, cell, cell, cell]))
  })
  after(() => session.stop())

  async function report(uri: string, code: number, message: string) {
    let published = session.nextDiagnostics(uri)
    await session.connection.sendNotification(RuntimeErrorNotification, { uri, range, error: { code, message } })
    // The cell's own diagnostics from opening it may arrive first.
    for (;;) {
      const { diagnostics } = await published
      const runtime = diagnostics.filter((diagnostic) => diagnostic.source === 'telegram')
      if (runtime.length > 0) return runtime
      published = session.nextDiagnostics(uri)
    }
  }

  it('says how long to wait after FLOOD_WAIT_X', async () => {
    const [diagnostic] = await report(cellUri, 420, 'FLOOD_WAIT_30')
    const description = rawErrors.errors['FLOOD_WAIT_%d']!.description!.replace('%d', '30')
    assert.equal(diagnostic!.message, `Telegram answered FLOOD_WAIT_30 (420): ${description}. Wait 30 seconds before running it again.`)
    assert.equal(diagnostic!.severity, DiagnosticSeverity.Warning)
    assert.equal(diagnostic!.code, 'FLOOD_WAIT_30')
    assert.deepEqual(diagnostic!.range, range)
  })

  it('says a *_MIGRATE_X error was handled', async () => {
    const uri = cellUri.replace('#cell0', '#cell1')
    const [diagnostic] = await report(uri, 303, 'PHONE_MIGRATE_2')
    const description = rawErrors.errors['PHONE_MIGRATE_%d']!.description!.replace('%d', '2')
    assert.equal(diagnostic!.message, `Telegram answered PHONE_MIGRATE_2 (303): ${description}. The client moved to DC 2 and repeated the call; nothing to do.`)
    assert.equal(diagnostic!.severity, DiagnosticSeverity.Information)
  })

  it("uses the called method's own description of an error", async () => {
    const uri = cellUri.replace('#cell0', '#cell2')
    const [diagnostic] = await report(uri, 400, 'CHANNEL_INVALID')
    const own = apiSchema.e.find((entry) => entry.name === 'messages.getHistory')!.throws!.find((row) => row.name === 'CHANNEL_INVALID')!
    assert.equal(diagnostic!.message, `Telegram answered CHANNEL_INVALID (400): ${own.comment}`)
    assert.equal(diagnostic!.severity, DiagnosticSeverity.Error)
  })

  it('names an error nobody documented', async () => {
    const uri = cellUri.replace('#cell0', '#cell3')
    const [diagnostic] = await report(uri, 400, 'SOMETHING_NEW_HAPPENED')
    assert.equal(diagnostic!.message, 'Telegram answered SOMETHING_NEW_HAPPENED (400). No description is known for this error.')
  })

  it('drops the diagnostic once the cell changes', async () => {
    const published = session.nextDiagnostics(cellUri)
    await session.editCell(notebook, cellUri, cell.replace('limit: 10', 'limit: 20'))
    const { diagnostics } = await published
    assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.source === 'telegram'), [])
  })
})
