/**
 * The serializer's mapping between `.tlnb` bytes and the notebook VS Code holds: cells with their
 * kinds, languages and sources, outputs with their mimetypes and metadata, notebook and cell
 * metadata, fields only the file knows, and no secret in what is saved, whatever the outputs held.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import { serialize, type NotebookFile } from '../../extension/notebook/format'
import {
  CODE_CELL,
  EXTRA_KEY,
  MARKUP_CELL,
  outputShapeOf,
  readNotebook,
  writeNotebook,
  type CellShape,
  type NotebookShape,
} from '../../extension/notebook/notebook-data'
import { ERROR_MIME, JSON_MIME, resultOutput, TEXT_MIME, TL_TREE_MIME } from '../../extension/notebook/outputs'

const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const bytesOf = (text: string) => new TextEncoder().encode(text)

/** A notebook as a user leaves it: notes, calls, outputs in several mimetypes, and an image another tool added. */
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe])
const file: NotebookFile = {
  version: 1,
  metadata: { accountKind: 'user', title: 'history checks' },
  cells: [
    { kind: 'markdown', language: 'markdown', source: '# Saved messages\nRead the newest three.' },
    {
      kind: 'code',
      language: 'tl-request',
      source: 'messages.getHistory({ peer: "me", limit: 3 })',
      metadata: { pinned: true },
      outputs: [
        {
          items: [
            { mime: JSON_MIME, data: '{"_":"pong","msg_id":"781875678118","ping_id":"48641868471"}' },
            { mime: TEXT_MIME, data: 'Pong(\n    msg_id=781875678118,\n    ping_id=48641868471\n)' },
          ],
          metadata: { binding: '$1' },
        },
        { items: [{ mime: 'image/png', data: Buffer.from(png).toString('base64'), encoding: 'base64' }] },
      ],
    },
    { kind: 'code', language: 'python', source: 'print("not a request")', extra: { tags: ['aside'] } },
  ],
  extra: { generator: 'a later version' },
}

describe('the .tlnb serializer', () => {
  it('numbers cell kinds as VS Code does', () => {
    const declarations = readFileSync(createRequire(__filename).resolve('@types/vscode/index.d.ts'), 'utf8')
    const start = declarations.indexOf('export enum NotebookCellKind {')
    const kinds = declarations.slice(start, declarations.indexOf('\n\t}', start))
    assert.match(kinds, new RegExp(`Markup = ${MARKUP_CELL},`))
    assert.match(kinds, new RegExp(`Code = ${CODE_CELL}$`))
  })

  it('opens a file as cells with their kinds, languages, sources, metadata and outputs', () => {
    const data = readNotebook(bytesOf(serialize(file)))
    assert.deepEqual(
      data.cells.map((cell) => [cell.kind, cell.languageId, cell.value]),
      [
        [MARKUP_CELL, 'markdown', '# Saved messages\nRead the newest three.'],
        [CODE_CELL, 'tl-request', 'messages.getHistory({ peer: "me", limit: 3 })'],
        [CODE_CELL, 'python', 'print("not a request")'],
      ],
    )
    assert.deepEqual(data.metadata, { accountKind: 'user', title: 'history checks', [EXTRA_KEY]: { generator: 'a later version' } })
    assert.deepEqual(data.cells[1]!.metadata, { pinned: true })
    assert.deepEqual(data.cells[2]!.metadata, { [EXTRA_KEY]: { tags: ['aside'] } })

    const [result, image] = data.cells[1]!.outputs!
    assert.deepEqual(result!.items.map((item) => item.mime), [JSON_MIME, TEXT_MIME])
    assert.equal(utf8(result!.items[1]!.data), 'Pong(\n    msg_id=781875678118,\n    ping_id=48641868471\n)')
    assert.deepEqual(result!.metadata, { binding: '$1' })
    assert.deepEqual([...image!.items[0]!.data], [...png], 'base64 items open as their bytes')
    assert.equal(data.cells[0]!.outputs, undefined)
  })

  it('saves what it opened as the same bytes, keeping fields only the file knows', () => {
    const bytes = bytesOf(serialize(file))
    assert.equal(utf8(writeNotebook(readNotebook(bytes))), utf8(bytes))
  })

  it('saves text outputs as readable text and anything else as base64', () => {
    const saved = JSON.parse(utf8(writeNotebook(readNotebook(bytesOf(serialize(file)))))) as {
      cells: { outputs?: { items: { mime: string; data: string; encoding?: string }[] }[] }[]
    }
    const [result, image] = saved.cells[1]!.outputs!
    assert.equal(result!.items[0]!.data, '{"_":"pong","msg_id":"781875678118","ping_id":"48641868471"}')
    assert.equal(result!.items[0]!.encoding, undefined)
    assert.deepEqual(image!.items[0], { mime: 'image/png', data: Buffer.from(png).toString('base64'), encoding: 'base64' })
  })

  it('saves cells VS Code made: a new code cell is a request, a new markup cell markdown, empty metadata left out', () => {
    const fresh: NotebookShape = {
      cells: [
        { kind: CODE_CELL, value: 'help.getConfig()', languageId: '', metadata: {} },
        { kind: MARKUP_CELL, value: 'A note', languageId: '', outputs: [] },
      ],
    }
    assert.deepEqual(JSON.parse(utf8(writeNotebook(fresh))), {
      format: 'tlnb',
      version: 1,
      metadata: {},
      cells: [
        { kind: 'code', language: 'tl-request', source: 'help.getConfig()' },
        { kind: 'markdown', language: 'markdown', source: 'A note' },
      ],
    })
  })
})

describe('saving a notebook through the serializer never writes secrets', () => {
  it('leaves out credentials a run put in outputs and metadata, in every encoding', () => {
    const exported = randomBytes(128)
    const authKey = randomBytes(256)
    const session = `1${Buffer.concat([Buffer.from([2, 149, 154, 167, 51, 1, 187]), authKey]).toString('base64url')}`
    // Outputs as the controller hands them to VS Code (bytes), and VS Code hands them back on save.
    const exportCell: CellShape = {
      kind: CODE_CELL,
      value: 'auth.exportAuthorization({ dc_id: 2 })',
      languageId: 'tl-request',
      outputs: [outputShapeOf(resultOutput({ _: 'auth.exportedAuthorization', id: 1234567890123n, bytes: exported }, { binding: 1 }))],
      metadata: { lastSession: session },
    }
    const keyCell: CellShape = {
      kind: CODE_CELL,
      value: 'help.getConfig()',
      languageId: 'tl-request',
      outputs: [
        { items: [{ mime: TEXT_MIME, data: bytesOf(`hex ${authKey.toString('hex')}\nbase64 ${authKey.toString('base64')}`) }] },
        { items: [{ mime: ERROR_MIME, data: bytesOf(JSON.stringify({ name: 'Copied', message: session })) }] },
      ],
    }
    const saved = utf8(writeNotebook({ cells: [exportCell, keyCell], metadata: { session } }))

    for (const secret of [exported, authKey]) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        const text = secret.toString(encoding)
        assert.ok(!saved.includes(text.slice(0, 24)), `no ${secret.length}-byte secret as ${encoding}`)
      }
    }
    assert.ok(!saved.includes(session.slice(0, 40)))
    const cells = (JSON.parse(saved) as { cells: { outputs: { items: { mime: string; data: string }[] }[] }[] }).cells
    assert.deepEqual(cells[0]!.outputs[0]!.items.map((item) => item.mime), [TL_TREE_MIME, JSON_MIME, TEXT_MIME], 'the result is still saved')
    assert.ok(cells[0]!.outputs[0]!.items.every((item) => item.data.includes('1234567890123')), 'with what is not secret')
    assert.ok(saved.includes('auth.exportAuthorization({ dc_id: 2 })'), 'sources are saved as written')
  })
})
